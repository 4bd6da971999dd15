"""E-mail to the person concerned and their Division Administrators, sent after commit."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from accounts.models import User


def _division_admin_emails(user: User) -> list[str]:
    division = user.division
    admins = [division.primary_admin, division.secondary_admin] if division else []
    return [a.email for a in admins if a is not None and a.email and a.pk != user.pk]


def notify(*, user: User, subject: str, body: str, copy_admins: bool = True) -> None:
    """Queue an e-mail to the user (and their division's administrators) once the change commits."""
    recipients = [user.email] if user.email else []
    if copy_admins:
        recipients += _division_admin_emails(user)
    if not recipients:
        return
    transaction.on_commit(
        lambda: send_mail(
            f"[ALPR] {subject}", body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=False
        )
    )

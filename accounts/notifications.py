"""E-mail to the person concerned and their Division Administrators: queued after commit, sent by
a Celery task that retries, so a mail outage never stops a policy job nor turns an administrator's
committed change into an error page (issue 8, bypass 8)."""

import logging
import smtplib

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from kombu.exceptions import OperationalError as KombuOperationalError

from accounts.models import User

logger = logging.getLogger(__name__)

# Retried with exponential backoff (1 s, 2 s, 4 s ... capped at an hour) for about a day.
NOTICE_MAX_RETRIES = 30


def _division_admin_emails(user: User) -> list[str]:
    division = user.division
    admins = [division.primary_admin, division.secondary_admin] if division else []
    return [a.email for a in admins if a is not None and a.email and a.pk != user.pk]


@shared_task(
    name="accounts.notice_send",
    autoretry_for=(smtplib.SMTPException, OSError),
    retry_backoff=True,
    retry_backoff_max=3600,
    max_retries=NOTICE_MAX_RETRIES,
)
def notice_send(recipients: list[str], subject: str, body: str) -> int:
    """Send one notice; a refused or unreachable mail server retries the task, not the change."""
    return send_mail(
        f"[ALPR] {subject}", body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=False
    )


def _enqueue(recipients: list[str], subject: str, body: str) -> None:
    try:
        notice_send.delay(recipients, subject, body)
    except KombuOperationalError:
        # The change is committed and recorded; a broker outage loses only this e-mail, which
        # the log shows. Re-raising here would give the administrator an error page for a
        # change that happened.
        logger.exception("Notice %r to %s could not be queued", subject, recipients)


def notify(*, user: User, subject: str, body: str, copy_admins: bool = True) -> None:
    """Queue an e-mail to the user (and their division's administrators) once the change commits.
    Nothing is queued if the change rolls back."""
    recipients = [user.email] if user.email else []
    if copy_admins:
        recipients += _division_admin_emails(user)
    if not recipients:
        return
    transaction.on_commit(lambda: _enqueue(recipients, subject, body), robust=True)

"""Suspension of accounts unused for the agency's inactivity period (53060.5(c)(2)(D), 429.4)."""

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import AccountStatus, Agency, User
from accounts.notifications import notify
from accounts.services import acts
from accounts.services.governance import snapshot
from accounts.services.people import _lock, person_record


def accounts_suspend_inactive(
    *, agency: Agency, now: datetime | None = None, dry_run: bool = False
) -> list[str]:
    """Suspend accounts with no ALPR access for the agency's inactivity period (53060.5(c)(2)(D),
    429.4); never-used accounts count from their grant. Returns the usernames (would be) suspended."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=agency.inactivity_suspension_days)
    idle = (
        User.objects.filter(agency=agency, status=AccountStatus.ACTIVE)
        .filter(
            # Idle: neither used nor (re)granted within the period.
            Q(last_alpr_access_at__lt=cutoff) | Q(last_alpr_access_at__isnull=True),
            access_granted_at__lt=cutoff,
        )
        .order_by("username")
    )
    names = list(idle.values_list("username", flat=True))
    if dry_run:
        return names
    for user in idle:
        with transaction.atomic():
            user = _lock(user)
            if user.status != AccountStatus.ACTIVE:
                continue
            before = snapshot(user, acts.PERSON_FIELDS)
            user.status = AccountStatus.SUSPENDED
            user.suspended_at = now
            user.save(update_fields=["status", "suspended_at"])
            last = user.last_alpr_access_at or user.access_granted_at
            person_record(
                actor=None,
                user=user,
                action=acts.ACCOUNT_SUSPENDED,
                before=before,
                reason=f"No ALPR access for {agency.inactivity_suspension_days} days.",
                last_access=last.isoformat() if last else None,
            )
            notify(
                user=user,
                subject="ALPR account suspended for inactivity",
                body="Your ALPR account was not used for 12 months and is suspended. Complete the "
                "required training again; your Division Administrator can then reactivate it.",
            )
    return names

"""Log rows at a chosen time, for the log filters' tests."""

from datetime import timedelta

from django.utils import timezone

from accounts.models import GovernanceRecord
from accounts.services import acts
from alpr_governance.appendonly import chain_append


def old_record(person, *, days: int, reason: str = "An old act") -> GovernanceRecord:
    """A record written `days` ago, appended to the agency's chain as the service would."""
    return chain_append(
        GovernanceRecord,
        agency_id=person.agency_id,
        division_id=person.division_id,
        actor_id=None,
        actor_username="",
        action=acts.ACCOUNT_SUSPENDED,
        subject_type="accounts.user",
        subject_id=str(person.pk),
        subject_user_id=person.pk,
        subject_label=str(person),
        before={"status": "active"},
        after={"status": "suspended"},
        reason=reason,
        at=timezone.now() - timedelta(days=days),
    )

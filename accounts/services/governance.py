"""The governance record: one append-only row for every administrative act (DESIGN.md section 3)."""

from django.db import models

from accounts.models import Agency, Division, GovernanceRecord, User
from alpr_governance.appendonly import _canonical, chain_append


def snapshot(instance: models.Model, fields: list[str] | tuple[str, ...]) -> dict:
    """The values of `fields` of `instance`, as the record stores them (before/after)."""
    values = {}
    for name in fields:
        value = getattr(instance, name)
        if isinstance(value, models.Model):
            value = value.pk
        values[name] = value
    # JSON-native (dates as ISO text) so the stored row and its sealed hash agree on reload.
    return _canonical(values)


def governance_record(
    *,
    actor: User | None,
    agency: Agency,
    action: str,
    subject: models.Model,
    before: dict | None = None,
    after: dict | None = None,
    reason: str = "",
    division: Division | None = None,
    client_address: str | None = None,
) -> GovernanceRecord:
    """Record one administrative act, in the caller's transaction. `actor` None means a
    scheduled job; `subject` is the row acted on (a person, a camera, a setting's owner...)."""
    subject_user = subject if isinstance(subject, User) else None
    if division is None and subject_user is not None:
        division = subject_user.division
    return chain_append(
        GovernanceRecord,
        agency_id=agency.pk,
        division_id=division.pk if division is not None else None,
        actor_id=actor.pk if actor is not None else None,
        actor_username=actor.username if actor is not None else "",
        action=action,
        subject_type=subject._meta.label_lower,
        subject_id=str(subject.pk or ""),
        subject_user_id=subject_user.pk if subject_user is not None else None,
        subject_label=str(subject)[:200],
        before=_canonical(before or {}),
        after=_canonical(after or {}),
        reason=reason,
        client_address=client_address,
    )

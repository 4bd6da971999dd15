"""The yearly review of each person's approval (DOJ 429.4, 429.6)."""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import AccountStatus, Agency, ReapprovalItem, User
from accounts.services import acts
from accounts.services.governance import governance_record, snapshot
from accounts.services.people import _lock, _revoke_locked, person_record
from accounts.services.refusals import require_may_act


def reapproval_open_due(
    *, agency: Agency, now: datetime | None = None, dry_run: bool = False
) -> int:
    """Open a review for each active person whose yearly approval falls due within 30 days
    (429.6). Idempotent: one open review per person."""
    if not agency.reapproval_days:
        return 0
    now = now or timezone.now()
    horizon = now + timedelta(days=30) - timedelta(days=agency.reapproval_days)
    open_items = ReapprovalItem.objects.filter(decided_at__isnull=True).values("user_id")
    due = User.objects.filter(
        agency=agency, status=AccountStatus.ACTIVE, last_approved_at__lte=horizon
    ).exclude(pk__in=open_items)
    if dry_run:
        return due.count()
    opened = 0
    for user in due:
        with transaction.atomic():
            item = ReapprovalItem.objects.create(
                agency=agency,
                user=user,
                due_at=user.last_approved_at + timedelta(days=agency.reapproval_days),
            )
            governance_record(
                actor=None,
                agency=agency,
                action=acts.REAPPROVAL_OPENED,
                subject=user,
                after={"reapproval": item.pk, "due_at": item.due_at},
            )
            opened += 1
    return opened


def reapproval_open(
    *, actor: User, subject: User, now: datetime | None = None, client_address: str | None = None
) -> ReapprovalItem:
    """Open the yearly review of one person now (429.6), for an administrator who finds it
    overdue on the person page before the nightly job opened it. Idempotent: the open review if
    there is one."""
    require_may_act(actor, subject, act=acts.REAPPROVAL_OPENED, client_address=client_address)
    now = now or timezone.now()
    with transaction.atomic():
        user = _lock(subject)
        item = ReapprovalItem.objects.filter(user=user, decided_at__isnull=True).first()
        if item is not None:
            return item
        approved = user.last_approved_at or user.access_granted_at or now
        item = ReapprovalItem.objects.create(
            agency=user.agency,
            user=user,
            due_at=approved + timedelta(days=user.agency.reapproval_days or 0),
        )
        governance_record(
            actor=actor,
            agency=user.agency,
            action=acts.REAPPROVAL_OPENED,
            subject=user,
            after={"reapproval": item.pk, "due_at": item.due_at},
            client_address=client_address,
        )
    return item


def reapproval_decide(
    *,
    actor: User,
    item: ReapprovalItem,
    approve: bool,
    note: str = "",
    client_address: str | None = None,
) -> ReapprovalItem:
    """Approve a person for another year or end their access (429.6). Nobody re-approves
    themselves; ending a higher role's access needs that role."""
    require_may_act(
        actor,
        item.user,
        act=acts.REAPPROVED if approve else acts.ACCESS_REVOKED,
        client_address=client_address,
        ending=not approve,
    )
    with transaction.atomic():
        item = ReapprovalItem.objects.select_for_update().get(pk=item.pk)
        if item.decided_at is not None:
            return item
        user = _lock(item.user)
        now = timezone.now()
        item.decided_at, item.decided_by, item.note = now, actor, note
        item.decision = (
            ReapprovalItem.Decision.APPROVED if approve else ReapprovalItem.Decision.REVOKED
        )
        item.save(update_fields=["decided_at", "decided_by", "note", "decision"])
        if approve:
            before = snapshot(user, acts.PERSON_FIELDS)
            user.last_approved_at = now
            user.save(update_fields=["last_approved_at"])
            person_record(
                actor=actor,
                user=user,
                action=acts.REAPPROVED,
                before=before,
                reason=note,
                client_address=client_address,
            )
        else:
            _revoke_locked(
                actor=actor,
                user=user,
                reason=note or "Not re-approved at the yearly review.",
                address=client_address,
            )
    return item

"""Provisioning: requests, grants, revocations, separation, eligibility exceptions, the End User
Agreement, re-approval and inactivity suspension (53060.5, 53060.7, 429.4-429.6). Every change
writes a ProvisioningEvent in the same transaction."""

import hashlib
from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import (
    DIVISION_ADMIN_ROLES,
    AccountStatus,
    Agency,
    AgreementSignature,
    AgreementVersion,
    ApiToken,
    Division,
    ExceptionApproval,
    ProvisioningEvent,
    ReapprovalItem,
    Role,
    User,
)
from accounts.notifications import notify
from accounts.services.access import classification_is_eligible
from accounts.services.tenancy import _sync_division_permissions, staff_account_create
from alpr_governance.uploads import inert_upload

Action = ProvisioningEvent.Action


def event_record(
    *,
    actor: User | None,
    subject: User | None,
    action: str,
    agency: Agency,
    reason: str = "",
    **details,
) -> ProvisioningEvent:
    return ProvisioningEvent.objects.create(
        agency=agency,
        division=subject.division if subject is not None else None,
        actor=actor,
        subject=subject,
        action=action,
        reason=reason,
        details=details,
    )


def _administered(actor: User, subject: User) -> User:
    """Re-check at write time that the actor administers the subject's division; lock the row."""
    from accounts.selectors import user_list_for_admin

    if not user_list_for_admin(user=actor).filter(pk=subject.pk).exists():
        raise PermissionDenied("You do not administer this person's division.")
    return User.objects.select_for_update().get(pk=subject.pk)


# --- Requests, grants, revocation, separation -------------------------------------------


@transaction.atomic
def access_request(
    *,
    actor: User,
    division: Division,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    job_classification: str,
    rank_title: str = "",
    reason: str = "",
) -> User:
    """Open an access request for a new person: a pending account in a division the actor runs."""
    from accounts.selectors import divisions_administered_by

    if not divisions_administered_by(user=actor).filter(pk=division.pk).exists():
        raise PermissionDenied("You do not administer this division.")
    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": "This username is taken."})
    user = staff_account_create(
        division=division,
        username=username,
        password=None,
        role=Role.END_USER,
        first_name=first_name,
        last_name=last_name,
        email=email,
        job_classification=job_classification,
        rank_title=rank_title,
        status=AccountStatus.PENDING,
    )
    event_record(
        actor=actor,
        subject=user,
        action=Action.ACCESS_REQUESTED,
        agency=division.agency,
        reason=reason,
        classification=job_classification,
    )
    return user


def grant_blockers(user: User, *, now: datetime | None = None) -> list[str]:
    """What still stands between this person and a grant, in words an administrator acts on."""
    from accounts.services.access import (
        AGREEMENT_MISSING,
        AGREEMENT_OUTDATED,
        CLASSIFICATION_NOT_ELIGIBLE,
        TRAINING_EXPIRED,
        TRAINING_MISSING,
        access_standing,
    )

    checked = {
        CLASSIFICATION_NOT_ELIGIBLE,
        AGREEMENT_MISSING,
        AGREEMENT_OUTDATED,
        TRAINING_MISSING,
        TRAINING_EXPIRED,
    }
    return [r.message for r in access_standing(user, now=now).reasons if r.code in checked]


@transaction.atomic
def access_grant(
    *, actor: User, subject: User, reason: str = "", now: datetime | None = None
) -> User:
    """Grant ALPR access once eligible (or excepted), agreement signed, training current
    (53060.5(c)(1)(A)-(C), 53060.7(b)(1)-(2), 429.4)."""
    user = _administered(actor, subject)
    now = now or timezone.now()
    if user.status == AccountStatus.SEPARATED:
        raise ValidationError("A separated account cannot be granted access again.")
    blockers = grant_blockers(user, now=now)
    if blockers:
        raise ValidationError(["Access cannot be granted yet:", *blockers])
    if user.status == AccountStatus.ACTIVE:
        return user
    user.status = AccountStatus.ACTIVE
    user.access_granted_at = user.last_approved_at = now
    user.suspended_at = None
    user.save(update_fields=["status", "access_granted_at", "last_approved_at", "suspended_at"])
    event_record(
        actor=actor, subject=user, action=Action.ACCESS_GRANTED, agency=user.agency, reason=reason
    )
    notify(
        user=user,
        subject="ALPR access granted",
        body=f"{user.display_name}, your access to ALPR data was granted by {actor.display_name}.",
    )
    return user


@transaction.atomic
def access_revoke(*, actor: User, subject: User, reason: str) -> User:
    """End a person's access (53060.5(c)(1)(D)); they must apply again."""
    if not reason.strip():
        raise ValidationError({"reason": "Say why access is revoked."})
    user = _administered(actor, subject)
    if user.status in (AccountStatus.REVOKED, AccountStatus.SEPARATED):
        return user
    user.status = AccountStatus.REVOKED
    user.save(update_fields=["status"])
    event_record(
        actor=actor, subject=user, action=Action.ACCESS_REVOKED, agency=user.agency, reason=reason
    )
    notify(
        user=user,
        subject="ALPR access revoked",
        body=f"Your access to ALPR data was revoked: {reason}",
    )
    return user


@transaction.atomic
def account_separate(*, actor: User, subject: User, reason: str) -> User:
    """The person left the agency (429.4 "account shall be deleted"): no sign-in ever again,
    personal data not needed for audit removed; the username and every access record stay."""
    if not reason.strip():
        raise ValidationError({"reason": "Say why (e.g. retired, transferred out)."})
    user = _administered(actor, subject)
    if user.status == AccountStatus.SEPARATED:
        return user
    user.status = AccountStatus.SEPARATED
    user.is_active = False
    user.set_unusable_password()
    user.email = ""
    user.first_name = ""
    user.rank_title = ""
    user.save(
        update_fields=["status", "is_active", "password", "email", "first_name", "rank_title"]
    )
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    event_record(
        actor=actor,
        subject=user,
        action=Action.ACCOUNT_SEPARATED,
        agency=user.agency,
        reason=reason,
    )
    return user


@transaction.atomic
def classification_change(
    *, actor: User, subject: User, classification: str, reason: str = ""
) -> User:
    """Record a new job classification; an ineligible one ends access at once and the person must
    apply again (429.4)."""
    user = _administered(actor, subject)
    before = user.job_classification
    if before == classification:
        return user
    user.job_classification = classification
    fields = ["job_classification"]
    ended = False
    if user.status == AccountStatus.ACTIVE and not classification_is_eligible(user):
        user.status = AccountStatus.PENDING
        fields.append("status")
        ended = True
    user.save(update_fields=fields)
    event_record(
        actor=actor,
        subject=user,
        action=Action.CLASSIFICATION_CHANGED,
        agency=user.agency,
        reason=reason,
        before=before,
        after=classification,
        access_ended=ended,
    )
    if ended:
        notify(
            user=user,
            subject="ALPR access ended",
            body=f"Your classification is now {classification!r}, which may not use ALPR data; "
            "access ended and must be requested again.",
        )
    return user


@transaction.atomic
def exception_approve(
    *,
    actor: User,
    subject: User,
    approver_name: str,
    approver_title: str,
    approved_on: date,
    reason: str,
) -> ExceptionApproval:
    """Record the named approver's approval for an ineligible classification (53060.7(a)(2))."""
    user = _administered(actor, subject)
    required = user.agency.exception_approver
    if not required:
        raise ValidationError(
            "This agency's policy allows no exceptions to the eligible classifications."
        )
    if approver_title.strip().lower() != required.lower():
        raise ValidationError({"approver_title": f"Only the {required} may approve an exception."})
    if not approver_name.strip() or not reason.strip():
        raise ValidationError("Name the approver and give the reason for the exception.")
    approval = ExceptionApproval.objects.create(
        agency=user.agency,
        user=user,
        classification=user.job_classification,
        approver_name=approver_name.strip(),
        approver_title=required,
        approved_on=approved_on,
        reason=reason.strip(),
        recorded_by=actor,
    )
    event_record(
        actor=actor,
        subject=user,
        action=Action.EXCEPTION_APPROVED,
        agency=user.agency,
        reason=reason,
        classification=user.job_classification,
        approver=approver_name,
    )
    return approval


@transaction.atomic
def division_admin_designate(*, actor: User, subject: User, role: str) -> User:
    """Make someone the primary or secondary Division Administrator; the primary must hold a
    qualifying rank (53060.5(b))."""
    if actor.role != Role.AGENCY_ADMIN or actor.agency_id != subject.agency_id:
        raise PermissionDenied("Only the agency administrator designates Division Administrators.")
    if role not in DIVISION_ADMIN_ROLES:
        raise ValidationError({"role": "Choose primary or secondary."})
    user = User.objects.select_for_update().get(pk=subject.pk)
    ranks = [r.lower() for r in user.agency.qualifying_admin_ranks]
    if (
        role == Role.DIVISION_ADMIN_PRIMARY
        and ranks
        and user.rank_title.strip().lower() not in ranks
    ):
        raise ValidationError(
            {
                "rank_title": "The primary administrator must hold one of these ranks: "
                + ", ".join(user.agency.qualifying_admin_ranks)
                + "."
            }
        )
    division = Division.objects.select_for_update().get(pk=user.division_id)
    user.role = role
    user.save(update_fields=["role"])
    _sync_division_permissions(user)
    if role == Role.DIVISION_ADMIN_PRIMARY:
        division.primary_admin = user
    else:
        division.secondary_admin = user
    division.save(update_fields=["primary_admin", "secondary_admin"])
    event_record(
        actor=actor,
        subject=user,
        action=Action.ADMINISTRATOR_DESIGNATED,
        agency=user.agency,
        role=role,
        rank_title=user.rank_title,
    )
    return user


# --- End User Agreement -------------------------------------------------------------------


@transaction.atomic
def agreement_version_publish(
    *, actor: User | None, agency: Agency, title: str, text: str
) -> AgreementVersion:
    """Publish a new agreement version; everyone must sign it again (actor None: agency set-up)."""
    if actor is not None and (actor.role != Role.AGENCY_ADMIN or actor.agency_id != agency.pk):
        raise PermissionDenied("Only the agency administrator publishes the agreement.")
    if not title.strip() or not text.strip():
        raise ValidationError("The agreement needs a title and its text.")
    latest = (
        AgreementVersion.objects.select_for_update()
        .filter(agency=agency)
        .order_by("-version")
        .first()
    )
    version = AgreementVersion.objects.create(
        agency=agency,
        version=(latest.version + 1) if latest else 1,
        title=title.strip(),
        text=text.strip(),
        published_by=actor,
    )
    event_record(
        actor=actor,
        subject=None,
        action=Action.AGREEMENT_PUBLISHED,
        agency=agency,
        version=version.version,
    )
    return version


def _retain_until(agency: Agency, signed_at: datetime) -> date:
    return (signed_at + timedelta(days=agency.agreement_retention_days)).date()


def _current_version(agency: Agency) -> AgreementVersion | None:
    return AgreementVersion.objects.filter(agency=agency).order_by("-version").first()


@transaction.atomic
def agreement_sign(
    *,
    actor: User,
    version: AgreementVersion,
    typed_name: str,
    accepted: bool,
    ip_address: str | None,
) -> AgreementSignature:
    """The person signs the agreement in force: typed full name and explicit acceptance; the time,
    address and a digest of the exact text are kept (53060.7(b)(2))."""
    current = _current_version(actor.agency)
    if version.agency_id != actor.agency_id or current is None or version.pk != current.pk:
        raise ValidationError(
            {"version": "This is not the version in force; reload and sign the current one."}
        )
    if not accepted:
        raise ValidationError({"accepted": "Tick the box to accept the agreement."})
    expected = " ".join(actor.get_full_name().split()).lower()
    if not typed_name.strip() or " ".join(typed_name.split()).lower() != expected:
        raise ValidationError(
            {"typed_name": f"Type your full name as on your account: {actor.get_full_name()}."}
        )
    return _signature_record(
        actor=actor,
        user=actor,
        version=version,
        action=Action.AGREEMENT_SIGNED,
        method=AgreementSignature.Method.TYPED,
        typed_name=typed_name.strip(),
        ip_address=ip_address,
    )


@transaction.atomic
def agreement_scan_upload(
    *, actor: User, subject: User, version: AgreementVersion, scan
) -> AgreementSignature:
    """An administrator files a scanned, signed Form 110 for a person (53060.5(c)(1)(B))."""
    user = _administered(actor, subject)
    current = _current_version(user.agency)
    if current is None or version.pk != current.pk:
        raise ValidationError({"version": "A scan must be of the version in force."})
    scan = inert_upload(scan, field="scan")
    return _signature_record(
        actor=actor,
        user=user,
        version=version,
        action=Action.AGREEMENT_SCAN_UPLOADED,
        method=AgreementSignature.Method.SCAN,
        scan=scan,
    )


def _signature_record(*, actor: User, user: User, version: AgreementVersion, action: str, **how):
    """Store a signature with the digest of the exact text and its retention date; record it."""
    now = timezone.now()
    signature = AgreementSignature.objects.create(
        agency=user.agency,
        user=user,
        version=version,
        text_sha256=hashlib.sha256(version.text.encode()).hexdigest(),
        signed_at=now,
        recorded_by=actor,
        retain_until=_retain_until(user.agency, now),
        **how,
    )
    event_record(
        actor=actor, subject=user, action=action, agency=user.agency, version=version.version
    )
    return signature


# --- Re-approval and inactivity ------------------------------------------------------------


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
            ReapprovalItem.objects.create(
                agency=agency,
                user=user,
                due_at=user.last_approved_at + timedelta(days=agency.reapproval_days),
            )
            event_record(actor=None, subject=user, action=Action.REAPPROVAL_OPENED, agency=agency)
            opened += 1
    return opened


@transaction.atomic
def reapproval_decide(
    *, actor: User, item: ReapprovalItem, approve: bool, note: str = ""
) -> ReapprovalItem:
    item = ReapprovalItem.objects.select_for_update().get(pk=item.pk)
    if item.decided_at is not None:
        return item
    user = _administered(actor, item.user)
    now = timezone.now()
    item.decided_at, item.decided_by, item.note = now, actor, note
    item.decision = ReapprovalItem.Decision.APPROVED if approve else ReapprovalItem.Decision.REVOKED
    item.save(update_fields=["decided_at", "decided_by", "note", "decision"])
    if approve:
        user.last_approved_at = now
        user.save(update_fields=["last_approved_at"])
        event_record(
            actor=actor, subject=user, action=Action.REAPPROVED, agency=user.agency, reason=note
        )
    else:
        access_revoke(
            actor=actor, subject=user, reason=note or "Not re-approved at the yearly review."
        )
    return item


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
            user = User.objects.select_for_update().get(pk=user.pk)
            if user.status != AccountStatus.ACTIVE:
                continue
            user.status = AccountStatus.SUSPENDED
            user.suspended_at = now
            user.save(update_fields=["status", "suspended_at"])
            last = user.last_alpr_access_at or user.access_granted_at
            event_record(
                actor=None,
                subject=user,
                action=Action.ACCOUNT_SUSPENDED,
                agency=agency,
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


@transaction.atomic
def account_reactivate(*, actor: User, subject: User) -> User:
    """Reactivate a suspended account, only once every required course was completed again after
    the suspension (53060.5(c)(2)(D); 429.4)."""
    from training.selectors import CURRENT, training_status

    user = _administered(actor, subject)
    if user.status != AccountStatus.SUSPENDED:
        raise ValidationError("Only a suspended account can be reactivated.")
    statuses = training_status(user, timezone.localdate())
    suspended_on = timezone.localdate(user.suspended_at) if user.suspended_at else None
    stale = [
        s.course.name
        for s in statuses
        if s.state != CURRENT
        or (
            user.suspended_at
            and (s.record.completed_on < suspended_on or s.record.verified_at <= user.suspended_at)
        )
    ]
    if stale:
        raise ValidationError(
            ["The training must be completed again after the suspension:", *stale]
        )
    blockers = grant_blockers(user)
    if blockers:
        raise ValidationError(["Access cannot be restored yet:", *blockers])
    # The last access stays on record for audits; the new grant restarts the inactivity clock.
    user.status = AccountStatus.ACTIVE
    user.suspended_at = None
    user.access_granted_at = user.last_approved_at = timezone.now()
    user.save(update_fields=["status", "suspended_at", "access_granted_at", "last_approved_at"])
    event_record(actor=actor, subject=user, action=Action.ACCOUNT_REACTIVATED, agency=user.agency)
    notify(user=user, subject="ALPR account reactivated", body="Your ALPR account is active again.")
    return user

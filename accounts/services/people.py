"""People: access requests, grants, revocation, separation, reclassification, eligibility
exceptions, reactivation (53060.5(c)(1), 53060.7(a)-(b), 429.4).

Every change writes a governance record with the person's values before and after, in the act's
transaction. Whether the actor may act is asked of accounts.permissions before the transaction
opens, so a refusal is recorded even though the act is not (accounts.services.refusals)."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import permissions, rules
from accounts.models import AccountStatus, ApiToken, Division, ExceptionApproval, Role, User
from accounts.notifications import notify
from accounts.services import acts
from accounts.services.access import classification_is_eligible
from accounts.services.governance import governance_record, snapshot
from accounts.services.refusals import refuse, require_may_act
from accounts.services.tenancy import _sync_division_permissions, staff_account_create
from alpr_governance.uploads import inert_upload


def _lock(subject: User) -> User:
    return (
        User.objects.select_for_update(of=("self",))
        .select_related("agency", "division")
        .get(pk=subject.pk)
    )


def _fresh(subject: User) -> User:
    """The row as stored now: a decision is never taken on a stale copy the view held."""
    return User.objects.select_related("agency", "division").get(pk=subject.pk)


def person_record(
    *,
    actor: User | None,
    user: User,
    action: str,
    before: dict,
    reason: str = "",
    client_address: str | None = None,
    **after_extra,
) -> None:
    """The governance record of an act on a person: their values before and after."""
    governance_record(
        actor=actor,
        agency=user.agency,
        action=action,
        subject=user,
        before=before,
        after=snapshot(user, acts.PERSON_FIELDS) | after_extra,
        reason=reason,
        client_address=client_address,
    )


# --- Requests ---------------------------------------------------------------------------------


def access_request(
    *,
    actor: User,
    division: Division,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    job_classification: str,
    reason: str,
    rank_title: str = "",
    client_address: str | None = None,
    link_base: str = "",
) -> User:
    """Open an access request for a new person, stating their specific, identifiable and
    documented need (53060.7(b)(3), 429.4): a pending account in a division the actor runs. The
    person is mailed a one-time invitation to choose a password (issue 11); `link_base` is the
    site address the link starts with (settings.SITE_URL when empty)."""
    from accounts.services.invitations import invitation_issue

    message = None
    if not permissions.administers_division(actor, division.pk):
        message = "You do not administer this division."
    elif not permissions.standing_allows_admin(actor):
        message = "Your own access is not in good standing, so you may not administer others."
    if message:
        refuse(
            actor=actor,
            agency=division.agency,
            subject=division,
            act=acts.ACCESS_REQUESTED,
            message=message,
            client_address=client_address,
        )
    if not reason.strip():
        raise ValidationError(
            {"reason": "State the person's specific, documented need for ALPR access."}
        )
    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": "This username is taken."})
    with transaction.atomic():
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
        person_record(
            actor=actor,
            user=user,
            action=acts.ACCESS_REQUESTED,
            before={},
            reason=reason.strip(),
            client_address=client_address,
        )
        invitation_issue(
            actor=actor, subject=user, link_base=link_base, client_address=client_address
        )
    return user


# --- What stands between a person and access --------------------------------------------------


def retraining_missing(user: User, *, now: datetime | None = None) -> list[str]:
    """Required courses the person must complete again before access returns: after a suspension,
    or after 12 months or more without use (53060.5(c)(2)(D), 429.4). Empty when none."""
    from training.selectors import CURRENT, training_status

    now = now or timezone.now()
    since = rules.retraining_needed_since(
        suspended_at=user.suspended_at,
        access_granted_at=user.access_granted_at,
        last_alpr_access_at=user.last_alpr_access_at,
        inactivity_days=user.agency.inactivity_suspension_days,
        now=now,
    )
    if since is None:
        return []
    since_day = timezone.localdate(since)
    return [
        status.course.name
        for status in training_status(user, timezone.localdate(now))
        if status.state != CURRENT
        or not rules.completed_after(
            completed_on=status.record.completed_on,
            verified_at=status.record.verified_at,
            since=since,
            since_day=since_day,
        )
    ]


def grant_blockers(user: User, *, now: datetime | None = None, about: bool = False) -> list[str]:
    """What still stands between this person and a grant, in words an administrator acts on
    (`about`: the gate's third-person wording, "This person has not signed...")."""
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
    blockers = [
        r.about_them if about else r.message
        for r in access_standing(user, now=now).reasons
        if r.code in checked
    ]
    stale = retraining_missing(user, now=now)
    if stale:
        blockers.append(
            "Training must be completed again after the suspension or the time without use: "
            + ", ".join(stale)
            + "."
        )
    return blockers


# --- Grant, revoke, separate --------------------------------------------------------------------


def access_grant(
    *,
    actor: User,
    subject: User,
    reason: str = "",
    now: datetime | None = None,
    client_address: str | None = None,
) -> User:
    """Grant ALPR access once eligible (or excepted), agreement signed, training current and, for
    anyone idle 12 months or more, completed again (53060.5(c)(1)(A)-(C), 53060.7(b)(1)-(2),
    429.4). A suspended account returns only through reactivation (53060.5(c)(2)(D))."""
    require_may_act(actor, subject, act=acts.ACCESS_GRANTED, client_address=client_address)
    now = now or timezone.now()
    user = _fresh(subject)
    if user.status == AccountStatus.ACTIVE and user.access_granted_at is not None:
        return user
    message = None
    if user.status == AccountStatus.SEPARATED:
        message = "A separated account cannot be granted access again."
    elif user.status == AccountStatus.SUSPENDED:
        message = (
            "A suspended account returns only through reactivation, once the required training "
            "was completed again after the suspension."
        )
    else:
        blockers = grant_blockers(user, now=now)
        if blockers:
            message = "Access cannot be granted yet: " + " ".join(blockers)
    if message:
        refuse(
            actor=actor,
            agency=user.agency,
            subject=user,
            act=acts.ACCESS_GRANTED,
            message=message,
            client_address=client_address,
            error=ValidationError,
        )
    with transaction.atomic():
        user = _lock(user)
        before = snapshot(user, acts.PERSON_FIELDS)
        user.status = AccountStatus.ACTIVE
        user.access_granted_at = user.last_approved_at = now
        # Any retraining owed was proven above; the suspension is over.
        user.suspended_at = None
        user.save(update_fields=["status", "access_granted_at", "last_approved_at", "suspended_at"])
        person_record(
            actor=actor,
            user=user,
            action=acts.ACCESS_GRANTED,
            before=before,
            reason=reason,
            client_address=client_address,
        )
    notify(
        user=user,
        subject="ALPR access granted",
        body=f"{user.display_name}, your access to ALPR data was granted by {actor.display_name}.",
    )
    return user


def access_revoke(
    *, actor: User, subject: User, reason: str, client_address: str | None = None
) -> User:
    """End a person's access (53060.5(c)(1)(D)); they must apply again. Ending a higher role's
    access needs that role."""
    require_may_act(
        actor, subject, act=acts.ACCESS_REVOKED, client_address=client_address, ending=True
    )
    if not reason.strip():
        raise ValidationError({"reason": "Say why access is revoked."})
    with transaction.atomic():
        user = _revoke_locked(
            actor=actor, user=_lock(subject), reason=reason, address=client_address
        )
    return user


def _revoke_locked(*, actor: User, user: User, reason: str, address: str | None) -> User:
    if user.status in (AccountStatus.REVOKED, AccountStatus.SEPARATED):
        return user
    before = snapshot(user, acts.PERSON_FIELDS)
    # suspended_at stays: a suspended person revoked and granted again must still retrain.
    user.status = AccountStatus.REVOKED
    user.save(update_fields=["status"])
    person_record(
        actor=actor,
        user=user,
        action=acts.ACCESS_REVOKED,
        before=before,
        reason=reason,
        client_address=address,
    )
    transaction.on_commit(
        lambda: notify(
            user=user,
            subject="ALPR access revoked",
            body=f"Your access to ALPR data was revoked: {reason}",
        )
    )
    return user


def account_separate(
    *, actor: User, subject: User, reason: str, client_address: str | None = None
) -> User:
    """The person left the agency (429.4 "account shall be deleted"): no sign-in ever again,
    personal data not needed for audit removed, any administrator role and its permissions gone
    (53060.5(b)); the username and every access record stay."""
    require_may_act(
        actor, subject, act=acts.ACCOUNT_SEPARATED, client_address=client_address, ending=True
    )
    if not reason.strip():
        raise ValidationError({"reason": "Say why (e.g. retired, transferred out)."})
    with transaction.atomic():
        user = _lock(subject)
        if user.status == AccountStatus.SEPARATED:
            return user
        before = snapshot(user, acts.PERSON_FIELDS)
        _leave_administrator_slots(user)
        user.status = AccountStatus.SEPARATED
        user.role = Role.END_USER
        user.is_active = False
        user.set_unusable_password()
        user.email = ""
        user.first_name = ""
        user.rank_title = ""
        user.save(
            update_fields=[
                "status",
                "role",
                "is_active",
                "password",
                "email",
                "first_name",
                "rank_title",
            ]
        )
        _sync_division_permissions(user)
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        person_record(
            actor=actor,
            user=user,
            action=acts.ACCOUNT_SEPARATED,
            before=before,
            reason=reason,
            client_address=client_address,
        )
    return user


def _leave_administrator_slots(user: User) -> None:
    """Clear the person from their division's primary/secondary administrator slots."""
    division = Division.objects.select_for_update().get(pk=user.division_id)
    changed = []
    if division.primary_admin_id == user.pk:
        division.primary_admin = None
        changed.append("primary_admin")
    if division.secondary_admin_id == user.pk:
        division.secondary_admin = None
        changed.append("secondary_admin")
    if changed:
        division.save(update_fields=changed)


def classification_change(
    *,
    actor: User,
    subject: User,
    classification: str,
    reason: str = "",
    client_address: str | None = None,
) -> User:
    """Record a new job classification; an ineligible one ends access at once and the person must
    apply again (429.4). It may end access, so a higher role's needs that role."""
    require_may_act(
        actor,
        subject,
        act=acts.CLASSIFICATION_CHANGED,
        client_address=client_address,
        ending=True,
    )
    with transaction.atomic():
        user = _lock(subject)
        if user.job_classification == classification:
            return user
        before = snapshot(user, acts.PERSON_FIELDS)
        user.job_classification = classification
        fields = ["job_classification"]
        ended = False
        if user.status == AccountStatus.ACTIVE and not classification_is_eligible(user):
            user.status = AccountStatus.PENDING
            fields.append("status")
            ended = True
        user.save(update_fields=fields)
        person_record(
            actor=actor,
            user=user,
            action=acts.CLASSIFICATION_CHANGED,
            before=before,
            reason=reason,
            client_address=client_address,
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


# --- Eligibility exception ----------------------------------------------------------------------


def exception_approve(
    *,
    actor: User,
    subject: User,
    approver_name: str,
    approver_title: str,
    approved_on: date,
    reason: str,
    document=None,
    client_address: str | None = None,
) -> ExceptionApproval:
    """Record the named approver's approval for an ineligible classification, with the signed
    approval kept: for CDCR only DAPO staff, approved by the DAPO Deputy Director
    (53060.7(a)(2))."""
    require_may_act(actor, subject, act=acts.EXCEPTION_APPROVED, client_address=client_address)
    user = _fresh(subject)
    agency = user.agency
    required = agency.exception_approver
    message = None
    if not required:
        message = "This agency's policy allows no exceptions to the eligible classifications."
    elif user.division.code not in agency.exception_division_codes:
        message = (
            "An exception may be recorded only for staff of "
            + (", ".join(agency.exception_division_codes) or "no division")
            + f"; {user.division.code} staff must hold an eligible classification."
        )
    elif approver_title.strip().lower() != required.lower():
        message = f"Only the {required} may approve an exception."
    if message:
        refuse(
            actor=actor,
            agency=agency,
            subject=user,
            act=acts.EXCEPTION_APPROVED,
            message=message,
            client_address=client_address,
            error=ValidationError,
        )
    if not approver_name.strip() or not reason.strip():
        raise ValidationError("Name the approver and give the reason for the exception.")
    if not document:
        raise ValidationError({"document": "Attach the signed approval."})
    document = inert_upload(document, field="document")
    with transaction.atomic():
        user = _lock(user)
        approval = ExceptionApproval.objects.create(
            agency=agency,
            user=user,
            classification=user.job_classification,
            approver_name=approver_name.strip(),
            approver_title=required,
            approved_on=approved_on,
            reason=reason.strip(),
            document=document,
            recorded_by=actor,
        )
        governance_record(
            actor=actor,
            agency=agency,
            action=acts.EXCEPTION_APPROVED,
            subject=user,
            before={},
            after={
                "classification": user.job_classification,
                "approver_name": approval.approver_name,
                "approver_title": approval.approver_title,
                "approved_on": approved_on.isoformat(),
                "exception_approval": approval.pk,
            },
            reason=reason.strip(),
            client_address=client_address,
        )
    return approval


# --- Reactivation -------------------------------------------------------------------------------


def account_reactivate(*, actor: User, subject: User, client_address: str | None = None) -> User:
    """Reactivate a suspended account, only once every required course was completed again after
    the suspension (53060.5(c)(2)(D); 429.4)."""
    require_may_act(actor, subject, act=acts.ACCOUNT_REACTIVATED, client_address=client_address)
    user = _fresh(subject)
    if user.status != AccountStatus.SUSPENDED:
        raise ValidationError("Only a suspended account can be reactivated.")
    blockers = grant_blockers(user)
    if blockers:
        refuse(
            actor=actor,
            agency=user.agency,
            subject=user,
            act=acts.ACCOUNT_REACTIVATED,
            message="Access cannot be restored yet: " + " ".join(blockers),
            client_address=client_address,
            error=ValidationError,
        )
    with transaction.atomic():
        user = _lock(user)
        before = snapshot(user, acts.PERSON_FIELDS)
        # The last access stays on record for audits; the new grant restarts the inactivity clock.
        user.status = AccountStatus.ACTIVE
        user.suspended_at = None
        user.access_granted_at = user.last_approved_at = timezone.now()
        user.save(update_fields=["status", "suspended_at", "access_granted_at", "last_approved_at"])
        person_record(
            actor=actor,
            user=user,
            action=acts.ACCOUNT_REACTIVATED,
            before=before,
            client_address=client_address,
        )
    notify(user=user, subject="ALPR account reactivated", body="Your ALPR account is active again.")
    return user

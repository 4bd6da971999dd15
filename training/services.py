"""Training writes: courses from the preset, completion records, verification, expiry notices
(53060.7(b)(1), 53060.8, 429.5, GO 5.42 F)."""

from datetime import date, datetime, timedelta

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from accounts.notifications import notify
from accounts.services import acts
from accounts.services.governance import governance_record, snapshot
from accounts.services.refusals import require_may_act
from accounts.services.tenancy import require_agency_admin
from alpr_governance.uploads import inert_upload
from training.models import (
    EXPIRY_NOTICE_DAYS,
    Course,
    SystemUser,
    TrainingNotice,
    TrainingRecord,
)
from training.selectors import counting_records


def _training_record(
    *,
    actor,
    record: TrainingRecord,
    action: str,
    before: dict | None = None,
    client_address: str | None = None,
) -> None:
    """The governance record of a training act: the completion as it stands after the act."""
    governance_record(
        actor=actor,
        agency=record.agency,
        action=action,
        subject=record.user,
        before=before or {},
        after={
            "training_record": record.pk,
            "course": record.course.name,
            "completed_on": record.completed_on,
            "expires_on": record.expires_on,
            "verified_at": record.verified_at,
        },
        client_address=client_address,
    )


def courses_create_from_preset(sender=None, *, agency, preset, **kwargs) -> None:
    """Signal receiver: an agency created from a preset gets the preset's courses. A vendor course
    the preset does not require of everyone is required of that vendor's users (GO 5.42 F.4)."""
    for course in preset.courses:
        for_vendor_users = not course.required and bool(course.vendor)
        Course.objects.get_or_create(
            agency=agency,
            code=course.code,
            defaults={
                "name": course.name,
                "vendor": course.vendor,
                "certificate_required": course.certificate_required,
                "required": course.required or for_vendor_users,
                "system": course.vendor if for_vendor_users else "",
            },
        )


def _expiry(user: User, completed_on: date, course: Course | None = None) -> date:
    days = course.validity() if course is not None else user.agency.training_validity_days
    return completed_on + timedelta(days=days)


# --- Course management by the agency administrator (bypass 5; 429.5; GO 5.42 F.4-F.5) -----------

COURSE_CREATED = "course_created"
COURSE_CHANGED = "course_changed"
COURSE_RETIRED = "course_retired"
COURSE_COMPLETIONS_VOIDED = "course_completions_voided"
SYSTEM_USER_MARKED = "system_user_marked"
SYSTEM_USER_UNMARKED = "system_user_unmarked"
COURSE_FIELDS = (
    "code",
    "name",
    "vendor",
    "system",
    "required",
    "certificate_required",
    "validity_days",
    "voided_before",
    "active",
)
COURSE_EDITABLE = ("name", "vendor", "system", "required", "certificate_required", "validity_days")


def _require_course_admin(actor: User, agency, client_address: str | None = None) -> None:
    """Checked before the act's transaction opens, so the recorded refusal is kept."""
    require_agency_admin(actor, agency, to="manage training courses", client_address=client_address)


def _clean_course(course: Course) -> None:
    course.name, course.vendor, course.system = (
        course.name.strip(),
        course.vendor.strip(),
        course.system.strip(),
    )
    if course.validity_days is not None and course.validity_days < 1:
        raise ValidationError({"validity_days": "A completion must count for at least a day."})
    course.full_clean()


def course_create(
    *,
    actor: User,
    agency,
    code: str,
    name: str,
    vendor: str = "",
    system: str = "",
    required: bool = True,
    certificate_required: bool = False,
    validity_days: int | None = None,
    reason: str = "",
    client_address: str | None = None,
) -> Course:
    """Add a course; required of everyone, or of a vendor system's users when `system` is set."""
    _require_course_admin(actor, agency, client_address)
    with transaction.atomic():
        if Course.objects.filter(agency=agency, code=code).exists():
            raise ValidationError({"code": "The agency already has a course with this code."})
        course = Course(
            agency=agency,
            code=code,
            name=name,
            vendor=vendor,
            system=system,
            required=required,
            certificate_required=certificate_required,
            validity_days=validity_days,
        )
        _clean_course(course)
        course.save()
        governance_record(
            actor=actor,
            agency=agency,
            action=COURSE_CREATED,
            subject=course,
            after=_course_snapshot(course),
            reason=reason,
            client_address=client_address,
        )
        return course


def _course_snapshot(course: Course) -> dict:
    values = snapshot(course, COURSE_FIELDS)
    if values["voided_before"] is not None:
        values["voided_before"] = values["voided_before"].isoformat()
    return values


def _locked_course(course: Course) -> Course:
    return Course.objects.select_for_update().select_related("agency").get(pk=course.pk)


def course_update(
    *,
    actor: User,
    course: Course,
    reason: str = "",
    client_address: str | None = None,
    **changes,
) -> Course:
    """Change a course: require or make optional, whom it is required of, its validity, vendor."""
    unknown = set(changes) - set(COURSE_EDITABLE)
    if unknown:
        raise ValueError(f"Not a course setting: {sorted(unknown)}")
    _require_course_admin(actor, course.agency, client_address)
    with transaction.atomic():
        course = _locked_course(course)
        if not course.active:
            raise ValidationError({"__all__": "A retired course cannot be changed."})
        before = _course_snapshot(course)
        for name, value in changes.items():
            setattr(course, name, value)
        _clean_course(course)
        after = _course_snapshot(course)
        if after == before:
            return course
        course.save(update_fields=list(changes))
        governance_record(
            actor=actor,
            agency=course.agency,
            action=COURSE_CHANGED,
            subject=course,
            before={k: v for k, v in before.items() if after[k] != v},
            after={k: v for k, v in after.items() if before[k] != v},
            reason=reason,
            client_address=client_address,
        )
        return course


def course_retire(
    *, actor: User, course: Course, reason: str, client_address: str | None = None
) -> Course:
    """Retire a course: required of nobody from now on. If it was the last course required of
    someone, the gate refuses them until another course is required (it fails closed)."""
    _require_course_admin(actor, course.agency, client_address)
    with transaction.atomic():
        course = _locked_course(course)
        if not course.active:
            return course
        if not reason.strip():
            raise ValidationError({"reason": "Say why the course is retired."})
        course.active = False
        course.save(update_fields=["active"])
        governance_record(
            actor=actor,
            agency=course.agency,
            action=COURSE_RETIRED,
            subject=course,
            before={"active": True},
            after={"active": False},
            reason=reason.strip(),
            client_address=client_address,
        )
        return course


def course_completions_void(
    *,
    actor: User,
    course: Course,
    before: date,
    reason: str,
    client_address: str | None = None,
    today: date | None = None,
) -> Course:
    """Completions before `before` no longer count: after a change of law or technology everyone
    retakes the course (429.5). Access ends at once for those whose only completion is older."""
    _require_course_admin(actor, course.agency, client_address)
    with transaction.atomic():
        course = _locked_course(course)
        today = today or timezone.localdate()
        if not reason.strip():
            raise ValidationError({"reason": "Name the change of law or technology."})
        if before > today + timedelta(days=1):
            raise ValidationError({"before": "The date cannot be later than tomorrow."})
        if course.voided_before is not None and course.voided_before >= before:
            raise ValidationError(
                {"before": f"Completions before {course.voided_before} are already void."}
            )
        previous = course.voided_before
        course.voided_before = before
        course.save(update_fields=["voided_before"])
        voided = TrainingRecord.objects.filter(course=course, completed_on__lt=before)
        governance_record(
            actor=actor,
            agency=course.agency,
            action=COURSE_COMPLETIONS_VOIDED,
            subject=course,
            before={"voided_before": previous.isoformat() if previous else None},
            after={
                "voided_before": before.isoformat(),
                "completions_voided": voided.exclude(completed_on__lt=previous or date.min).count(),
            },
            reason=reason.strip(),
            client_address=client_address,
        )
        return course


def system_user_set(
    *,
    actor: User,
    user: User,
    system: str,
    uses: bool,
    client_address: str | None = None,
) -> bool:
    """Mark (or unmark) a person of the agency as a user of a vendor's system, so the courses
    required of its users apply to them (GO 5.42 F.4). Returns whether anything changed."""
    _require_course_admin(actor, user.agency, client_address)
    with transaction.atomic():
        system = system.strip()
        if not system:
            raise ValidationError({"system": "Name the system."})
        user = User.objects.select_for_update().get(pk=user.pk, agency_id=actor.agency_id)
        existing = SystemUser.objects.filter(user=user, system=system)
        if uses == existing.exists():
            return False
        if uses:
            SystemUser.objects.create(agency=user.agency, user=user, system=system, marked_by=actor)
        else:
            existing.delete()
        governance_record(
            actor=actor,
            agency=user.agency,
            action=SYSTEM_USER_MARKED if uses else SYSTEM_USER_UNMARKED,
            subject=user,
            before={"uses_system": not uses, "system": system},
            after={"uses_system": uses, "system": system},
            client_address=client_address,
        )
        return True


def _check_record(user: User, course: Course, completed_on: date, certificate, today: date):
    """Refuse a record that cannot stand; return the certificate renamed by its sniffed type."""
    if course.agency_id != user.agency_id:
        raise ValidationError({"course": "Choose a course of the person's agency."})
    if completed_on > today:
        raise ValidationError({"completed_on": "The completion date cannot be in the future."})
    if course.certificate_required and not certificate:
        raise ValidationError(
            {"certificate": f"{course.name} needs its certificate of completion."}
        )
    if certificate:
        return inert_upload(certificate, field="certificate")
    return None


def training_record_create(
    *,
    actor: User,
    subject: User,
    course: Course,
    completed_on: date,
    certificate=None,
    now: datetime | None = None,
    client_address: str | None = None,
) -> TrainingRecord:
    """An administrator records (and so verifies) another person's completion (53060.5(c)(1)(C));
    nobody records their own (issue 8, bypass 3)."""
    require_may_act(actor, subject, act=acts.TRAINING_RECORDED, client_address=client_address)
    return _training_record_create(
        actor=actor,
        subject=subject,
        course=course,
        completed_on=completed_on,
        certificate=certificate,
        now=now or timezone.now(),
        client_address=client_address,
    )


@transaction.atomic
def _training_record_create(
    *, actor, subject, course, completed_on, certificate, now, client_address
) -> TrainingRecord:
    user = User.objects.select_for_update(of=("self",)).get(pk=subject.pk)
    certificate = _check_record(user, course, completed_on, certificate, timezone.localdate(now))
    record = TrainingRecord.objects.create(
        agency=user.agency,
        user=user,
        course=course,
        completed_on=completed_on,
        expires_on=_expiry(user, completed_on, course),
        certificate=certificate,
        submitted_by=actor,
        submitted_at=now,
        verified_by=actor,
        verified_at=now,
    )
    _training_record(
        actor=actor, record=record, action=acts.TRAINING_RECORDED, client_address=client_address
    )
    return record


def training_record_establish(
    *, user: User, course: Course, completed_on: date, now: datetime
) -> TrainingRecord:
    """Platform set-up of a first administrator (accounts.services.administrator_establish): the
    completion the operator saw evidence of, verified by the operator (no account)."""
    return TrainingRecord.objects.create(
        agency=user.agency,
        user=user,
        course=course,
        completed_on=completed_on,
        expires_on=_expiry(user, completed_on),
        submitted_by=user,
        submitted_at=now,
        verified_by=None,
        verified_at=now,
    )


@transaction.atomic
def training_record_submit(
    *, actor: User, course: Course, completed_on: date, certificate
) -> TrainingRecord:
    """A person submits their own completion with its certificate; it counts once verified."""
    certificate = _check_record(actor, course, completed_on, certificate, timezone.localdate())
    if not certificate:
        raise ValidationError({"certificate": "Attach the certificate of completion."})
    record = TrainingRecord.objects.create(
        agency=actor.agency,
        user=actor,
        course=course,
        completed_on=completed_on,
        expires_on=_expiry(actor, completed_on, course),
        certificate=certificate,
        submitted_by=actor,
    )
    _training_record(actor=actor, record=record, action=acts.TRAINING_SUBMITTED)
    return record


def training_record_verify(
    *, actor: User, record: TrainingRecord, client_address: str | None = None
) -> TrainingRecord:
    """An administrator verifies someone else's submitted completion (53060.5(c)(1)(C))."""
    if record.user_id == actor.pk:
        # Kept apart from may_act_on's message: this is the one a person meets most often.
        raise PermissionDenied("Someone else must verify your own training.")
    require_may_act(actor, record.user, act=acts.TRAINING_VERIFIED, client_address=client_address)
    with transaction.atomic():
        record = TrainingRecord.objects.select_for_update().get(pk=record.pk)
        if record.verified_at is not None:
            return record
        if record.rejected_at is not None:
            raise ValidationError(
                {
                    NON_FIELD_ERRORS: "This certificate was rejected; the person must submit a new one."
                }
            )
        before = {"verified_at": None}
        record.verified_by, record.verified_at = actor, timezone.now()
        record.save(update_fields=["verified_by", "verified_at"])
        _training_record(
            actor=actor,
            record=record,
            action=acts.TRAINING_VERIFIED,
            before=before,
            client_address=client_address,
        )
    return record


def training_record_reject(
    *, actor: User, record: TrainingRecord, reason: str, client_address: str | None = None
) -> TrainingRecord:
    """An administrator refuses someone else's submitted certificate, with the reason the person
    is told by e-mail; the completion never counts and the person submits again
    (53060.5(c)(1)(C), 53060.7(b)(1))."""
    require_may_act(actor, record.user, act=acts.TRAINING_REJECTED, client_address=client_address)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": "Say why the certificate is rejected; the person is told."}
        )
    with transaction.atomic():
        record = (
            TrainingRecord.objects.select_for_update(of=("self",))
            .select_related("user", "course")
            .get(pk=record.pk)
        )
        if record.rejected_at is not None:
            return record
        if record.verified_at is not None:
            raise ValidationError(
                {
                    NON_FIELD_ERRORS: "This completion is already verified and counts; it can "
                    "no longer be rejected."
                }
            )
        record.rejected_by, record.rejected_at = actor, timezone.now()
        record.rejection_reason = reason
        record.save(update_fields=["rejected_by", "rejected_at", "rejection_reason"])
        governance_record(
            actor=actor,
            agency=record.agency,
            action=acts.TRAINING_REJECTED,
            subject=record.user,
            before={"rejected_at": None},
            after={
                "training_record": record.pk,
                "course": record.course.name,
                "completed_on": record.completed_on,
                "rejected_at": record.rejected_at,
            },
            reason=reason,
            client_address=client_address,
        )
        notify(
            user=record.user,
            subject=f"Certificate not accepted: {record.course.name}",
            body=f"Your {record.course.name} certificate (completed {record.completed_on}) was "
            f"not accepted by your administrator.\n\nReason: {reason}\n\nSubmit the course's "
            "certificate again on your Training page; it counts once verified.",
            copy_admins=False,
        )
    return record


def training_expiry_notify(*, agency, now: datetime | None = None, dry_run: bool = False) -> dict:
    """Warn EXPIRY_NOTICE_DAYS (30) and 7 days before training expires and record its expiry,
    each once per record.
    The gate itself reads the expiry date, so access ends on the day whether or not this ran."""
    today = timezone.localdate(now or timezone.now())
    counts = {"warn_30": 0, "warn_7": 0, "expired": 0}
    latest = {}
    # Only courses required of the person (everyone's, or a system they are marked as using),
    # and only completions that still count (not before the course's void date, 429.5).
    records = (
        counting_records(TrainingRecord.objects.filter(agency=agency, user__status="active"))
        .select_related("user", "course")
        .order_by("user_id", "course_id", "-completed_on", "-pk")
    )
    for record in records:
        latest.setdefault((record.user_id, record.course_id), record)
    for record in latest.values():
        days_left = (record.expires_on - today).days
        if days_left < 0:
            kind = TrainingNotice.Kind.EXPIRED
        elif days_left <= 7:
            kind = TrainingNotice.Kind.WARN_7
        elif days_left <= EXPIRY_NOTICE_DAYS:
            kind = TrainingNotice.Kind.WARN_30
        else:
            continue
        if TrainingNotice.objects.filter(record=record, kind=kind).exists():
            continue
        counts[kind] += 1
        if dry_run:
            continue
        try:
            with transaction.atomic():
                TrainingNotice.objects.create(record=record, kind=kind)
                _notice(record, kind, days_left)
        except IntegrityError:
            counts[kind] -= 1  # another run sent it first
    return counts


def _notice(record: TrainingRecord, kind: str, days_left: int) -> None:
    user, course = record.user, record.course
    if kind == TrainingNotice.Kind.EXPIRED:
        _training_record(actor=None, record=record, action=acts.TRAINING_EXPIRED)
        notify(
            user=user,
            subject=f"Training expired: {course.name}",
            body=f"Your {course.name} training expired on {record.expires_on}. ALPR access is "
            "suspended until a new completion is verified.",
        )
    else:
        notify(
            user=user,
            subject=f"Training expires in {days_left} days: {course.name}",
            body=f"Your {course.name} training expires on {record.expires_on}. Take it again "
            "before then to keep ALPR access.",
        )

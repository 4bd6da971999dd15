"""Training writes: courses from the preset, completion records, verification, expiry notices
(53060.7(b)(1), 53060.8, 429.5, GO 5.42 F)."""

from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import ProvisioningEvent, User
from accounts.notifications import notify
from accounts.services.provisioning import _administered, event_record
from alpr_governance.uploads import inert_upload
from training.models import Course, TrainingNotice, TrainingRecord

Action = ProvisioningEvent.Action


def courses_create_from_preset(sender=None, *, agency, preset, **kwargs) -> None:
    """Signal receiver: an agency created from a preset gets the preset's courses."""
    for course in preset.courses:
        Course.objects.get_or_create(
            agency=agency,
            code=course.code,
            defaults={
                "name": course.name,
                "vendor": course.vendor,
                "certificate_required": course.certificate_required,
                "required": course.required,
            },
        )


def _expiry(user: User, completed_on: date) -> date:
    return completed_on + timedelta(days=user.agency.training_validity_days)


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


@transaction.atomic
def training_record_create(
    *,
    actor: User,
    subject: User,
    course: Course,
    completed_on: date,
    certificate=None,
    now: datetime | None = None,
) -> TrainingRecord:
    """An administrator records (and so verifies) a completion (53060.5(c)(1)(C))."""
    now = now or timezone.now()
    user = _administered(actor, subject)
    certificate = _check_record(user, course, completed_on, certificate, timezone.localdate(now))
    record = TrainingRecord.objects.create(
        agency=user.agency,
        user=user,
        course=course,
        completed_on=completed_on,
        expires_on=_expiry(user, completed_on),
        certificate=certificate,
        submitted_by=actor,
        submitted_at=now,
        verified_by=actor,
        verified_at=now,
    )
    event_record(
        actor=actor,
        subject=user,
        action=Action.TRAINING_RECORDED,
        agency=user.agency,
        course=course.name,
        completed_on=completed_on.isoformat(),
        expires_on=record.expires_on.isoformat(),
    )
    return record


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
        expires_on=_expiry(actor, completed_on),
        certificate=certificate,
        submitted_by=actor,
    )
    event_record(
        actor=actor,
        subject=actor,
        action=Action.TRAINING_SUBMITTED,
        agency=actor.agency,
        course=course.name,
        completed_on=completed_on.isoformat(),
    )
    return record


@transaction.atomic
def training_record_verify(*, actor: User, record: TrainingRecord) -> TrainingRecord:
    record = TrainingRecord.objects.select_for_update().get(pk=record.pk)
    if record.verified_at is not None:
        return record
    if record.user_id == actor.pk:
        raise PermissionDenied("Someone else must verify your own training.")
    _administered(actor, record.user)
    record.verified_by, record.verified_at = actor, timezone.now()
    record.save(update_fields=["verified_by", "verified_at"])
    event_record(
        actor=actor,
        subject=record.user,
        action=Action.TRAINING_VERIFIED,
        agency=record.agency,
        course=record.course.name,
    )
    return record


def training_expiry_notify(*, agency, now: datetime | None = None, dry_run: bool = False) -> dict:
    """Warn 30 and 7 days before training expires and record its expiry, each once per record.
    The gate itself reads the expiry date, so access ends on the day whether or not this ran."""
    today = timezone.localdate(now or timezone.now())
    counts = {"warn_30": 0, "warn_7": 0, "expired": 0}
    latest = {}
    records = (
        TrainingRecord.objects.filter(
            agency=agency,
            verified_at__isnull=False,
            course__required=True,
            course__active=True,
            user__status="active",
        )
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
        elif days_left <= 30:
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
        event_record(
            actor=None,
            subject=user,
            action=Action.TRAINING_EXPIRED,
            agency=record.agency,
            course=course.name,
            expired_on=record.expires_on.isoformat(),
        )
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

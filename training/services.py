"""Training writes: courses from the preset, completion records, verification, expiry notices
(53060.7(b)(1), 53060.8, 429.5, GO 5.42 F)."""

from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from accounts.notifications import notify
from accounts.services import acts
from accounts.services.governance import governance_record
from accounts.services.refusals import require_may_act
from accounts.services.uploads import check_upload
from training.models import Course, TrainingNotice, TrainingRecord


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


def _check_record(user: User, course: Course, completed_on: date, certificate, today: date) -> None:
    if course.agency_id != user.agency_id:
        raise ValidationError({"course": "Choose a course of the person's agency."})
    if completed_on > today:
        raise ValidationError({"completed_on": "The completion date cannot be in the future."})
    if course.certificate_required and not certificate:
        raise ValidationError(
            {"certificate": f"{course.name} needs its certificate of completion."}
        )
    if certificate:
        check_upload(certificate, field="certificate")


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
    _check_record(user, course, completed_on, certificate, timezone.localdate(now))
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
    _check_record(actor, course, completed_on, certificate, timezone.localdate())
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

"""Reads of training, scoped to the asking user: their own, or the divisions they administer."""

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts import selectors as account_selectors
from training.models import Course, TrainingRecord

CURRENT, EXPIRED, MISSING, PENDING = "current", "expired", "missing", "pending"


@dataclass(frozen=True)
class CourseStatus:
    course: Course
    state: str  # current, expired, missing (pending: only an unverified record)
    record: TrainingRecord | None


def required_courses(agency_id: int) -> QuerySet[Course]:
    return Course.objects.filter(agency_id=agency_id, active=True, required=True)


def training_status(user, today: date) -> list[CourseStatus]:
    """Each required course of the user's agency and where the user stands on it."""
    from accounts.services.access import prefetched

    # Prefetched rows (accounts.services.access.STANDING_PREFETCH) when judging many people.
    agency_courses = prefetched(user.agency, "courses")
    if agency_courses is not None:
        courses = [c for c in agency_courses if c.active and c.required]
    else:
        courses = list(required_courses(user.agency_id))
    user_records = prefetched(user, "training_records")
    if user_records is not None:
        course_ids = {c.pk for c in courses}
        records = sorted(
            (r for r in user_records if r.course_id in course_ids),
            key=lambda r: (r.completed_on, r.pk),
            reverse=True,
        )
    else:
        records = TrainingRecord.objects.filter(user=user, course__in=courses).order_by(
            "-completed_on", "-pk"
        )
    latest_verified, latest_any = {}, {}
    for record in records:
        latest_any.setdefault(record.course_id, record)
        if record.is_verified:
            latest_verified.setdefault(record.course_id, record)
    statuses = []
    for course in courses:
        record = latest_verified.get(course.pk)
        if record is None:
            pending = latest_any.get(course.pk)
            statuses.append(CourseStatus(course, PENDING if pending else MISSING, pending))
        elif record.expires_on < today:
            statuses.append(CourseStatus(course, EXPIRED, record))
        else:
            statuses.append(CourseStatus(course, CURRENT, record))
    return statuses


def course_list_for(*, user) -> QuerySet[Course]:
    if user.agency_id is None:
        return Course.objects.none()
    return Course.objects.filter(agency_id=user.agency_id, active=True)


def record_list_for_admin(*, user) -> QuerySet[TrainingRecord]:
    """Records of the accounts the user administers."""
    return TrainingRecord.objects.filter(
        user__in=account_selectors.user_list_for_admin(user=user).values("pk")
    ).select_related("user", "course", "verified_by")


def record_get_for_admin(*, user, pk) -> TrainingRecord:
    return get_object_or_404(record_list_for_admin(user=user), pk=pk)


def certificate_record_get_for(*, user, pk) -> TrainingRecord:
    """A record with a certificate: its owner's, or one of the accounts the user administers or audits."""
    visible = account_selectors.user_list_for(user=user).values("pk")
    return get_object_or_404(TrainingRecord, pk=pk, user__in=visible, certificate__gt="")

"""Reads of training, scoped to the asking user: their own, or the divisions they administer."""

from dataclasses import dataclass
from datetime import date

from django.db.models import F, OuterRef, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404

from accounts import permissions
from accounts import selectors as account_selectors
from training.models import Course, SystemUser, TrainingRecord

CURRENT, EXPIRED, MISSING, PENDING = "current", "expired", "missing", "pending"
REJECTED = "rejected"


@dataclass(frozen=True)
class CourseStatus:
    course: Course
    state: str  # current, expired, missing; pending: a submission awaits verification;
    # rejected: the latest submission was rejected and nothing else is on record
    record: TrainingRecord | None
    # A newer submission awaiting verification beside a current or expired completion.
    submitted: TrainingRecord | None = None


def required_courses(agency_id: int) -> QuerySet[Course]:
    """Every active required course of the agency, whoever it is required of."""
    return Course.objects.filter(agency_id=agency_id, active=True, required=True)


def required_courses_for(user) -> QuerySet[Course]:
    """The courses required of this person: those of everyone, and those of the vendor systems
    they are marked as using (GO 5.42 F.4-F.5)."""
    systems = SystemUser.objects.filter(user=user).values("system")
    return required_courses(user.agency_id).filter(Q(system="") | Q(system__in=systems))


def training_status(user, today: date) -> list[CourseStatus]:
    """Each course required of the user and where the user stands on it. Completions before a
    course's void date do not count (429.5). An empty list means no course is required of the
    person, which the gate treats as missing training (it fails closed)."""
    from accounts.services.access import prefetched

    # Prefetched rows (accounts.services.access.STANDING_PREFETCH) when judging many people.
    agency_courses = prefetched(user.agency, "courses")
    systems_used = prefetched(user, "systems_used")
    if agency_courses is not None and systems_used is not None:
        systems = {s.system for s in systems_used}
        courses = [
            c
            for c in agency_courses
            if c.active and c.required and (c.system == "" or c.system in systems)
        ]
    else:
        courses = list(required_courses_for(user))
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
    voided = {course.pk: course.voided_before for course in courses if course.voided_before}
    latest_verified, latest_pending, latest_rejected = {}, {}, {}
    for record in records:
        if record.course_id in voided and record.completed_on < voided[record.course_id]:
            continue
        if record.is_verified:
            latest_verified.setdefault(record.course_id, record)
        elif record.is_rejected:
            latest_rejected.setdefault(record.course_id, record)
        else:
            latest_pending.setdefault(record.course_id, record)
    statuses = []
    for course in courses:
        record = latest_verified.get(course.pk)
        pending = latest_pending.get(course.pk)
        if record is None and pending is not None:
            statuses.append(CourseStatus(course, PENDING, pending))
        elif record is None and course.pk in latest_rejected:
            statuses.append(CourseStatus(course, REJECTED, latest_rejected[course.pk]))
        elif record is None:
            statuses.append(CourseStatus(course, MISSING, None))
        elif record.expires_on < today:
            statuses.append(CourseStatus(course, EXPIRED, record, pending))
        else:
            statuses.append(CourseStatus(course, CURRENT, record, pending))
    return statuses


def counting_records(records: QuerySet[TrainingRecord]) -> QuerySet[TrainingRecord]:
    """Of `records`, the verified completions that count for their person: of an active course
    required of them (everyone's, or a system they are marked as using), and not before the
    course's void date (429.5)."""
    systems_used = SystemUser.objects.filter(user=OuterRef("user")).values("system")
    return (
        records.filter(verified_at__isnull=False, course__required=True, course__active=True)
        .filter(Q(course__system="") | Q(course__system__in=Subquery(systems_used)))
        .exclude(course__voided_before__gt=F("completed_on"))
    )


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


def course_list_for_admin(*, user) -> QuerySet[Course]:
    """All the agency's courses, retired ones included, for its administrator."""
    if not permissions.is_agency_admin(user):
        return Course.objects.none()
    # The agency: a course without its own validity shows the agency's (Course.validity).
    return (
        Course.objects.filter(agency_id=user.agency_id)
        .select_related("agency")
        .order_by("-active", "name")
    )


def course_get_for_admin(*, user, pk) -> Course:
    return get_object_or_404(course_list_for_admin(user=user), pk=pk)


def system_users_for(*, course) -> QuerySet:
    """People of the course's agency marked as users of its system."""
    return SystemUser.objects.filter(agency_id=course.agency_id, system=course.system)

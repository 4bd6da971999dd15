"""Reads of accounts, always scoped to the user who asks. Fail closed: unknown means nothing."""

from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts import permissions
from accounts.models import (
    AgreementSignature,
    AgreementVersion,
    Division,
    GovernanceRecord,
    JobRun,
    ProvisioningEvent,
    ReapprovalItem,
    SecurityEvent,
    User,
)

# Kept importable from here for callers written before accounts.permissions existed.
ADMINISTRATIVE_ROLES = permissions.ADMINISTRATIVE_ROLES


def division_list_for(*, user) -> QuerySet[Division]:
    """Divisions the user may see: their agency's."""
    if not permissions.is_tenant_user(user):
        return Division.objects.none()
    return Division.objects.filter(agency_id=user.agency_id).select_related("agency")


def division_get_for(*, user, pk) -> Division:
    return get_object_or_404(division_list_for(user=user), pk=pk)


def divisions_administered_by(*, user) -> QuerySet[Division]:
    """Divisions whose users this user administers: all of the agency for an agency
    administrator, else those granted by object permission (django-guardian)."""
    return division_list_for(user=user).filter(
        pk__in=permissions.administered_divisions(user).values("pk")
    )


def divisions_audited_by(*, user) -> QuerySet[Division]:
    """Divisions whose use the user audits (accounts.permissions.audited_divisions)."""
    return division_list_for(user=user).filter(
        pk__in=permissions.audited_divisions(user).values("pk")
    )


def user_list_for(*, user) -> QuerySet[User]:
    """Accounts the user may see: themselves, plus those of divisions they administer or audit."""
    if not permissions.is_tenant_user(user):
        return User.objects.none()
    visible_divisions = divisions_administered_by(user=user) | divisions_audited_by(user=user)
    return (
        User.objects.filter(agency_id=user.agency_id)
        .filter(Q(pk=user.pk) | Q(division__in=visible_divisions.values("pk")))
        .select_related("agency", "division")
    )


def user_get_for(*, user, pk) -> User:
    return get_object_or_404(user_list_for(user=user), pk=pk)


def people_oversight_list_for(*, user) -> QuerySet[User]:
    """The people whose standing the user oversees (those of user_list_for), with what the
    standing reads prefetched: a page of them costs the same queries for 1 person as for 50."""
    from accounts.services.access import STANDING_PREFETCH

    if not permissions.sees_administrative_pages(user):
        return User.objects.none()
    return (
        user_list_for(user=user)
        .prefetch_related(*STANDING_PREFETCH)
        .order_by("division__code", "last_name", "first_name", "username")
    )


def second_factor_enrolled_among(*, user, people) -> set[int]:
    """Which of `people` (ids, or users) have a confirmed authenticator, among those the user may
    see: one query for a page of people."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    ids = [getattr(person, "pk", person) for person in people]
    visible = user_list_for(user=user).filter(pk__in=ids).values("pk")
    return set(
        TOTPDevice.objects.filter(user__in=visible, confirmed=True).values_list(
            "user_id", flat=True
        )
    )


def user_list_for_admin(*, user) -> QuerySet[User]:
    """Accounts the user may administer: those of divisions they administer."""
    if not permissions.is_tenant_user(user):
        return User.objects.none()
    return User.objects.filter(
        agency_id=user.agency_id,
        division__in=divisions_administered_by(user=user).values("pk"),
    ).select_related("agency", "division")


def user_get_for_admin(*, user, pk) -> User:
    return get_object_or_404(user_list_for_admin(user=user), pk=pk)


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _filtered(queryset: QuerySet, filters: dict | None, *, kind: str, people: tuple, at: str):
    """A log narrowed by the filters its page offers: `person` (a User, as any of `people`),
    `kind` (the action, event kind or job code), `since` and `until` (dates, inclusive, in the
    agency's time zone)."""
    filters = filters or {}
    if filters.get("person") is not None:
        person = Q()
        for field in people:
            person |= Q(**{field: filters["person"]})
        queryset = queryset.filter(person)
    if filters.get(kind):
        queryset = queryset.filter(**{kind: filters[kind]})
    if filters.get("since"):
        queryset = queryset.filter(**{f"{at}__gte": _local_midnight(filters["since"])})
    if filters.get("until"):
        end = _local_midnight(filters["until"] + timedelta(days=1))
        queryset = queryset.filter(**{f"{at}__lt": end})
    return queryset


def jobrun_list_for(*, user, filters: dict | None = None) -> QuerySet[JobRun]:
    """Job runs an administrator may see: their agency's, and platform jobs (no tenant data).
    Filters: `job`, `status`, `since`, `until`."""
    if not permissions.is_tenant_user(user):
        return JobRun.objects.none()
    if not permissions.sees_administrative_pages(user):
        return JobRun.objects.none()
    runs = JobRun.objects.filter(Q(agency_id=user.agency_id) | Q(agency__isnull=True))
    if filters and filters.get("status"):
        runs = runs.filter(status=filters["status"])
    return _filtered(runs, filters, kind="job", people=(), at="started_at")


def security_event_list_for(*, user, filters: dict | None = None) -> QuerySet[SecurityEvent]:
    """Security events of accounts the user administers or audits. Filters: `person` (the
    account, or who acted on it), `kind`, `since`, `until`."""
    if not permissions.is_tenant_user(user):
        return SecurityEvent.objects.none()
    events = SecurityEvent.objects.filter(
        agency_id=user.agency_id, user__in=user_list_for(user=user).values("pk")
    ).select_related("user", "actor")
    return _filtered(events, filters, kind="kind", people=("user", "actor"), at="at")


def provisioning_event_list_for(*, user) -> QuerySet[ProvisioningEvent]:
    """Provisioning changes of the accounts the user administers or audits, and agency-wide ones."""
    if not permissions.sees_administrative_pages(user):
        return ProvisioningEvent.objects.none()
    return (
        ProvisioningEvent.objects.filter(agency_id=user.agency_id)
        .filter(Q(subject__in=user_list_for(user=user).values("pk")) | Q(subject__isnull=True))
        .select_related("actor", "subject", "division")
    )


def governance_record_list_for(*, user, filters: dict | None = None) -> QuerySet[GovernanceRecord]:
    """Administrative acts the user may review: the agency's auditors (and its administrator) see
    agency-wide acts (no division) and those of the divisions they audit; Division
    Administrators those of the divisions they administer (53060.5(c)(2), 429.8). Filters:
    `person` (who acted, or whom the act concerned), `action`, `since`, `until`."""
    if not permissions.sees_administrative_pages(user):
        return GovernanceRecord.objects.none()
    scope = Q(division__in=permissions.administered_divisions(user).values("pk")) | Q(
        division__in=permissions.audited_divisions(user).values("pk")
    )
    if permissions.audits_agency(user, user.agency_id):
        scope |= Q(division__isnull=True)
    records = (
        GovernanceRecord.objects.filter(agency_id=user.agency_id)
        .filter(scope)
        .select_related("actor", "division", "subject_user")
    )
    return _filtered(records, filters, kind="action", people=("actor", "subject_user"), at="at")


def governance_record_list_for_person(*, user, person) -> QuerySet[GovernanceRecord]:
    """Everything done to one person that the user may review."""
    return governance_record_list_for(user=user).filter(subject_user=person)


def agreement_current_for(*, user) -> AgreementVersion | None:
    """The End User Agreement version in force in the user's agency."""
    if not permissions.is_tenant_user(user):
        return None
    return AgreementVersion.objects.filter(agency_id=user.agency_id).order_by("-version").first()


def agreement_version_get_for(*, user, version: int) -> AgreementVersion:
    if not permissions.is_tenant_user(user):
        raise Http404
    return get_object_or_404(AgreementVersion, agency_id=user.agency_id, version=version)


def agreement_scan_get_for(*, user, pk) -> AgreementSignature:
    """A filed scan: its signer's, or one of the accounts the user administers or audits."""
    visible = user_list_for(user=user).values("pk")
    return get_object_or_404(AgreementSignature, pk=pk, user__in=visible, scan__gt="")


def reapproval_list_for_admin(*, user) -> QuerySet[ReapprovalItem]:
    """Open yearly reviews of the accounts the user administers."""
    return ReapprovalItem.objects.filter(
        user__in=user_list_for_admin(user=user).values("pk"), decided_at__isnull=True
    ).select_related("user")


def reapproval_get_for_admin(*, user, pk) -> ReapprovalItem:
    return get_object_or_404(reapproval_list_for_admin(user=user), pk=pk)

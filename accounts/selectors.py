"""Reads of accounts, always scoped to the user who asks. Fail closed: unknown means nothing."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from time import time as epoch_seconds

from django.conf import settings
from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from accounts import permissions
from accounts.middleware import SESSION_EPOCH, SESSION_LAST_SEEN
from accounts.models import (
    AccountStatus,
    AgreementSignature,
    AgreementVersion,
    ApiToken,
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


def agreement_form_person_get_for(*, user, pk) -> User:
    """The person whose Form 110 the user may print (accounts.permissions.may_print_agreement_form);
    anyone else answers as a missing id does."""
    if not permissions.is_tenant_user(user):
        raise Http404
    person = get_object_or_404(
        User.objects.select_related("agency", "division"), pk=pk, agency_id=user.agency_id
    )
    if not permissions.may_print_agreement_form(user, person):
        raise Http404
    return person


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


def agreement_open_accounts(*, agency_id: int) -> QuerySet[User]:
    """Everyone of the agency whose account is open (not revoked, separated or closed): each must
    sign a newly published version before the gate lets them reach ALPR data again. For the
    publish service and its impact below; not scoped to a viewer, so never a page's list."""
    return User.objects.filter(agency_id=agency_id, is_active=True).exclude(
        status__in=[AccountStatus.REVOKED, AccountStatus.SEPARATED]
    )


@dataclass(frozen=True)
class AgreementPublishImpact:
    """What publishing a new agreement version would do, counted before it is done."""

    current: AgreementVersion | None
    next_version: int
    losing_access: int  # allowed by the gate's standing now; refused until they sign
    must_sign: int  # every open account: each must sign, and is e-mailed if it has an address
    without_email: int
    asker_loses_access: bool


def agreement_publish_impact_for(*, user) -> AgreementPublishImpact:
    """Counted with the gate's own rule (access_standing): whoever it allows now is refused once a
    version they have not signed is in force. Agency administrators only; a fixed number of
    queries whatever the agency's size."""
    from accounts.services.access import STANDING_PREFETCH, access_standing

    if not permissions.is_tenant_user(user):
        raise PermissionDenied
    if not permissions.is_agency_admin(user):
        raise PermissionDenied
    current = agreement_current_for(user=user)
    open_accounts = agreement_open_accounts(agency_id=user.agency_id)
    candidates = (
        open_accounts.filter(status=AccountStatus.ACTIVE, access_granted_at__isnull=False)
        .select_related("agency", "division")
        .prefetch_related(*STANDING_PREFETCH)
    )
    counts = open_accounts.aggregate(all=Count("pk"), without_email=Count("pk", filter=Q(email="")))
    now = timezone.now()
    allowed = [person.pk for person in candidates if access_standing(person, now=now).allowed]
    return AgreementPublishImpact(
        current=current,
        next_version=(current.version + 1) if current else 1,
        losing_access=len(allowed),
        must_sign=counts["all"],
        without_email=counts["without_email"],
        asker_loses_access=user.pk in allowed,
    )


def backup_codes_unused_for(*, user) -> int | None:
    """How many of the user's own backup codes are still unused (a used code is deleted); None
    when they have never had any."""
    from accounts.services.auth import BACKUP_DEVICE_NAME

    if not StaticDevice.objects.filter(user=user, name=BACKUP_DEVICE_NAME).exists():
        return None
    return StaticToken.objects.filter(device__user=user, device__name=BACKUP_DEVICE_NAME).count()


@dataclass(frozen=True)
class SignOutImpact:
    """What "sign out everywhere" would end: the user's live sessions and usable API tokens."""

    sessions: int
    api_tokens: int


def sign_out_impact_for(*, user) -> SignOutImpact:
    """The user's own sessions still alive (not expired, idle, signed out everywhere before, nor
    from before a password change), this one included, and their usable API tokens. Sessions are
    signed blobs with no user column, so the unexpired ones are decoded: a rare, asked-for page."""
    now = timezone.now()
    idle_since = int(epoch_seconds()) - settings.SESSION_IDLE_TIMEOUT_SECONDS
    own_id = str(user.pk)
    auth_hash = user.get_session_auth_hash()
    sessions = 0
    for session in Session.objects.filter(expire_date__gt=now).iterator(chunk_size=500):
        data = session.get_decoded()
        if data.get(SESSION_KEY) != own_id:
            continue
        if not constant_time_compare(data.get(HASH_SESSION_KEY, ""), auth_hash):
            continue
        if data.get(SESSION_EPOCH, user.session_epoch) != user.session_epoch:
            continue
        if data.get(SESSION_LAST_SEEN, idle_since) < idle_since:
            continue
        sessions += 1
    tokens = ApiToken.objects.filter(user=user, revoked_at__isnull=True, expires_at__gt=now)
    # The session asking is alive even if it has not been stored yet.
    return SignOutImpact(sessions=max(sessions, 1), api_tokens=tokens.count())

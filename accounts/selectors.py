"""Reads of accounts, always scoped to the user who asks. Fail closed: unknown means nothing."""

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

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


def jobrun_list_for(*, user) -> QuerySet[JobRun]:
    """Job runs an administrator may see: their agency's, and platform jobs (no tenant data)."""
    if not permissions.is_tenant_user(user):
        return JobRun.objects.none()
    if not permissions.sees_administrative_pages(user):
        return JobRun.objects.none()
    return JobRun.objects.filter(Q(agency_id=user.agency_id) | Q(agency__isnull=True))


def security_event_list_for(*, user) -> QuerySet[SecurityEvent]:
    """Security events of accounts the user administers or audits."""
    if not permissions.is_tenant_user(user):
        return SecurityEvent.objects.none()
    return SecurityEvent.objects.filter(
        agency_id=user.agency_id, user__in=user_list_for(user=user).values("pk")
    ).select_related("user", "actor")


def provisioning_event_list_for(*, user) -> QuerySet[ProvisioningEvent]:
    """Provisioning changes of the accounts the user administers or audits, and agency-wide ones."""
    if not permissions.sees_administrative_pages(user):
        return ProvisioningEvent.objects.none()
    return (
        ProvisioningEvent.objects.filter(agency_id=user.agency_id)
        .filter(Q(subject__in=user_list_for(user=user).values("pk")) | Q(subject__isnull=True))
        .select_related("actor", "subject", "division")
    )


def governance_record_list_for(*, user) -> QuerySet[GovernanceRecord]:
    """Administrative acts the user may review: the agency's auditors (and its administrator) see
    agency-wide acts (no division) and those of the divisions they audit; Division
    Administrators those of the divisions they administer (53060.5(c)(2), 429.8)."""
    if not permissions.sees_administrative_pages(user):
        return GovernanceRecord.objects.none()
    scope = Q(division__in=permissions.administered_divisions(user).values("pk")) | Q(
        division__in=permissions.audited_divisions(user).values("pk")
    )
    if permissions.audits_agency(user, user.agency_id):
        scope |= Q(division__isnull=True)
    return (
        GovernanceRecord.objects.filter(agency_id=user.agency_id)
        .filter(scope)
        .select_related("actor", "division", "subject_user")
    )


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

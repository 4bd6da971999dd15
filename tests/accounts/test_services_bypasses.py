"""Issue 8: the policy bypasses in provisioning, each tried as an attacker would, each refused
and — where an administrator attempted it — recorded as refused."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts import services
from accounts.models import AccountStatus, GovernanceRecord, Role
from accounts.services import access
from tests import factories
from tests.accounts.provisioning_helpers import pdf, provisioned, sign, train

pytestmark = pytest.mark.django_db


def _refusals(actor, subject=None):
    rows = GovernanceRecord.objects.filter(actor=actor, action="refused")
    return rows.filter(subject_user=subject) if subject is not None else rows


def _suspended_with_valid_training(division, admin, agency):
    """Trained 30 days ago (still valid), granted 400 days ago and never used: the job suspends."""
    person = provisioned(division, admin, granted_days_ago=400, trained_days_ago=0)
    # Training renewed 30 days ago, before the suspension: valid, but not "again after".
    train(admin, person, timezone.localdate() - timedelta(days=30))
    services.accounts_suspend_inactive(agency=agency)
    person.refresh_from_db()
    assert person.status == AccountStatus.SUSPENDED
    assert access.TRAINING_EXPIRED not in services.access_standing(person).codes
    return person


# --- 1. Reactivation without retraining (53060.5(c)(2)(D); 429.4) -----------------------------


def test_a_suspended_person_with_valid_training_is_not_brought_back_by_a_direct_grant(
    division_a, admin_a, agency_a
):
    person = _suspended_with_valid_training(division_a, admin_a, agency_a)
    with pytest.raises(ValidationError) as refused:
        services.access_grant(actor=admin_a, subject=person)
    assert "reactivation" in " ".join(refused.value.messages)
    person.refresh_from_db()
    assert person.status == AccountStatus.SUSPENDED
    assert _refusals(admin_a, person).get().after == {"attempted": "access_granted"}


def test_revoke_then_grant_does_not_bring_back_a_suspended_person(division_a, admin_a, agency_a):
    person = _suspended_with_valid_training(division_a, admin_a, agency_a)
    services.access_revoke(actor=admin_a, subject=person, reason="Tidying up")
    with pytest.raises(ValidationError) as refused:
        services.access_grant(actor=admin_a, subject=person)
    assert "completed again" in " ".join(refused.value.messages)
    person.refresh_from_db()
    assert person.status == AccountStatus.REVOKED


def test_revoke_then_grant_works_once_the_training_is_completed_again(
    division_a, admin_a, agency_a
):
    person = _suspended_with_valid_training(division_a, admin_a, agency_a)
    services.access_revoke(actor=admin_a, subject=person, reason="Tidying up")
    train(admin_a, person)  # today, after the suspension
    services.access_grant(actor=admin_a, subject=person)
    person.refresh_from_db()
    assert person.status == AccountStatus.ACTIVE and person.suspended_at is None


def test_a_revoked_person_idle_twelve_months_must_retrain_before_a_new_grant(division_a, admin_a):
    """GIVEN a person trained 400 days ago (valid two years), last used 380 days ago, revoked
    WHEN an administrator grants again THEN it is refused until the training is taken again."""
    person = provisioned(division_a, admin_a, granted_days_ago=400, trained_days_ago=0)
    assert person.agency.training_validity_days > 400  # the old training is still valid
    person.last_alpr_access_at = timezone.now() - timedelta(days=380)
    person.save(update_fields=["last_alpr_access_at"])
    services.access_revoke(actor=admin_a, subject=person, reason="Reassigned")
    with pytest.raises(ValidationError):
        services.access_grant(actor=admin_a, subject=person)
    train(admin_a, person)
    services.access_grant(actor=admin_a, subject=person)


def test_reactivation_refuses_training_renewed_before_the_suspension(division_a, admin_a, agency_a):
    person = _suspended_with_valid_training(division_a, admin_a, agency_a)
    with pytest.raises(ValidationError):
        services.account_reactivate(actor=admin_a, subject=person)
    assert _refusals(admin_a, person).get().after == {"attempted": "account_reactivated"}


# --- 2. Administrators' powers follow their own standing -------------------------------------


def _lapse_suspended(admin, agency_admin):
    admin.status = AccountStatus.SUSPENDED
    admin.save(update_fields=["status"])


def _lapse_revoked(admin, agency_admin):
    services.access_revoke(actor=agency_admin, subject=admin, reason="Left the unit")


def _lapse_never_granted(admin, agency_admin):
    admin.access_granted_at = None
    admin.save(update_fields=["access_granted_at"])


def _lapse_untrained(admin, agency_admin):
    admin.training_records.update(expires_on=timezone.localdate() - timedelta(days=1))


def _lapse_unsigned(admin, agency_admin):
    services.agreement_version_publish(
        actor=agency_admin, agency=admin.agency, title="Form 110", text="Version two"
    )


@pytest.mark.parametrize(
    "lapse",
    [_lapse_suspended, _lapse_revoked, _lapse_never_granted, _lapse_untrained, _lapse_unsigned],
    ids=["suspended", "revoked", "never-granted", "untrained", "unsigned"],
)
def test_a_division_administrator_out_of_standing_grants_nothing_and_the_try_is_recorded(
    division_a, lapse
):
    agency_admin = factories.user(division_a, role=Role.AGENCY_ADMIN)
    admin = factories.user(division_a, role=Role.DIVISION_ADMIN_PRIMARY, rank_title="Lieutenant")
    person = factories.user(division_a, status=AccountStatus.PENDING)
    sign(person)
    train(agency_admin, person)
    lapse(admin, agency_admin)
    admin.refresh_from_db()
    with pytest.raises(PermissionDenied) as refused:
        services.access_grant(actor=admin, subject=person)
    assert "standing" in str(refused.value)
    with pytest.raises(PermissionDenied):
        train(admin, person)
    person.refresh_from_db()
    assert person.status == AccountStatus.PENDING
    assert _refusals(admin, person).count() == 2


def test_an_agency_administrator_out_of_standing_publishes_no_agreement(division_a):
    agency_admin = factories.user(division_a, role=Role.AGENCY_ADMIN)
    agency_admin.training_records.update(expires_on=timezone.localdate() - timedelta(days=1))
    with pytest.raises(PermissionDenied):
        services.agreement_version_publish(
            actor=agency_admin, agency=agency_admin.agency, title="Form 110", text="v2"
        )
    assert agency_admin.agency.agreement_versions.count() == 1
    assert _refusals(agency_admin).get().after == {"attempted": "agreement_published"}


# --- 3. Separation of duties ------------------------------------------------------------------


def test_an_administrator_cannot_grant_train_reactivate_or_except_themselves(division_a):
    from training import services as training_services
    from training.selectors import required_courses

    agency_admin = factories.user(division_a, role=Role.AGENCY_ADMIN)
    with pytest.raises(PermissionDenied):
        services.access_grant(actor=agency_admin, subject=agency_admin)
    with pytest.raises(PermissionDenied):
        training_services.training_record_create(
            actor=agency_admin,
            subject=agency_admin,
            course=required_courses(agency_admin.agency_id).first(),
            completed_on=date.today(),
        )
    with pytest.raises(PermissionDenied):
        services.account_reactivate(actor=agency_admin, subject=agency_admin)
    with pytest.raises(PermissionDenied):
        services.exception_approve(
            actor=agency_admin,
            subject=agency_admin,
            approver_name="Me",
            approver_title="Me",
            approved_on=date.today(),
            reason="Me",
            document=pdf(),
        )
    assert _refusals(agency_admin, agency_admin).count() == 4
    assert all("themselves" in r.reason for r in _refusals(agency_admin, agency_admin))


def test_nobody_re_approves_themselves():
    from accounts.models import ReapprovalItem

    doj = factories.agency("doj")
    dle = doj.divisions.get(code="DLE")
    primary = factories.user(
        dle,
        role=Role.DIVISION_ADMIN_PRIMARY,
        rank_title="Staff Services Analyst (Office of the Chief)",
    )
    primary.last_approved_at = timezone.now() - timedelta(days=350)
    primary.save(update_fields=["last_approved_at"])
    services.reapproval_open_due(agency=doj)
    item = ReapprovalItem.objects.get(user=primary)
    with pytest.raises(PermissionDenied):
        services.reapproval_decide(actor=primary, item=item, approve=True)
    item.refresh_from_db()
    assert item.decided_at is None


def test_a_secondary_administrator_cannot_end_the_primary_or_the_agency_administrator(
    division_a,
):
    agency_admin = factories.user(division_a, role=Role.AGENCY_ADMIN)
    primary = factories.user(division_a, role=Role.DIVISION_ADMIN_PRIMARY, rank_title="Lieutenant")
    secondary = factories.user(division_a, role=Role.DIVISION_ADMIN_SECONDARY)
    for higher in (primary, agency_admin):
        with pytest.raises(PermissionDenied):
            services.access_revoke(actor=secondary, subject=higher, reason="Coup")
        with pytest.raises(PermissionDenied):
            services.account_separate(actor=secondary, subject=higher, reason="Coup")
        higher.refresh_from_db()
        assert higher.status == AccountStatus.ACTIVE
    # The higher role may end the lower one's access.
    services.access_revoke(actor=primary, subject=secondary, reason="Reassigned")


# --- 4. Encoded rules that contradicted the policies -----------------------------------------


def test_a_cdcr_exception_is_for_dapo_staff_only():
    cdcr = factories.agency("cdcr")
    ocs = cdcr.divisions.get(code="OCS")
    admin = factories.user(
        ocs, role=Role.DIVISION_ADMIN_PRIMARY, rank_title="Special Agent-In-Charge"
    )
    person = factories.user(
        ocs, status=AccountStatus.PENDING, job_classification="Office Technician"
    )
    with pytest.raises(ValidationError) as refused:
        services.exception_approve(
            actor=admin,
            subject=person,
            approver_name="J. Smith",
            approver_title="DAPO Deputy Director",
            approved_on=date.today(),
            reason="Task force",
            document=pdf(),
        )
    assert "DAPO" in " ".join(refused.value.messages)
    assert not person.exception_approvals.exists()


def test_a_cdcr_exception_keeps_the_signed_approval_document():
    cdcr = factories.agency("cdcr")
    dapo = cdcr.divisions.get(code="DAPO")
    admin = factories.user(dapo, role=Role.DIVISION_ADMIN_PRIMARY, rank_title="Parole Agent III")
    person = factories.user(dapo, status=AccountStatus.PENDING, job_classification="Parole Agent I")
    approval = dict(
        actor=admin,
        subject=person,
        approver_name="J. Smith",
        approver_title="DAPO Deputy Director",
        approved_on=date.today(),
        reason="Fugitive apprehension task force",
    )
    with pytest.raises(ValidationError):
        services.exception_approve(**approval)
    kept = services.exception_approve(**approval, document=pdf("approval.pdf"))
    assert kept.document.read().startswith(b"%PDF")


def test_doj_administrators_hold_their_division_classification_secondary_included():
    doj = factories.agency("doj")
    dle = doj.divisions.get(code="DLE")
    dmfea = doj.divisions.get(code="DMFEA")
    agency_admin = factories.user(dle, role=Role.AGENCY_ADMIN)
    # A Crime Analyst Supervisor qualifies for DMFEA, not for DLE; and not even as DLE's secondary.
    cas_in_dle = factories.user(dle, rank_title="Crime Analyst Supervisor")
    for role in (Role.DIVISION_ADMIN_PRIMARY, Role.DIVISION_ADMIN_SECONDARY):
        with pytest.raises(ValidationError):
            services.division_admin_designate(actor=agency_admin, subject=cas_in_dle, role=role)
    cas_in_dmfea = factories.user(dmfea, rank_title="Crime Analyst Supervisor")
    services.division_admin_designate(
        actor=agency_admin, subject=cas_in_dmfea, role=Role.DIVISION_ADMIN_SECONDARY
    )
    assert _refusals(agency_admin, cas_in_dle).count() == 2


def test_one_person_cannot_be_both_primary_and_secondary_and_the_replaced_loses_the_role(
    division_a,
):
    agency_admin = factories.user(division_a, role=Role.AGENCY_ADMIN)
    first = factories.user(division_a, rank_title="Lieutenant")
    second = factories.user(division_a, rank_title="Captain")
    services.division_admin_designate(
        actor=agency_admin, subject=first, role=Role.DIVISION_ADMIN_SECONDARY
    )
    services.division_admin_designate(
        actor=agency_admin, subject=first, role=Role.DIVISION_ADMIN_PRIMARY
    )
    division_a.refresh_from_db()
    assert (division_a.primary_admin, division_a.secondary_admin) == (first, None)
    services.division_admin_designate(
        actor=agency_admin, subject=second, role=Role.DIVISION_ADMIN_PRIMARY
    )
    first.refresh_from_db()
    assert first.role == Role.END_USER
    assert not first.has_perm("accounts.administer_division", division_a)
    replaced = GovernanceRecord.objects.get(subject_user=first, action="administrator_replaced")
    assert (replaced.before["role"], replaced.after["role"]) == (
        "division_admin_primary",
        "end_user",
    )


def test_a_separated_administrator_loses_the_role_and_its_permissions(division_a):
    agency_admin = factories.user(division_a, role=Role.AGENCY_ADMIN)
    primary = factories.user(division_a, role=Role.DIVISION_ADMIN_PRIMARY, rank_title="Lieutenant")
    services.account_separate(actor=agency_admin, subject=primary, reason="Retired")
    primary.refresh_from_db()
    division_a.refresh_from_db()
    assert primary.role == Role.END_USER
    assert division_a.primary_admin is None
    assert not primary.has_perm("accounts.administer_division", division_a)


# --- 7. Documented need at the access request (53060.7(b)(3); 429.4) -------------------------


def test_an_access_request_without_a_documented_need_is_refused(division_a, admin_a):
    with pytest.raises(ValidationError) as refused:
        services.access_request(
            actor=admin_a,
            division=division_a,
            username="no.need",
            first_name="No",
            last_name="Need",
            email="x@example.invalid",
            job_classification="Detective",
            reason="  ",
        )
    assert "reason" in refused.value.message_dict
    assert not division_a.users.filter(username="no.need").exists()

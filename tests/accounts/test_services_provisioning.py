"""The provisioning workflow: refusals that say what is missing, nothing half-saved, everything recorded."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from accounts import services
from accounts.models import (
    AccountStatus,
    AgreementSignature,
    ApiToken,
    GovernanceRecord,
    JobRun,
    Role,
)
from accounts.services import access
from accounts.tasks import suspend_inactive_job
from tests import factories
from tests.accounts.provisioning_helpers import pdf, provisioned, sign, train

pytestmark = pytest.mark.django_db


def test_request_then_grant_records_each_step_and_mails_the_person(
    division_a, admin_a, django_capture_on_commit_callbacks
):
    person = services.access_request(
        actor=admin_a,
        division=division_a,
        username="jdoe",
        first_name="Jane",
        last_name="Doe",
        email="jdoe@example.invalid",
        job_classification=division_a.agency.eligible_classifications[0],
        reason="Burglary series 26-118342",
    )
    assert person.status == AccountStatus.PENDING
    with pytest.raises(ValidationError) as refused:
        services.access_grant(actor=admin_a, subject=person)
    assert any("agreement" in m.lower() for m in refused.value.messages)
    assert any("training" in m.lower() for m in refused.value.messages)
    person.refresh_from_db()
    assert person.status == AccountStatus.PENDING  # nothing half-saved
    sign(person)
    train(admin_a, person)
    with django_capture_on_commit_callbacks(execute=True):
        services.access_grant(actor=admin_a, subject=person)
    person.refresh_from_db()
    assert person.status == AccountStatus.ACTIVE
    actions = list(
        GovernanceRecord.objects.filter(subject_user=person)
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "access_requested",
        "invitation_sent",
        "refused",  # the early grant attempt
        "agreement_signed",
        "training_recorded",
        "access_granted",
    ]
    assert [m.subject for m in mail.outbox] == ["[ALPR] ALPR access granted"]
    assert "jdoe@example.invalid" in mail.outbox[0].to


def test_a_division_admin_cannot_act_on_another_division_or_agency(
    division_a2, division_b, admin_a
):
    neighbour = factories.user(division_a2, status=AccountStatus.PENDING)
    stranger = factories.user(division_b, status=AccountStatus.PENDING)
    for target in (neighbour, stranger):
        with pytest.raises(PermissionDenied):
            services.access_revoke(actor=admin_a, subject=target, reason="x")
        with pytest.raises(PermissionDenied):
            services.access_grant(actor=admin_a, subject=target)
    with pytest.raises(PermissionDenied):
        services.access_request(
            actor=admin_a,
            division=division_b,
            username="x",
            first_name="X",
            last_name="Y",
            email="x@example.invalid",
            job_classification="Deputy Sheriff",
            reason="Auto theft task force",
        )
    # Nothing changed; each attempt is on record as refused.
    acts_on_others = GovernanceRecord.objects.filter(actor=admin_a).exclude(subject_user=admin_a)
    assert set(acts_on_others.values_list("action", flat=True)) == {"refused"}
    assert acts_on_others.count() == 5


def test_revoke_needs_a_reason_and_is_recorded(division_a, admin_a):
    person = provisioned(division_a, admin_a)
    with pytest.raises(ValidationError):
        services.access_revoke(actor=admin_a, subject=person, reason=" ")
    services.access_revoke(actor=admin_a, subject=person, reason="No longer on the task force")
    record = GovernanceRecord.objects.get(subject_user=person, action="access_revoked")
    assert (record.actor, record.reason) == (admin_a, "No longer on the task force")
    assert (record.before["status"], record.after["status"]) == ("active", "revoked")


def test_classification_change_to_an_ineligible_one_ends_access_at_once(division_a, admin_a):
    person = provisioned(division_a, admin_a)
    services.classification_change(actor=admin_a, subject=person, classification="Records Clerk")
    person.refresh_from_db()
    assert person.status == AccountStatus.PENDING
    assert services.access_standing(person).codes == [
        access.ACCOUNT_NOT_ACTIVE,
        access.CLASSIFICATION_NOT_ELIGIBLE,
    ]
    record = GovernanceRecord.objects.get(subject_user=person, action="classification_changed")
    assert record.after["access_ended"] is True
    assert record.before["job_classification"] != record.after["job_classification"]


def test_classification_change_to_another_eligible_one_keeps_access(division_a, admin_a):
    person = provisioned(division_a, admin_a)
    services.classification_change(actor=admin_a, subject=person, classification="Detective")
    person.refresh_from_db()
    assert person.status == AccountStatus.ACTIVE


def test_separation_closes_the_account_for_good_and_keeps_history(
    division_a, admin_a, api_client_for
):
    person = provisioned(division_a, admin_a)
    api = api_client_for(person)
    services.account_separate(actor=admin_a, subject=person, reason="Retired")
    person.refresh_from_db()
    assert (person.status, person.is_active, person.email, person.first_name) == (
        "separated",
        False,
        "",
        "",
    )
    assert not person.has_usable_password()
    assert api.get("/api/v1/me").status_code == 401
    assert not ApiToken.objects.filter(user=person, revoked_at__isnull=True).exists()
    assert GovernanceRecord.objects.filter(subject_user=person).count() >= 4  # history kept
    with pytest.raises(ValidationError):
        services.access_grant(actor=admin_a, subject=person)


def test_signing_an_outdated_version_is_refused(division_a, admin_a):
    person = factories.user(division_a, status=AccountStatus.PENDING)
    old = person.agency.agreement_versions.order_by("-version").first()
    agency_admin = factories.user(division_a, role=Role.AGENCY_ADMIN)
    services.agreement_version_publish(
        actor=agency_admin, agency=person.agency, title="Form 110", text="v2"
    )
    with pytest.raises(ValidationError) as refused:
        services.agreement_sign(
            actor=person,
            version=old,
            typed_name=person.get_full_name(),
            accepted=True,
            ip_address=None,
        )
    assert "version" in refused.value.message_dict
    assert not AgreementSignature.objects.filter(user=person).exists()


def test_signing_needs_the_full_name_and_explicit_acceptance_and_stores_the_text_digest(division_a):
    import hashlib

    person = factories.user(division_a, status=AccountStatus.PENDING)
    version = person.agency.agreement_versions.first()
    with pytest.raises(ValidationError):
        services.agreement_sign(
            actor=person, version=version, typed_name="Someone Else", accepted=True, ip_address=None
        )
    with pytest.raises(ValidationError):
        services.agreement_sign(
            actor=person,
            version=version,
            typed_name=person.get_full_name(),
            accepted=False,
            ip_address=None,
        )
    signature = services.agreement_sign(
        actor=person,
        version=version,
        typed_name=person.get_full_name().upper(),
        accepted=True,
        ip_address="10.9.8.7",
    )
    assert signature.text_sha256 == hashlib.sha256(version.text.encode()).hexdigest()
    assert signature.ip_address == "10.9.8.7"
    assert (
        signature.retain_until
        == (signature.signed_at + timedelta(days=person.agency.agreement_retention_days)).date()
    )


@pytest.mark.parametrize(
    ("upload", "field"),
    [
        (SimpleUploadedFile("form.exe", b"MZ\x90\x00 not a document", "application/pdf"), "scan"),
        (SimpleUploadedFile("form.txt", b"I agree", "text/plain"), "scan"),
    ],
)
def test_a_scan_that_is_not_a_pdf_or_image_is_refused(division_a, admin_a, upload, field):
    person = factories.user(division_a, status=AccountStatus.PENDING)
    version = person.agency.agreement_versions.first()
    with pytest.raises(ValidationError) as refused:
        services.agreement_scan_upload(
            actor=admin_a,
            subject=person,
            version=version,
            scan=upload,
            signed_on=timezone.localdate(),
        )
    assert field in refused.value.message_dict
    assert not AgreementSignature.objects.filter(user=person).exists()


def test_an_oversized_scan_is_refused(division_a, admin_a):
    person = factories.user(division_a, status=AccountStatus.PENDING)
    version = person.agency.agreement_versions.first()
    big = SimpleUploadedFile(
        "form.pdf", b"%PDF-1.4" + b"0" * (10 * 1024 * 1024 + 1), "application/pdf"
    )
    with pytest.raises(ValidationError):
        services.agreement_scan_upload(
            actor=admin_a, subject=person, version=version, scan=big, signed_on=timezone.localdate()
        )


def test_a_scanned_form_counts_as_signed(division_a, admin_a):
    person = factories.user(division_a, status=AccountStatus.PENDING)
    version = person.agency.agreement_versions.first()
    services.agreement_scan_upload(
        actor=admin_a, subject=person, version=version, scan=pdf(), signed_on=timezone.localdate()
    )
    assert access.AGREEMENT_MISSING not in services.access_standing(person).codes


def test_inactivity_job_suspends_idle_accounts_and_is_idempotent(division_a, admin_a, agency_a):
    idle = provisioned(division_a, admin_a, granted_days_ago=400, trained_days_ago=0)
    busy = provisioned(division_a, admin_a)
    first = suspend_inactive_job(agency=agency_a)
    second = suspend_inactive_job(agency=agency_a)
    idle.refresh_from_db()
    busy.refresh_from_db()
    assert (idle.status, busy.status) == (AccountStatus.SUSPENDED, AccountStatus.ACTIVE)
    assert (first.counts, second.counts) == ({"suspended": 1}, {"suspended": 0})
    assert first.status == JobRun.Status.SUCCEEDED
    suspended = GovernanceRecord.objects.get(subject_user=idle, action="account_suspended")
    assert suspended.actor is None  # the job
    assert (suspended.before["status"], suspended.after["status"]) == ("active", "suspended")


def test_a_suspended_account_is_reactivated_only_after_new_training(division_a, admin_a, agency_a):
    """GIVEN a person idle 12 months, suspended by the job
    WHEN the administrator tries to reactivate without new training, then after it
    THEN the first is refused and the person cannot search; the second restores access."""
    person = provisioned(division_a, admin_a, granted_days_ago=400, trained_days_ago=0)
    services.accounts_suspend_inactive(agency=agency_a)
    person.refresh_from_db()
    assert access.ACCOUNT_NOT_ACTIVE in services.access_standing(person).codes
    with pytest.raises(ValidationError) as refused:
        services.account_reactivate(actor=admin_a, subject=person)
    assert any("training" in m for m in refused.value.messages)
    train(admin_a, person)  # completed today, after the suspension
    services.account_reactivate(actor=admin_a, subject=person)
    person.refresh_from_db()
    assert services.access_standing(person).allowed
    assert services.accounts_suspend_inactive(agency=agency_a) == []  # the clock restarts
    assert (
        GovernanceRecord.objects.filter(subject_user=person, action="account_reactivated").count()
        == 1
    )


def test_suspend_command_dry_run_names_people_and_changes_nothing(division_a, admin_a, agency_a):
    from io import StringIO

    idle = provisioned(division_a, admin_a, granted_days_ago=400)
    out = StringIO()
    call_command("suspend_inactive", dry_run=True, stdout=out)
    assert idle.username in out.getvalue()
    idle.refresh_from_db()
    assert idle.status == AccountStatus.ACTIVE


def test_primary_division_admin_must_hold_a_qualifying_rank(division_a):
    agency_admin = factories.user(division_a, role=Role.AGENCY_ADMIN)
    officer = factories.user(division_a, rank_title="Police Officer")
    with pytest.raises(ValidationError):
        services.division_admin_designate(
            actor=agency_admin, subject=officer, role=Role.DIVISION_ADMIN_PRIMARY
        )
    services.division_admin_designate(
        actor=agency_admin, subject=officer, role=Role.DIVISION_ADMIN_SECONDARY
    )
    lieutenant = factories.user(division_a, rank_title="Lieutenant")
    services.division_admin_designate(
        actor=agency_admin, subject=lieutenant, role=Role.DIVISION_ADMIN_PRIMARY
    )
    division_a.refresh_from_db()
    assert (division_a.primary_admin, division_a.secondary_admin) == (lieutenant, officer)
    assert lieutenant.has_perm("accounts.administer_division", division_a)


def test_reapproval_revoke_ends_access():
    from accounts.models import ReapprovalItem

    doj = factories.agency("doj")
    division = doj.divisions.first()
    admin = factories.user(
        division, role=Role.DIVISION_ADMIN_PRIMARY, rank_title="Staff Services Analyst"
    )
    person = provisioned(division, admin, granted_days_ago=350)
    services.reapproval_open_due(agency=doj)
    item = ReapprovalItem.objects.get(user=person)
    services.reapproval_decide(actor=admin, item=item, approve=False, note="Left the unit")
    person.refresh_from_db()
    assert person.status == AccountStatus.REVOKED


def test_exception_needs_the_named_approver_title(division_a):
    cdcr = factories.agency("cdcr")
    dapo = cdcr.divisions.get(code="DAPO")
    admin = factories.user(dapo, role=Role.DIVISION_ADMIN_PRIMARY, rank_title="Parole Agent III")
    person = factories.user(dapo, job_classification="Parole Agent I (Adult Parole)")
    with pytest.raises(ValidationError):
        services.exception_approve(
            actor=admin,
            subject=person,
            approver_name="",
            approver_title="DAPO Deputy Director",
            approved_on=date.today(),
            reason="",
        )
    assert not person.exception_approvals.exists()


def test_training_expiry_notices_go_once_at_30_and_7_days_and_on_expiry(
    division_a, admin_a, agency_a, django_capture_on_commit_callbacks
):
    from training.jobs import training_expiry_job

    validity = agency_a.training_validity_days
    provisioned(division_a, admin_a, trained_days_ago=validity - 20)  # 20 days left
    provisioned(division_a, admin_a, trained_days_ago=validity - 5)  # 5 days left
    # Trained validity + 2 days ago, granted 10 days ago while still valid: expired now.
    provisioned(division_a, admin_a, trained_days_ago=validity - 8, granted_days_ago=10)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        first = training_expiry_job(agency=agency_a)
    assert first.counts == {"warn_30": 1, "warn_7": 1, "expired": 1}
    assert len(mail.outbox) == 3
    with django_capture_on_commit_callbacks(execute=True):
        second = training_expiry_job(agency=agency_a)
    assert second.counts == {"warn_30": 0, "warn_7": 0, "expired": 0}
    assert len(mail.outbox) == 3
    assert GovernanceRecord.objects.filter(action="training_expired").count() == 1


def test_a_certificate_is_required_for_the_sheriffs_vendor_courses():
    from training import services as training_services
    from training.selectors import required_courses

    sheriff = factories.agency("county_sheriff")
    division = sheriff.divisions.first()
    admin = factories.user(division, role=Role.DIVISION_ADMIN_PRIMARY, rank_title="Lieutenant")
    person = factories.user(division)
    course = required_courses(sheriff.pk).get(code="vigilant-car-detector")
    with pytest.raises(ValidationError) as refused:
        training_services.training_record_create(
            actor=admin, subject=person, course=course, completed_on=date.today()
        )
    assert "certificate" in refused.value.message_dict
    training_services.training_record_create(
        actor=admin,
        subject=person,
        course=course,
        completed_on=date.today(),
        certificate=pdf("cert.pdf"),
    )


def test_people_cannot_verify_their_own_training(division_a, admin_a):
    from training import services as training_services
    from training.selectors import required_courses

    record = training_services.training_record_submit(
        actor=admin_a,
        course=required_courses(admin_a.agency_id).first(),
        completed_on=date.today(),
        certificate=pdf(),
    )
    with pytest.raises(PermissionDenied):
        training_services.training_record_verify(actor=admin_a, record=record)


def test_training_in_the_future_is_refused(division_a, admin_a):
    from training import services as training_services
    from training.selectors import required_courses

    person = factories.user(division_a)
    with pytest.raises(ValidationError):
        training_services.training_record_create(
            actor=admin_a,
            subject=person,
            course=required_courses(person.agency_id).first(),
            completed_on=timezone.localdate() + timedelta(days=1),
        )

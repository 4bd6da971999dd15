import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import AccountStatus, GovernanceRecord, Role
from tests import factories
from tests.accounts.provisioning_helpers import provisioned

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/provisioning/",
        "/provisioning/request/",
        "/provisioning/reapprovals/",
        "/provisioning/log/",
        "/agreement/",
        "/training/",
        "/training/division/",
    ],
)
def test_administrator_pages_render(path, admin_a, client_for):
    assert client_for(admin_a).get(path).status_code == 200


def test_person_page_renders_with_standing_history_and_forms(division_a, admin_a, client_for):
    person = provisioned(division_a, admin_a)
    page = client_for(admin_a).get(f"/provisioning/users/{person.pk}/").content.decode()
    assert "allowed" in page and "access granted" in page.lower()


def test_agency_admin_publishes_an_agreement_and_people_must_sign_again(
    division_a, admin_a, client_for
):
    person = provisioned(division_a, admin_a)
    agency_admin = factories.user(division_a, role=Role.AGENCY_ADMIN)
    response = client_for(agency_admin).post(
        "/agreement/publish/", {"title": "Form 110", "text": "New terms", "confirmed": "1"}
    )
    assert response.status_code == 302
    page = client_for(person).get("/").content.decode()
    assert 'data-code="agreement_outdated"' in page
    signed = client_for(person).post(
        "/agreement/", {"typed_name": person.get_full_name(), "accepted": "on", "version": 2}
    )
    assert signed.status_code == 302
    assert 'data-testid="access-allowed"' in client_for(person).get("/").content.decode()


def test_signing_with_the_wrong_name_is_a_form_error(division_a, client_for):
    person = factories.user(division_a, status=AccountStatus.PENDING)
    response = client_for(person).post(
        "/agreement/", {"typed_name": "Nobody", "accepted": "on", "version": 1}
    )
    assert response.status_code == 200
    assert "Type your full name as on your account" in response.content.decode()


def test_end_users_get_no_provisioning_pages(user_a, client_for):
    for path in (
        "/provisioning/",
        "/provisioning/request/",
        "/training/division/",
        "/agreement/publish/",
    ):
        assert client_for(user_a).get(path).status_code == 403


def test_a_refused_grant_says_what_is_missing(division_a, admin_a, client_for):
    person = factories.user(division_a, status=AccountStatus.PENDING)
    client = client_for(admin_a)
    response = client.post(f"/provisioning/users/{person.pk}/grant/", follow=True)
    page = response.content.decode()
    assert "Access cannot be granted yet" in page and "End User Agreement" in page
    person.refresh_from_db()
    assert person.status == AccountStatus.PENDING


def test_admin_of_division_a_cannot_open_a_person_of_division_a2(division_a2, admin_a, client_for):
    other = factories.user(division_a2)
    client = client_for(admin_a)
    assert client.get(f"/provisioning/users/{other.pk}/").status_code == 404
    assert (
        client.post(f"/provisioning/users/{other.pk}/revoke/", {"reason": "x"}).status_code == 404
    )
    assert not GovernanceRecord.objects.filter(subject_user=other, actor=admin_a).exists()


def test_uploading_a_non_pdf_scan_is_refused_with_a_message(division_a, admin_a, client_for):
    person = factories.user(division_a, status=AccountStatus.PENDING)
    upload = SimpleUploadedFile("form.pdf", b"just text", "application/pdf")
    response = client_for(admin_a).post(
        f"/provisioning/users/{person.pk}/agreement-scan/",
        {"scan-scan": upload, "scan-signed_on": timezone.localdate().isoformat()},
        follow=True,
    )
    assert "Upload a PDF, PNG or JPEG file." in response.content.decode()
    assert not person.agreement_signatures.exists()


def test_access_request_form_creates_a_pending_account(division_a, admin_a, client_for):
    response = client_for(admin_a).post(
        "/provisioning/request/",
        {
            "division": division_a.pk,
            "username": "new.person",
            "first_name": "New",
            "last_name": "Person",
            "email": "new@example.invalid",
            "job_classification": "Detective",
            "reason": "Auto theft task force, case 26-118342",
        },
    )
    assert response.status_code == 302
    record = GovernanceRecord.objects.get(action="access_requested")
    assert record.subject_user.username == "new.person" and record.actor == admin_a
    assert record.reason == "Auto theft task force, case 26-118342"
    assert record.client_address == "127.0.0.1"


def test_auditor_reads_the_provisioning_log_of_the_division(division_a, admin_a, client_for):
    auditor = factories.user(division_a, role=Role.AUDITOR)
    person = provisioned(division_a, admin_a)
    page = client_for(auditor).get("/provisioning/log/").content.decode()
    assert person.username in page


def test_the_governance_log_shows_each_reader_what_they_may_review(
    division_a, division_a2, admin_a, client_for
):
    """GIVEN acts in division A, in sibling division A2, and an agency-wide act (a new agreement)
    WHEN an auditor of A, the administrator of A and the administrator of A2 read the log
    THEN the auditor sees A and the agency-wide act, the administrators only their division."""
    agency_admin = factories.user(division_a2, role=Role.AGENCY_ADMIN)
    admin_a2 = factories.user(division_a2, role=Role.DIVISION_ADMIN_PRIMARY, rank_title="Captain")
    auditor = factories.user(division_a, role=Role.AUDITOR)
    in_a = provisioned(division_a, admin_a)
    in_a2 = provisioned(division_a2, admin_a2)
    from accounts import services

    services.agreement_version_publish(
        actor=agency_admin, agency=division_a.agency, title="Form 110 (2027)", text="v2"
    )
    auditor_page = client_for(auditor).get("/provisioning/log/").content.decode()
    admin_page = client_for(admin_a).get("/provisioning/log/").content.decode()
    admin_a2_page = client_for(admin_a2).get("/provisioning/log/").content.decode()
    assert in_a.username in auditor_page and "Form 110 (2027)" in auditor_page
    assert in_a2.username not in auditor_page
    assert in_a.username in admin_page and "Form 110 (2027)" not in admin_page
    assert in_a2.username in admin_a2_page and in_a.username not in admin_a2_page


def test_the_governance_log_shows_values_before_and_after(division_a, admin_a, client_for):
    auditor = factories.user(division_a, role=Role.AUDITOR)
    person = provisioned(division_a, admin_a)
    from accounts import services

    services.access_revoke(actor=admin_a, subject=person, reason="Left the task force")
    page = client_for(auditor).get("/provisioning/log/").content.decode()
    assert "<del>active</del> → <ins>revoked</ins>" in page
    assert "Left the task force" in page


def test_a_refused_act_shows_in_the_log_as_refused(division_a, admin_a, client_for):
    auditor = factories.user(division_a, role=Role.AUDITOR)
    client_for(admin_a).post(f"/provisioning/users/{admin_a.pk}/grant/")
    page = client_for(auditor).get("/provisioning/log/").content.decode()
    assert "Refused: access_granted" in page


def test_the_governance_log_reads_in_a_fixed_number_of_queries(
    division_a, admin_a, client_for, django_assert_max_num_queries
):
    auditor = factories.user(division_a, role=Role.AUDITOR)
    for _ in range(5):
        provisioned(division_a, admin_a)
    client = client_for(auditor)
    with django_assert_max_num_queries(20):
        response = client.get("/provisioning/log/")
    assert response.status_code == 200
    assert GovernanceRecord.objects.filter(agency=division_a.agency).count() >= 15

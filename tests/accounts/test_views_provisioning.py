import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

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
        "/agreement/publish/", {"title": "Form 110", "text": "New terms"}
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
        f"/provisioning/users/{person.pk}/agreement-scan/", {"scan": upload}, follow=True
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

import pytest

from accounts.models import Role, SecurityEvent
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency_admin_a(division_a):
    return factories.user(division_a, role=Role.AGENCY_ADMIN)


def test_agency_admin_sets_allowed_networks_and_the_change_is_recorded(agency_admin_a, client_for):
    client = client_for(agency_admin_a)
    response = client.post("/agency/", {"allowed_networks": "10.20.0.0/16\n192.168.7.14\n"})
    assert response.status_code == 302
    agency_admin_a.agency.refresh_from_db()
    assert agency_admin_a.agency.allowed_networks == ["10.20.0.0/16", "192.168.7.14/32"]
    event = SecurityEvent.objects.get(kind="agency_settings_changed")
    assert event.detail["after"] == ["10.20.0.0/16", "192.168.7.14/32"]
    assert event.actor == agency_admin_a


def test_a_bad_network_is_a_form_error_and_nothing_changes(agency_admin_a, client_for):
    response = client_for(agency_admin_a).post(
        "/agency/", {"allowed_networks": "10.20.0.0/16\nnot-a-net"}
    )
    assert response.status_code == 200
    assert "&#x27;not-a-net&#x27; is not a network" in response.content.decode()
    agency_admin_a.agency.refresh_from_db()
    assert agency_admin_a.agency.allowed_networks == []
    assert not SecurityEvent.objects.filter(kind="agency_settings_changed").exists()


def test_division_admin_sees_the_profile_but_cannot_change_it(admin_a, client_for):
    client = client_for(admin_a)
    page = client.get("/agency/")
    assert page.status_code == 200
    assert "730 days" in page.content.decode()  # city police keep reads two years
    assert client.post("/agency/", {"allowed_networks": "10.0.0.0/8"}).status_code == 403
    assert client.get(f"/agency/divisions/{admin_a.division_id}/").status_code == 403


def test_case_number_example_must_match_the_pattern(agency_admin_a, division_a, client_for):
    response = client_for(agency_admin_a).post(
        f"/agency/divisions/{division_a.pk}/",
        {"case_number_pattern": r"^\d{2}-\d{6}$", "case_number_example": "2026-1"},
    )
    assert response.status_code == 200
    assert "The example does not match the case-number pattern." in response.content.decode()
    division_a.refresh_from_db()
    assert division_a.case_number_example != "2026-1"


def test_agency_admin_changes_a_division_case_number_format(agency_admin_a, division_a, client_for):
    old_example = division_a.case_number_example
    response = client_for(agency_admin_a).post(
        f"/agency/divisions/{division_a.pk}/",
        {
            "case_number_pattern": r"^P-\d{2}-\d{5}$",
            "case_number_example": "P-26-00001",
            "hiring_authority_name": "Captain Ruiz",
            "hiring_authority_email": "ruiz@example.invalid",
        },
    )
    assert response.status_code == 302
    division_a.refresh_from_db()
    assert division_a.case_number_example == "P-26-00001"
    event = SecurityEvent.objects.get(kind="division_settings_changed")
    assert event.detail["before"]["case_number_example"] == old_example


def test_end_user_has_no_agency_page(user_a, client_for):
    assert client_for(user_a).get("/agency/").status_code == 403

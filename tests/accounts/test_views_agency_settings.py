import pytest

from accounts.models import GovernanceRecord, Role
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
    record = GovernanceRecord.objects.get(action="agency_settings_changed")
    assert record.before == {"allowed_networks": []}
    assert record.after == {"allowed_networks": ["10.20.0.0/16", "192.168.7.14/32"]}
    assert record.actor == agency_admin_a
    assert record.agency == agency_admin_a.agency
    assert record.client_address == "127.0.0.1"


def test_a_bad_network_is_a_form_error_and_nothing_changes(agency_admin_a, client_for):
    response = client_for(agency_admin_a).post(
        "/agency/", {"allowed_networks": "10.20.0.0/16\nnot-a-net"}
    )
    assert response.status_code == 200
    assert "&#x27;not-a-net&#x27; is not a network" in response.content.decode()
    agency_admin_a.agency.refresh_from_db()
    assert agency_admin_a.agency.allowed_networks == []
    assert not GovernanceRecord.objects.filter(action="agency_settings_changed").exists()


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
            "reason": "New records system",
        },
    )
    assert response.status_code == 302
    division_a.refresh_from_db()
    assert division_a.case_number_example == "P-26-00001"
    record = GovernanceRecord.objects.get(action="division_settings_changed")
    assert record.before["case_number_example"] == old_example
    assert record.after["case_number_example"] == "P-26-00001"
    assert record.division == division_a
    assert record.reason == "New records system"


def _division_post(division, **fields):
    data = {
        "case_number_pattern": division.case_number_pattern,
        "case_number_example": division.case_number_example,
        "hiring_authority_name": "",
        "hiring_authority_email": "",
    }
    data.update(fields)
    return data


@pytest.mark.parametrize("pattern", [".*", ".+", r"[\s\S]*", r"\w*", r"(a)\1"])
def test_a_format_that_checks_nothing_is_refused_and_nothing_changes(
    pattern, agency_admin_a, division_a, client_for
):
    before = division_a.case_number_pattern
    response = client_for(agency_admin_a).post(
        f"/agency/divisions/{division_a.pk}/",
        _division_post(division_a, case_number_pattern=pattern, case_number_example="x"),
    )
    assert response.status_code == 200
    assert 'class="error"' in response.content.decode()
    division_a.refresh_from_db()
    assert division_a.case_number_pattern == before
    assert not GovernanceRecord.objects.filter(action="division_settings_changed").exists()


def test_the_service_refuses_an_everything_pattern_even_without_the_form(
    agency_admin_a, division_a
):
    from django.core.exceptions import ValidationError

    from accounts import services

    with pytest.raises(ValidationError) as refused:
        services.division_settings_update(
            actor=agency_admin_a, division=division_a, case_number_pattern=".*"
        )
    assert "case_number_pattern" in refused.value.message_dict


def test_trying_a_case_number_shows_whether_it_matches_and_saves_nothing(
    agency_admin_a, division_a, client_for
):
    client = client_for(agency_admin_a)
    url = f"/agency/divisions/{division_a.pk}/"
    typed = _division_post(division_a, case_number_pattern=r"^P-\d{2}-\d{5}$", action="try")
    matches = client.post(url, {**typed, "try_case_number": "P-26-00001"})
    assert matches.status_code == 200
    assert "is a case number of this format" in matches.content.decode()
    misses = client.post(url, {**typed, "try_case_number": "26-004512"})
    assert "does not match this format" in misses.content.decode()
    everything = client.post(url, {**typed, "case_number_pattern": ".*", "try_case_number": "x"})
    assert "accepts an empty case number" in everything.content.decode()
    division_a.refresh_from_db()
    assert division_a.case_number_pattern != r"^P-\d{2}-\d{5}$"
    assert not GovernanceRecord.objects.filter(action="division_settings_changed").exists()


def test_end_user_has_no_agency_page(user_a, client_for):
    assert client_for(user_a).get("/agency/").status_code == 403


def test_the_settings_page_shows_examples_the_pattern_accepts_and_refuses(division_a, client_for):
    """The division's saved format is judged on examples, before anyone changes it."""
    agency_admin = factories.user(division_a, role=Role.AGENCY_ADMIN)
    page = client_for(agency_admin).get(f"/agency/divisions/{division_a.pk}/").content.decode()
    accepted = page.split('data-testid="case-accepted"', 1)[1].split("</ul>", 1)[0]
    refused = page.split('data-testid="case-refused"', 1)[1].split("</ul>", 1)[0]
    assert f"<code>{division_a.case_number_example}</code>" in accepted
    assert "<code>N/A</code>" in refused and "<code>N/A</code>" not in accepted


def test_the_examples_follow_the_pattern_as_typed(division_a, client_for):
    agency_admin = factories.user(division_a, role=Role.AGENCY_ADMIN)
    typed = _division_post(division_a, case_number_pattern=r"^P-\d{2}-\d{5}$", action="try")
    response = client_for(agency_admin).post(
        f"/agency/divisions/{division_a.pk}/", {**typed, "try_case_number": "P-26-00001"}
    )
    page = response.content.decode()
    accepted = page.split('data-testid="case-accepted"', 1)[1].split("</ul>", 1)[0]
    assert "<code>P-26-00001</code>" in accepted and "<code>26-118342</code>" not in accepted

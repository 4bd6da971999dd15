import pytest
from django.core.management import call_command
from django.db import IntegrityError

from accounts.models import Agency
from accounts.presets import PRESETS
from tests import factories

pytestmark = pytest.mark.django_db


def test_cdcr_preset_reproduces_dom_53060():
    agency = factories.agency("cdcr")
    assert sorted(agency.divisions.values_list("code", flat=True)) == ["DAI", "DAPO", "OCS", "OIA"]
    assert agency.training_validity_days == 365
    assert agency.audit_cadence_days == 60
    assert agency.inactivity_suspension_days == 365
    assert "Special Agent" in agency.eligible_classifications
    assert "Intelligence Analyst" in agency.eligible_classifications
    assert "Investigative Services Unit Lieutenant" in agency.eligible_classifications
    assert agency.exception_approver == "DAPO Deputy Director"
    assert [p["name"] for p in agency.forbidden_identifier_patterns] == ["CDCR number"]
    assert agency.requires_on_behalf_of is False


def test_doj_preset_reproduces_policy_429():
    agency = factories.agency("doj")
    assert agency.training_validity_days == 730
    assert agency.audit_cadence_days == 365
    assert agency.reapproval_days == 365
    assert agency.audit_record_retention_days == 1095
    assert agency.requires_on_behalf_of is True
    assert {"Special Agent", "Crime Analyst"} <= set(agency.eligible_classifications)


def test_county_sheriff_preset_has_semiannual_random_audits_and_vendor_courses():
    agency = factories.agency("county_sheriff")
    assert agency.audit_cadence_days == 182
    assert agency.audit_random_sample is True
    courses = {c.name for c in PRESETS["county_sheriff"].courses}
    assert courses == {
        "Vigilant Car Detector",
        "Target Alert Service (TAS)",
        "Vigilant Vehicle Manager 101",
        "Flock Search Tool Certification Program",
        "Flock Alerts Certification Program",
    }
    assert all(c.certificate_required for c in PRESETS["county_sheriff"].courses)


def test_city_police_preset_keeps_reads_two_years():
    agency = factories.agency("city_police")
    assert agency.read_retention_days == 730


def test_every_division_example_matches_its_own_case_number_pattern():
    for preset_id in PRESETS:
        agency = factories.agency(preset_id)
        for division in agency.divisions.all():
            division.full_clean()


def test_read_retention_under_one_year_is_refused_by_the_database():
    agency = factories.agency("city_police")
    agency.read_retention_days = 364
    with pytest.raises(IntegrityError):
        agency.save()


def test_create_agency_command_builds_an_agency_from_a_preset():
    call_command("create_agency", preset="cdcr", slug="cdcr-test")
    assert Agency.objects.get(slug="cdcr-test").divisions.count() == 4

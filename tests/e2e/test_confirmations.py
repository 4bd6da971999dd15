"""Confirmations state the impact before an agency-wide act, and Cancel leaves without effect."""

from accounts.models import AgreementVersion, Role
from tests import factories
from tests.accounts.provisioning_helpers import provisioned


def _in_force(agency) -> int:
    return AgreementVersion.objects.filter(agency=agency).order_by("-version").first().version


def _ask_to_publish(page) -> None:
    page.goto("/agreement/")
    page.get_by_role("link", name="Publish a new version").click()
    page.get_by_label("Title").fill("Form 110 — ALPR End User Agreement (2027)")
    page.get_by_label("Text").fill(
        "I will use ALPR data only for a documented law-enforcement purpose.\n\n"
        "I will not share it with federal immigration authorities or out-of-state agencies."
    )
    page.get_by_role("button", name="Review the impact and publish").click()


def test_an_agency_administrator_sees_who_loses_access_cancels_then_publishes(
    page, sign_in, division_a, admin_a
):
    """GIVEN an agency administrator, a Division Administrator and two people allowed by the gate
    WHEN the agency administrator asks to publish a new agreement text
    THEN the confirmation says "4 people will lose access until they sign version 2"; Cancel
    leaves version 1 in force, and confirming puts version 2 in force."""
    agency_admin = factories.user(division_a, role=Role.AGENCY_ADMIN)
    provisioned(division_a, admin_a)
    provisioned(division_a, admin_a)
    agency = division_a.agency
    assert _in_force(agency) == 1

    sign_in(page, agency_admin)
    _ask_to_publish(page)
    impact = page.get_by_test_id("impact")
    impact.get_by_text("4 people will lose access until they sign version 2.").wait_for()
    assert "4 people with an open account will be e-mailed to sign it." in impact.inner_text()

    page.get_by_role("link", name="Cancel").click()
    page.wait_for_url("**/agreement/")
    assert _in_force(agency) == 1
    assert page.get_by_role("heading", name="version 1").is_visible()

    _ask_to_publish(page)
    page.get_by_role("button", name="Publish version 2").click()
    page.get_by_text("Version 2 is in force; everyone must sign it again.").wait_for()
    assert _in_force(agency) == 2
    published = AgreementVersion.objects.get(agency=agency, version=2)
    assert published.title == "Form 110 — ALPR End User Agreement (2027)"
    assert "purpose.\n\nI will not share" in published.text.replace("\r\n", "\n")
    assert page.get_by_role("heading", name="version 2").is_visible()

from datetime import timedelta
from pathlib import Path

from django.utils import timezone

from accounts.models import Role
from sharing import services
from sharing.models import PartnerAgency
from tests import factories
from tests.e2e.conftest import nav_to

SHOTS = Path("/work/shots/h9")


def _shot(page, name):
    """Screenshots for review at desktop and phone widths (kept outside the repository)."""
    if not SHOTS.parent.exists():
        return
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width, height in ((1366, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_an_administrator_records_a_partner_approves_a_disclosure_and_the_ledger_shows_it(
    page, sign_in, division_b
):
    """GIVEN the county sheriff's administrator and a colleague who enters partners' requests
    WHEN the administrator records the district attorney as a partner, the colleague enters its
    request, and the administrator approves it and downloads the export
    THEN the export is a zip, and the ledger shows the approval and the download."""
    admin = factories.user(division_b, role=Role.AGENCY_ADMIN)
    colleague = factories.user(division_b, role=Role.AGENCY_ADMIN)
    sign_in(page, admin)
    nav_to(page, "Agency", "Sharing")
    page.get_by_role("link", name="Partners", exact=True).click()
    page.get_by_label("Name").fill("Alameda County District Attorney")
    page.get_by_label("Kind").select_option("prosecutor")
    page.get_by_label("How the classification was verified").fill("County charter, art. 4")
    page.get_by_role("button", name="Record partner").click()
    page.get_by_text("Alameda County District Attorney is recorded.").wait_for()
    _shot(page, "partners")

    # A federal partner recorded through the same form is shown as never eligible.
    page.get_by_label("Name").fill("Federal task force")
    page.get_by_label("Kind").select_option("federal")
    page.get_by_label("How the classification was verified").fill("Letterhead")
    page.get_by_role("button", name="Record partner").click()
    page.get_by_text("federal, out-of-state, tribal and private entities are refused").wait_for()

    partner = PartnerAgency.objects.get(name="Alameda County District Attorney")
    disclosure = services.disclosure_request(
        actor=colleague,
        partner=partner,
        requester_name="DDA M. Okafor",
        requester_contact="mokafor@da.example",
        purpose="Prosecution of an armed robbery: placing the getaway car, case 24-1183",
        need="The defence disputes the route; the county's cameras saw the car",
        case_number="24-1183",
        plate="7ABC123",
        window_start=timezone.now() - timedelta(days=3),
        window_end=timezone.now(),
    )

    page.get_by_role("link", name="Disclosures", exact=True).click()
    _shot(page, "disclosures")
    page.get_by_role("link", name=f"#{disclosure.pk} 7ABC123").click()
    page.get_by_label("Decision").select_option("approve")
    page.get_by_label("Reason").fill("Purpose verified with the DDA; need is specific")
    page.get_by_label("Method").select_option("download")
    page.get_by_role("button", name="Record decision").click()
    page.get_by_text("Approved: the export is ready.").wait_for()
    _shot(page, "disclosure-approved")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download export").click()
    assert download.value.suggested_filename == f"disclosure-{disclosure.pk}.zip"

    page.get_by_role("link", name="Ledger", exact=True).click()
    page.get_by_role("cell", name="Disclosure approved and exported").first.wait_for()
    assert page.get_by_role("cell", name="Export downloaded").count() == 1
    assert page.get_by_role("cell", name="Alameda County District Attorney").count() >= 2
    _shot(page, "ledger")

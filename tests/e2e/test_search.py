"""The justified search, end to end in a browser: the live purpose check, an exact and a partial
search with the map, a photo opened, a misread reported and seen by the administrator."""

import re

import pytest

from accounts.models import Role
from queries.models import MisreadReport, SearchRequest
from tests import factories
from tests.e2e.conftest import nav_to
from tests.queries import search_helpers as helpers


@pytest.fixture
def store(agency_a, division_a, admin_a):
    agency_admin = factories.user(division_a, role=Role.AGENCY_ADMIN)
    camera = helpers.camera(agency_a, agency_admin)
    helpers.store_reads(camera, ["7ABC123", "7ABX552", "4KQL870"])
    return camera


def _wait_until_shown(page, image) -> None:
    """Wait for the photo to be decoded: a refused or missing photo never gets a width."""
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=image.element_handle()
    )


def test_an_officer_justifies_searches_opens_a_photo_and_reports_a_misread(
    page, sign_in, store, division_a
):
    """GIVEN an end-user granted access and reads of their agency's camera
    WHEN they type a vague justification, fix it, run an exact and a partial search, open a
    photo and report it as a misread
    THEN each step shows what it should, and their Division Administrator sees the report."""
    admin_a = helpers.standing_division_admin(division_a)
    person = helpers.provisioned_searcher(division_a, admin_a)
    sign_in(page, person)
    nav_to(page, "Search", "Search")
    page.get_by_role("heading", name="Search plates").wait_for()

    page.get_by_label("Case number").fill(division_a.case_number_example)
    page.get_by_label("Purpose").select_option("criminal_investigation")
    page.get_by_label("Specific reason").fill("investigation")
    vague = page.locator("#check-justification .error")
    vague.wait_for()
    assert vague.inner_text()

    page.get_by_label("Specific reason").fill(
        "Burglary series on Alder St: a witness saw the getaway car leave the third scene."
    )
    page.get_by_text("The purpose meets the agency's rules.").wait_for()
    assert page.locator("#check-justification .error").count() == 0

    page.get_by_label("Plate", exact=True).fill("7ABC123")
    page.get_by_role("main").get_by_role("button", name="Search", exact=True).click()
    page.get_by_role("heading", name="1 read, newest first").wait_for()
    page.locator("#results-map[data-ready='1']").wait_for()
    assert page.locator("#results-map .leaflet-interactive").count() == 1

    page.get_by_label("Plate", exact=True).fill("7AB*")
    page.get_by_role("main").get_by_role("button", name="Search", exact=True).click()
    page.get_by_role("heading", name="2 reads, newest first").wait_for()
    page.locator("#results-map[data-ready='2']").wait_for()
    thumbnail = page.get_by_role("img", name="Plate photo of 7ABC123")
    _wait_until_shown(page, thumbnail)

    page.get_by_role("link", name="7ABC123", exact=True).click()
    page.get_by_role("heading", name=re.compile("Read 7ABC123")).wait_for()
    _wait_until_shown(page, page.get_by_role("img", name="Plate crop of the read 7ABC123"))
    assert SearchRequest.objects.filter(user=person, kind=SearchRequest.Kind.READ_VIEW).exists()

    page.get_by_label("Plate the photo shows (if legible)").fill("7ABC128")
    page.get_by_label("What does not match").fill("The photo shows 7ABC128 on a grey van.")
    page.get_by_role("button", name="Report a misread").click()
    page.get_by_text("Reported to your Division Administrator.").wait_for()
    assert page.get_by_text("Open", exact=True).is_visible()
    report = MisreadReport.objects.get(reported_by=person)
    assert report.plate_read == "7ABC123"

    page.context.clear_cookies()
    sign_in(page, admin_a)
    nav_to(page, "Search", "Misreads")
    queue = page.get_by_role("table", name="Your division's queue")
    queue.get_by_text(person.username).wait_for()
    queue.get_by_role("link").first.click()
    page.get_by_label("Notified at the agency of record (name or unit)").fill("Records unit")
    page.get_by_label("How (e-mail, phone, letter…)").fill("e-mail")
    page.get_by_role("button", name="Record the notice").click()
    page.get_by_text("The notice to the agency of record is recorded.").wait_for()
    report.refresh_from_db()
    assert report.status == MisreadReport.Status.NOTICE_SENT

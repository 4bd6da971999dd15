"""Browser: an agency administrator sets a camera's vendor format, copies the device URL, sees
why a post failed and replays the dead letter (issue 12, items 4 and 5)."""

import json
import os

from django.test import Client
from playwright.sync_api import expect

from accounts.models import Role
from camera_ingest import services
from camera_ingest.models import DeadLetter
from tests import factories

SHOTS = os.environ.get("SHOTS_DIR")  # set to save screenshots (never into the repository)


def _shot(page, name):
    if SHOTS:
        for width, height in ((1366, 900), (390, 844)):
            page.set_viewport_size({"width": width, "height": height})
            page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)
        page.set_viewport_size({"width": 1280, "height": 900})


def test_an_administrator_configures_a_vendor_camera_and_replays_its_dead_letter(
    page, sign_in, division_a
):
    division = division_a
    admin = factories.user(division, role=Role.AGENCY_ADMIN)
    issued = services.camera_create(
        actor=admin, agency=division.agency, name="Gate 3", latitude=37.8, longitude=-122.27
    )
    sign_in(page, admin)
    page.goto(f"/cameras/{issued.camera.pk}/")
    page.get_by_label("Format").select_option("openalpr")
    page.get_by_label("Camera time zone").select_option("America/Los_Angeles")
    page.get_by_role("button", name="Save format and time zone").click()
    page.get_by_text("Format and time zone saved").wait_for()
    assert page.get_by_test_id("ingest-url").inner_text().endswith("/api/v1/ingest/openalpr")

    camera = Client(HTTP_AUTHORIZATION=f"Bearer {issued.secret}")
    camera.post(
        "/api/v1/ingest/openalpr", b'{"data_type": "alpr_gr', content_type="application/json"
    )
    page.reload()
    page.get_by_role("button", name="Copy the ingest URL").click()
    page.get_by_role("button", name="Copied").wait_for()
    # Said to screen readers too, through the page's status region.
    expect(page.locator("#live-status")).to_have_text("Copied")
    assert "malformed_json" in page.get_by_text("malformed_json").first.inner_text()
    _shot(page, "camera-detail")

    page.get_by_role("link", name="1 waiting").click()
    page.get_by_role("heading", name="Dead letters").wait_for()
    _shot(page, "dead-letter-list")
    letter = DeadLetter.objects.get()
    page.goto(f"/cameras/dead-letters/{letter.pk}/")
    assert page.get_by_test_id("dead-letter-body").inner_text() == '{"data_type": "alpr_gr'
    page.get_by_role("button", name=f"Replay dead letter {letter.pk} from Gate 3 now").click()
    page.get_by_text("still refused").wait_for()
    _shot(page, "dead-letter-detail")
    assert json.loads(json.dumps(DeadLetter.objects.get().replay_result))["status"] == 400

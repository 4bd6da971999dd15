"""The camera page's vendor panel and the dead-letter pages (issue 12, items 4 and 5)."""

import pytest

from camera_ingest.models import Camera, DeadLetter, PlateRead
from tests.camera_ingest.test_vendor_api import group, post
from tests.conftest import verified_client

pytestmark = pytest.mark.django_db


def test_the_camera_page_shows_the_url_header_last_payload_and_last_error(
    fixed_camera, agency_admin_a
):
    client = verified_client(agency_admin_a)
    camera = fixed_camera.camera
    response = client.post(
        f"/cameras/{camera.pk}/vendor/",
        {"vendor_format": "openalpr", "time_zone": "America/Los_Angeles"},
    )
    assert response.status_code == 302
    post(fixed_camera, "openalpr", group())
    post(fixed_camera, "openalpr", b'{"data_type": "alpr_gr', content_type="application/json")
    page = client.get(f"/cameras/{camera.pk}/").content.decode()
    assert "http://testserver/api/v1/ingest/openalpr" in page
    assert "Authorization: Bearer" in page
    assert "alpr_gr" in page  # the last payload: the broken one, as it arrived
    assert "malformed_json" in page
    assert Camera.objects.get(pk=camera.pk).time_zone == "America/Los_Angeles"


def test_an_unknown_time_zone_is_refused_on_the_form(fixed_camera, agency_admin_a):
    response = verified_client(agency_admin_a).post(
        f"/cameras/{fixed_camera.camera.pk}/vendor/",
        {"vendor_format": "openalpr", "time_zone": "Mars/Olympus"},
    )
    assert response.status_code == 400
    assert Camera.objects.get(pk=fixed_camera.camera.pk).time_zone == "UTC"


def test_an_administrator_lists_inspects_and_replays_a_dead_letter(fixed_camera, agency_admin_a):
    post(fixed_camera, "openalpr", {"data_type": "alpr_group", "best_plate_number": "7ABC123"})
    letter = DeadLetter.objects.get()
    client = verified_client(agency_admin_a)
    listing = client.get("/cameras/dead-letters/").content.decode()
    assert f"/cameras/dead-letters/{letter.pk}/" in listing and "wrong_format" in listing
    detail = client.get(f"/cameras/dead-letters/{letter.pk}/").content.decode()
    assert "best_plate_number" in detail and "Bearer" not in detail
    replay = client.post(f"/cameras/dead-letters/{letter.pk}/replay/")
    assert replay.status_code == 302
    letter.refresh_from_db()
    assert letter.replayed_at is None and letter.replay_result["status"] == 400
    assert PlateRead.objects.unscoped(reason="test: what the store holds").count() == 0


def test_an_end_user_cannot_see_dead_letters(fixed_camera, user_a):
    assert verified_client(user_a).get("/cameras/dead-letters/").status_code in (403, 404)


def test_the_dead_letter_list_costs_the_same_queries_for_many_letters(
    fixed_camera, agency_admin_a, django_assert_max_num_queries
):
    for _ in range(12):
        post(fixed_camera, "openalpr", b"{", content_type="application/json")
    client = verified_client(agency_admin_a)
    with django_assert_max_num_queries(16):
        response = client.get("/cameras/dead-letters/")
    assert response.content.decode().count("/cameras/dead-letters/") >= 12

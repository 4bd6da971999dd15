import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from camera_ingest.models import Camera, LegalHold

pytestmark = pytest.mark.django_db


def test_agency_admin_registers_a_camera_and_sees_its_secret_once(agency_admin_a, client_for):
    client = client_for(agency_admin_a)
    response = client.post(
        "/cameras/new/",
        {
            "name": "Main St",
            "kind": "fixed",
            "latitude": "37.8",
            "longitude": "-122.27",
            "vendor_format": "native",
        },
    )
    camera = Camera.objects.get(name="Main St")
    assert response["Location"] == f"/cameras/{camera.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="camera-secret"' in page
    secret = page.split('data-testid="camera-secret">')[1].split("<")[0]
    assert secret.startswith("cam_") and secret not in camera.secret_hash
    assert 'data-testid="camera-secret"' not in client.get(response["Location"]).content.decode()


def test_a_fixed_camera_without_a_place_is_a_form_error(agency_admin_a, client_for):
    response = client_for(agency_admin_a).post(
        "/cameras/new/", {"name": "Nowhere", "kind": "fixed", "vendor_format": "native"}
    )
    assert response.status_code == 200
    assert "A fixed camera needs its latitude and longitude." in response.content.decode()
    assert not Camera.objects.exists()


def test_camera_pages_are_for_the_agency_administrator_only(admin_a, user_a, client_for):
    for person in (admin_a, user_a):
        assert client_for(person).get("/cameras/").status_code == 403


def test_camera_list_shows_only_the_own_agency(fixed_camera, camera_b, agency_admin_b, client_for):
    page = client_for(agency_admin_b).get("/cameras/").content.decode()
    assert camera_b.camera.name in page
    assert fixed_camera.camera.name not in page


def test_revoke_and_disable_from_the_camera_page(fixed_camera, agency_admin_a, client_for):
    client = client_for(agency_admin_a)
    pk = fixed_camera.camera.pk
    client.post(f"/cameras/{pk}/enabled/", {"enabled": "0"})
    client.post(f"/cameras/{pk}/revoke/", {"confirmed": "1"})
    camera = Camera.objects.get(pk=pk)
    assert camera.enabled is False and camera.revoked_at is not None


def test_hold_form_needs_ids_or_a_plate_with_a_window(agency_admin_a, client_for):
    response = client_for(agency_admin_a).post(
        "/cameras/holds/new/", {"case_number": "26-1", "reason": "evidence"}
    )
    assert "Name reads by id, or give a plate with a start and an end." in response.content.decode()
    assert not LegalHold.objects.exists()


def test_hold_release_needs_a_reason(fixed_camera, agency_admin_a, client_for, post_reads):
    from datetime import timedelta

    from django.utils import timezone

    seen = timezone.now() - timedelta(hours=2)
    post_reads(fixed_camera, {"event_id": "1", "plate": "5HLD123", "seen_at": seen.isoformat()})
    client = client_for(agency_admin_a)
    response = client.post(
        "/cameras/holds/new/",
        {
            "case_number": "INV-26-00418",
            "reason": "evidence",
            "description": "Evidence: the stolen pickup seen leaving the burglary scene",
            "plate": "5HLD123",
            # The form takes local time, as a person types it.
            "start": timezone.localtime(seen - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "end": timezone.localtime(seen + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    hold = LegalHold.objects.get()
    assert response["Location"] == f"/cameras/holds/{hold.pk}/"
    assert hold.reads.count() == 1
    assert (
        client.post(f"/cameras/holds/{hold.pk}/release/", {"release_reason": ""}).status_code == 400
    )
    client.post(f"/cameras/holds/{hold.pk}/release/", {"release_reason": "Case closed"})
    hold.refresh_from_db()
    assert hold.released_by == agency_admin_a and hold.release_reason == "Case closed"


def test_create_camera_command_prints_id_and_secret_as_json(agency_a):
    out = StringIO()
    call_command(
        "create_camera",
        agency=agency_a.slug,
        name="Cmd cam",
        kind="mobile",
        as_json=True,
        stdout=out,
    )
    printed = json.loads(out.getvalue())
    camera = Camera.objects.get(pk=printed["id"])
    assert camera.kind == "mobile" and printed["secret"].startswith("cam_")


def test_create_camera_command_refuses_a_fixed_camera_without_position(agency_a):
    with pytest.raises(CommandError, match="latitude"):
        call_command("create_camera", agency=agency_a.slug, name="Bad", kind="fixed")


def test_hold_form_refuses_read_ids_out_of_range(agency_admin_a, client_for):
    response = client_for(agency_admin_a).post(
        "/cameras/holds/new/",
        {"case_number": "26-1", "reason": "evidence", "read_ids": "99999999999999999999999"},
    )
    assert response.status_code == 200
    assert "A read id is a positive whole number" in response.content.decode()

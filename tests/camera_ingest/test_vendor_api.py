"""POST /api/v1/ingest/<vendor>: what a vendor's device sends, and exactly what is stored,
acknowledged, or kept as a dead letter."""

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import GovernanceRecord
from camera_ingest import selectors, services
from camera_ingest.models import Camera, DeadLetter, PlateRead, ReadImage
from tests.camera_ingest.conftest import jpeg_bytes
from tests.camera_ingest.test_vendor_parsers import HIK, JPEG_B64, openalpr_group

pytestmark = pytest.mark.django_db


def _ms(minutes_ago: float) -> int:
    return int((timezone.now() - timedelta(minutes=minutes_ago)).timestamp() * 1000)


def post(issued, vendor, body, *, content_type="application/json", token=False, **extra):
    client = Client() if token else Client(HTTP_AUTHORIZATION=f"Bearer {issued.secret}")
    url = f"/api/v1/ingest/{vendor}" + (f"?token={issued.secret}" if token else "")
    if content_type == "multipart":
        return client.post(url, body, **extra)
    data = body if isinstance(body, bytes) else json.dumps(body)
    return client.post(url, data, content_type=content_type, **extra)


def group(minutes_ago=5, **changes):
    return openalpr_group(epoch_start=_ms(minutes_ago), **changes)


def test_an_openalpr_group_is_stored_with_images_vehicle_and_its_payload(fixed_camera):
    response = post(fixed_camera, "openalpr", group())
    assert response.status_code == 201, response.content
    assert response.json()["accepted"] == 1
    read = PlateRead.objects.unscoped(reason="test: what the store holds").get()
    assert (read.plate, read.region, read.confidence) == ("7ABC123", "US-CA", pytest.approx(0.945))
    assert (round(read.latitude, 1), round(read.longitude, 1)) == (37.1, -121.9)
    assert read.vehicle["make"] == "toyota" and read.candidates == ["7ABC12B"]
    assert read.image_count == 2
    assert sorted(ReadImage.objects.values_list("kind", flat=True)) == ["overview", "plate"]
    assert read.vendor_payload["vendor"] == "openalpr"
    assert read.vendor_payload["payload"]["overview_jpeg"].startswith("<image:")
    camera = Camera.objects.get(pk=fixed_camera.camera.pk)
    assert camera.last_payload_at is not None and "7ABC123" in camera.last_payload


def test_a_retried_group_is_a_duplicate(fixed_camera):
    body = group()
    post(fixed_camera, "openalpr", body)
    again = post(fixed_camera, "openalpr", body)
    assert (again.status_code, again.json()["duplicates"]) == (201, 1)
    assert PlateRead.objects.unscoped(reason="test: what the store holds").count() == 1


def test_a_preview_group_is_replaced_by_its_final_group(fixed_camera):
    start = _ms(5)
    post(
        fixed_camera,
        "openalpr",
        openalpr_group(
            epoch_start=start, is_preview=True, best_plate_number="7ABC12B", best_confidence=60
        ),
    )
    final = post(fixed_camera, "openalpr", openalpr_group(epoch_start=start))
    assert final.status_code == 201
    read = PlateRead.objects.unscoped(reason="test: what the store holds").get()
    assert (read.plate, read.confidence) == ("7ABC123", pytest.approx(0.945))
    assert "preview" not in read.vendor_payload


def test_per_frame_repeats_collapse_into_one_read_with_the_best_confidence_and_image(fixed_camera):
    now = _ms(5)
    frames = [
        {
            "data_type": "alpr_results",
            "uuid": f"frame-{n}",
            "epoch_time": now + n * 200,
            "results": [
                {
                    "plate": "7ABC123",
                    "confidence": conf,
                    "region": "us-ca",
                    "plate_index": 0,
                    **({"plate_crop_jpeg": JPEG_B64} if conf == 96 else {}),
                }
            ],
        }
        for n, conf in enumerate([81, 96, 88])
    ]
    statuses = [post(fixed_camera, "openalpr", frame).json() for frame in frames]
    assert [s["accepted"] for s in statuses] == [1, 0, 0]
    assert [s["merged"] for s in statuses] == [0, 1, 1]
    read = PlateRead.objects.unscoped(reason="test: what the store holds").get()
    assert read.confidence == pytest.approx(0.96)
    assert read.image_count == 1 and ReadImage.objects.get().read_id == read.id


def test_a_heartbeat_updates_the_camera_and_stores_no_read(fixed_camera):
    response = post(
        fixed_camera,
        "openalpr",
        {
            "data_type": "heartbeat",
            "agent_version": "4.1",
            "video_streams": [{"is_streaming": True, "fps": 9}],
        },
    )
    assert (response.status_code, response.json()["event"]) == (200, "heartbeat")
    camera = Camera.objects.get(pk=fixed_camera.camera.pk)
    assert camera.last_heartbeat_at is not None and camera.health["fps"] == [9]
    assert PlateRead.objects.unscoped(reason="test: what the store holds").count() == 0


def test_a_vehicle_without_a_plate_is_acknowledged_not_stored(fixed_camera):
    response = post(fixed_camera, "openalpr", {"data_type": "vehicle", "epoch_start": _ms(1)})
    assert (response.status_code, response.json()["event"]) == (200, "no_plate")
    assert (
        PlateRead.objects.unscoped(reason="test: what the store holds").count()
        == DeadLetter.objects.count()
        == 0
    )


def test_plate_recognizer_multipart_with_the_upload_image(fixed_camera):
    hook = {
        "hook": {"event": "recognition"},
        "data": {
            "camera_id": "c1",
            "filename": "a.jpg",
            "timestamp": timezone.now().isoformat(),
            "results": [{"plate": "nhk552", "score": 0.9, "region": {"code": "us-ca"}}],
        },
    }
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = post(
        fixed_camera,
        "platerecognizer",
        {
            "json": json.dumps(hook),
            "upload": SimpleUploadedFile("a.jpg", jpeg_bytes(), "image/jpeg"),
        },
        content_type="multipart",
    )
    assert response.status_code == 201, response.content
    read = PlateRead.objects.unscoped(reason="test: what the store holds").get()
    assert (read.plate, read.plate_raw) == ("NHK552", "nhk552")
    assert ReadImage.objects.get(read_id=read.id).kind == "overview"


def test_hikvision_multipart_with_xml_and_picture_parts(mobile_camera):
    from django.core.files.uploadedfile import SimpleUploadedFile

    recent = HIK.replace("2025-11-24T08:00:00-08:00", timezone.now().isoformat(timespec="seconds"))
    response = post(
        mobile_camera,
        "hikvision",
        {
            "anpr.xml": SimpleUploadedFile("anpr.xml", recent.encode(), "text/xml"),
            "licensePlatePicture.jpg": SimpleUploadedFile("p.jpg", jpeg_bytes(), "image/jpeg"),
        },
        content_type="multipart",
    )
    assert response.status_code == 201, response.content
    read = PlateRead.objects.unscoped(reason="test: what the store holds").get()
    assert (read.plate, read.event_id) == ("PECT600", "2025112408000012345")
    assert round(read.longitude, 2) == -122.27  # the mobile camera's own GPS fix
    assert ReadImage.objects.get().kind == "plate"


def test_the_token_query_parameter_authenticates_a_device_that_cannot_set_headers(fixed_camera):
    assert post(fixed_camera, "openalpr", group(), token=True).status_code == 201
    letter_free = Client().post(
        "/api/v1/ingest/openalpr?token=cam_nope_x", "{}", content_type="application/json"
    )
    assert letter_free.status_code == 401


def test_an_unknown_vendor_is_a_json_404(fixed_camera):
    response = post(fixed_camera, "acme", group())
    assert response.status_code == 404 and response.json()["errors"]


@pytest.mark.parametrize(
    ("vendor", "body", "content_type", "code"),
    [
        ("openalpr", {"webhook_type": "lpr", "data": {}}, "application/json", "wrong_format"),
        (
            "verkada",
            b'{"webhook_type": "lpr", "data": {"license_pla',
            "application/json",
            "malformed_json",
        ),
        (
            "hikvision",
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
            b"<EventNotificationAlert>&e;</EventNotificationAlert>",
            "application/xml",
            "xml_forbidden",
        ),
        ("hikvision", HIK.encode()[:150], "application/xml", "malformed_xml"),
    ],
)
def test_a_payload_that_cannot_be_read_is_a_400_kept_as_a_dead_letter(
    fixed_camera, vendor, body, content_type, code
):
    response = post(fixed_camera, vendor, body, content_type=content_type)
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == code
    letter = DeadLetter.objects.get()
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    assert (bytes(letter.body), letter.vendor, letter.errors[0]["code"]) == (raw, vendor, code)
    assert "authorization" not in letter.headers
    camera = Camera.objects.get(pk=fixed_camera.camera.pk)
    assert (
        code in camera.last_error
        and PlateRead.objects.unscoped(reason="test: what the store holds").count() == 0
    )


def test_an_image_that_is_not_an_image_refuses_its_read_and_keeps_the_others(fixed_camera):
    import base64

    html = base64.b64encode(b"<html><script>alert(1)</script></html>").decode()
    frame = {
        "data_type": "alpr_results",
        "uuid": "f-1",
        "epoch_time": _ms(2),
        "results": [
            {"plate": "7ABC123", "confidence": 90, "plate_index": 0, "plate_crop_jpeg": html},
            {"plate": "8XYZ999", "confidence": 90, "plate_index": 1},
        ],
    }
    response = post(fixed_camera, "openalpr", frame)
    assert response.status_code == 201
    assert response.json()["rejected"][0]["errors"][0]["code"] == "image_not_an_image"
    assert list(
        PlateRead.objects.unscoped(reason="test: what the store holds").values_list(
            "plate", flat=True
        )
    ) == ["8XYZ999"]
    assert DeadLetter.objects.get().errors[0]["field"] == "reads.0.images.0"


def test_a_body_over_the_limit_is_413_and_its_start_is_kept(fixed_camera, settings):
    settings.INGEST_MAX_BODY_BYTES = 100
    response = post(fixed_camera, "openalpr", group())
    assert response.status_code == 413
    letter = DeadLetter.objects.get()
    assert letter.truncated is False or letter.body_size > 100
    assert letter.errors[0]["code"] == "body_too_large"


def test_a_zone_less_time_is_read_in_the_cameras_zone_and_the_read_records_it(
    fixed_camera, agency_admin_a
):
    services.camera_configure_vendor(
        actor=agency_admin_a,
        camera=fixed_camera.camera,
        vendor_format="platerecognizer",
        time_zone="America/Los_Angeles",
    )
    local = timezone.now().astimezone(__import__("zoneinfo").ZoneInfo("America/Los_Angeles"))
    hook = {
        "results": [{"plate": "abc123", "score": 0.8}],
        "timestamp": local.replace(tzinfo=None).isoformat(sep=" "),
    }
    assert post(fixed_camera, "platerecognizer", hook).status_code == 201
    read = PlateRead.objects.unscoped(reason="test: what the store holds").get()
    assert abs((read.seen_at - timezone.now()).total_seconds()) < 60
    assert "America/Los_Angeles" in read.vendor_payload["notes"][0]
    assert GovernanceRecord.objects.filter(action="camera.configure_vendor").count() == 1


def test_a_dead_letter_replayed_after_the_fix_stores_its_read_once(
    fixed_camera, agency_admin_a, settings
):
    """GIVEN a Genetec read refused as "in the future": its local time was taken for UTC
    WHEN the administrator sets the camera's zone and replays the dead letter twice
    THEN the read is stored once and the letter is marked replayed by that administrator."""
    from zoneinfo import ZoneInfo

    settings.INGEST_MAX_FUTURE_SECONDS = 600
    when = timezone.now() - timedelta(hours=1)
    local = when.astimezone(ZoneInfo("Pacific/Kiritimati"))  # UTC+14: in "the future" as UTC
    body = {
        "Plate": "9HKA742",
        "State": "CA",
        "ConfidenceScore": "99",
        "VehicleID": "v-1",
        "DateUtc": local.strftime("%m/%d/%Y"),
        "TimeUtc": local.strftime("%H:%M:%S"),
        "DateLocal": local.strftime("%m/%d/%Y"),
        "TimeLocal": local.strftime("%H:%M:%S"),
    }
    refused = post(fixed_camera, "genetec", body)
    assert refused.status_code == 400
    assert refused.json()["rejected"][0]["errors"][0]["code"] == "time_in_future"
    letter = DeadLetter.objects.get()
    services.camera_configure_vendor(
        actor=agency_admin_a,
        camera=fixed_camera.camera,
        vendor_format="genetec",
        time_zone="Pacific/Kiritimati",
    )
    services.dead_letter_replay(actor=agency_admin_a, dead_letter=letter)
    services.dead_letter_replay(actor=agency_admin_a, dead_letter=letter)
    letter.refresh_from_db()
    assert letter.replayed_by == agency_admin_a
    assert letter.replay_result["accepted"] == 1
    read = PlateRead.objects.unscoped(reason="test: what the store holds").get()
    assert abs((read.seen_at - when).total_seconds()) < 2
    assert GovernanceRecord.objects.filter(action="dead_letter.replay").count() == 1


def test_a_replay_that_still_fails_stays_open_with_its_reason(fixed_camera, agency_admin_a):
    post(fixed_camera, "openalpr", b"{", content_type="application/json")
    letter = DeadLetter.objects.get()
    services.dead_letter_replay(actor=agency_admin_a, dead_letter=letter)
    letter.refresh_from_db()
    assert letter.replayed_at is None
    assert letter.replay_result["errors"][0]["code"] == "malformed_json"
    assert DeadLetter.objects.count() == 1  # a failed replay is not a second letter


def test_another_agencys_administrator_sees_no_dead_letter_and_cannot_replay(
    fixed_camera, agency_admin_b
):
    from django.core.exceptions import PermissionDenied

    post(fixed_camera, "openalpr", b"{", content_type="application/json")
    letter = DeadLetter.objects.get()
    assert not selectors.dead_letter_list_for(user=agency_admin_b).exists()
    with pytest.raises(PermissionDenied):
        services.dead_letter_replay(actor=agency_admin_b, dead_letter=letter)


def test_dead_letters_older_than_read_retention_are_purged_by_the_nightly_job(
    fixed_camera, agency_a
):
    from accounts.models import JobRun
    from camera_ingest.tasks import dead_letters_purge_expired

    post(fixed_camera, "openalpr", b"{", content_type="application/json")
    post(fixed_camera, "openalpr", b"[", content_type="application/json")
    old, recent = DeadLetter.objects.order_by("pk")
    DeadLetter.objects.filter(pk=old.pk).update(
        received_at=timezone.now() - timedelta(days=agency_a.read_retention_days + 1)
    )
    dead_letters_purge_expired()
    assert list(DeadLetter.objects.values_list("pk", flat=True)) == [recent.pk]
    run = JobRun.objects.get(job="dead_letters_purge_expired", agency=agency_a)
    assert run.counts["dead_letters_deleted"] == 1


def test_a_body_over_djangos_memory_limit_at_a_vendor_url_is_413_and_a_dead_letter(
    fixed_camera, settings
):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 200
    response = post(fixed_camera, "openalpr", group())
    assert response.status_code == 413
    letter = DeadLetter.objects.get()
    assert letter.errors[0]["code"] == "body_too_large" and letter.body_size > 200

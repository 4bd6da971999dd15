"""POST /api/v1/ingest/reads: what a camera sends, and exactly what is stored."""

from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
from django.db import OperationalError
from django.utils import timezone

from camera_ingest import services
from camera_ingest.models import PlateRead, ReadImage
from tests.camera_ingest.conftest import camera_client, jpeg_bytes

pytestmark = pytest.mark.django_db
URL = "/api/v1/ingest/reads"


def a_read(n=1, **changes):
    seen = (timezone.now() - timedelta(minutes=n)).isoformat()
    return {
        "event_id": f"evt-{n}",
        "plate": f"7ABC{n:03d}",
        "state": "CA",
        "seen_at": seen,
        **changes,
    }


def test_a_single_read_is_stored_with_the_camera_and_its_agency(fixed_camera, post_reads, agency_a):
    response = post_reads(
        fixed_camera, a_read(1, plate="7abc 001", confidence=87, vehicle={"make": "Ford"})
    )
    assert response.status_code == 201
    assert response.json() == {"accepted": 1, "duplicates": 0, "rejected": []}
    read = PlateRead.objects.unscoped(reason="test: what the store holds").get()
    assert (read.agency_id, read.camera_id) == (agency_a.pk, fixed_camera.camera.pk)
    assert (read.plate, read.plate_raw, read.region) == ("7ABC001", "7abc 001", "US-CA")
    assert read.confidence == pytest.approx(0.87)
    assert read.vehicle == {"make": "Ford"}
    assert read.latitude == pytest.approx(37.8044, abs=1e-4)  # the fixed camera's place
    assert read.received_at >= read.seen_at
    fixed_camera.camera.refresh_from_db()
    assert fixed_camera.camera.last_read_at is not None


def test_a_retried_post_is_a_duplicate_never_a_second_row(fixed_camera, post_reads):
    body = {"reads": [a_read(1), a_read(2)]}
    assert post_reads(fixed_camera, body).json()["accepted"] == 2
    again = post_reads(fixed_camera, body)
    assert again.status_code == 201
    assert again.json() == {"accepted": 0, "duplicates": 2, "rejected": []}
    assert PlateRead.objects.unscoped(reason="test: what the store holds").count() == 2


def test_one_bad_read_in_a_batch_does_not_lose_the_good_ones(fixed_camera, post_reads):
    body = {
        "reads": [a_read(1), a_read(2, plate=""), a_read(3, state="ZZ", lat=95, lon=0), a_read(4)]
    }
    response = post_reads(fixed_camera, body)
    assert response.status_code == 201
    result = response.json()
    assert (result["accepted"], result["duplicates"]) == (2, 0)
    rejected = {
        r["index"]: {(e["code"], e["field"]) for e in r["errors"]} for r in result["rejected"]
    }
    assert rejected == {
        1: {("required", "plate")},
        2: {("region_unknown", "state"), ("latitude_out_of_range", "lat")},
    }
    assert sorted(
        PlateRead.objects.unscoped(reason="test: what the store holds").values_list(
            "event_id", flat=True
        )
    ) == ["evt-1", "evt-4"]


def test_a_batch_with_nothing_valid_is_a_400_naming_each_field(fixed_camera, post_reads):
    response = post_reads(fixed_camera, {"reads": [a_read(1, seen_at="1999-01-01T00:00:00Z")]})
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"code": "time_too_old", "field": "reads.0.seen_at", "message": "seen_at is before 2000."}
    ]
    assert PlateRead.objects.unscoped(reason="test: what the store holds").count() == 0


def test_the_same_read_twice_in_one_batch_is_stored_once(fixed_camera, post_reads):
    read = a_read(1)
    response = post_reads(fixed_camera, {"reads": [read, dict(read)]})
    assert response.json() == {"accepted": 1, "duplicates": 1, "rejected": []}


def test_mobile_camera_reads_carry_their_own_position(mobile_camera, post_reads):
    assert post_reads(mobile_camera, a_read(1)).status_code == 400
    response = post_reads(mobile_camera, a_read(1, lat=37.5, lon=-122.1))
    assert response.status_code == 201
    read = PlateRead.objects.unscoped(reason="test: what the store holds").get()
    assert (round(read.latitude, 4), round(read.longitude, 4)) == (37.5, -122.1)


def test_images_are_stored_as_files_referenced_by_the_read(fixed_camera, post_reads, jpeg_b64):
    response = post_reads(
        fixed_camera,
        a_read(
            1,
            images=[
                {"kind": "plate", "content_base64": jpeg_b64},
                {"kind": "overview", "content_base64": jpeg_b64},
            ],
        ),
    )
    assert response.status_code == 201
    read = PlateRead.objects.unscoped(reason="test: what the store holds").get()
    assert read.image_count == 2
    images = ReadImage.objects.filter(read_id=read.id).order_by("kind")
    assert [i.kind for i in images] == ["overview", "plate"]
    assert images[0].file.read() == jpeg_bytes()
    assert images[0].content_type == "image/jpeg"


def test_images_as_multipart_parts(fixed_camera):
    import json

    from django.core.files.uploadedfile import SimpleUploadedFile

    client = camera_client(fixed_camera)
    response = client.post(
        URL,
        {
            "payload": json.dumps(a_read(1)),
            "0.plate": SimpleUploadedFile("p.jpg", jpeg_bytes(), "image/jpeg"),
        },
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    assert ReadImage.objects.get().kind == "plate"


def test_a_non_image_is_refused_and_nothing_is_stored(fixed_camera, post_reads):
    import base64

    pdf = base64.b64encode(b"%PDF-1.7 ...").decode()
    response = post_reads(
        fixed_camera, a_read(1, images=[{"kind": "plate", "content_base64": pdf}])
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "image_not_an_image"
    assert (
        PlateRead.objects.unscoped(reason="test: what the store holds").count() == 0
        and ReadImage.objects.count() == 0
    )


def test_malformed_json_is_a_400(fixed_camera):
    response = camera_client(fixed_camera).post(URL, b"{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "malformed_json"


def test_a_batch_over_the_limit_is_413(fixed_camera, post_reads, settings):
    settings.INGEST_MAX_BATCH = 3
    response = post_reads(fixed_camera, {"reads": [a_read(n) for n in range(4)]})
    assert response.status_code == 413
    assert response.json()["errors"][0]["code"] == "batch_too_large"


def test_a_body_over_the_limit_is_413(fixed_camera, post_reads, settings):
    settings.INGEST_MAX_BODY_BYTES = 100
    response = post_reads(fixed_camera, {"reads": [a_read(n) for n in range(5)]})
    assert response.status_code == 413
    assert response.json()["errors"][0]["code"] == "body_too_large"


def test_wrong_secret_is_401(fixed_camera):
    client = camera_client(fixed_camera)
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {fixed_camera.secret}x")
    response = client.post(URL, a_read(1), format="json")
    assert response.status_code == 401
    assert response.json()["errors"][0]["code"] == "invalid_camera_secret"


def test_no_credentials_is_401(fixed_camera):
    from rest_framework.test import APIClient

    assert APIClient().post(URL, a_read(1), format="json").status_code == 401


def test_a_personal_token_cannot_post_reads(user_a, api_client_for):
    assert api_client_for(user_a).post(URL, a_read(1), format="json").status_code in (401, 403)


def test_revoked_camera_is_401_and_disabled_camera_is_403(fixed_camera, agency_admin_a, post_reads):
    camera = fixed_camera.camera
    services.camera_set_enabled(actor=agency_admin_a, camera=camera, enabled=False)
    response = post_reads(fixed_camera, a_read(1))
    assert response.status_code == 403
    assert response.json()["errors"][0]["code"] == "camera_disabled"
    services.camera_set_enabled(actor=agency_admin_a, camera=camera, enabled=True)
    services.camera_revoke(actor=agency_admin_a, camera=camera)
    assert post_reads(fixed_camera, a_read(1)).status_code == 401
    assert PlateRead.objects.unscoped(reason="test: what the store holds").count() == 0


def test_a_rotated_secret_replaces_the_old_one(fixed_camera, agency_admin_a, post_reads):
    rotated = services.camera_secret_rotate(actor=agency_admin_a, camera=fixed_camera.camera)
    assert post_reads(fixed_camera, a_read(1)).status_code == 401
    assert post_reads(rotated, a_read(1)).status_code == 201


def test_posts_are_throttled_per_camera(fixed_camera, camera_b, post_reads, settings):
    from rest_framework.settings import api_settings

    with mock.patch.dict(api_settings.DEFAULT_THROTTLE_RATES, {"camera": "2/min"}):
        statuses = [post_reads(fixed_camera, a_read(n)).status_code for n in range(3)]
        other = post_reads(camera_b, a_read(1))
    assert statuses == [201, 201, 429]
    assert other.status_code == 201  # another camera has its own allowance


def test_a_camera_writes_only_as_its_own_agency(camera_b, post_reads, agency_a, agency_b):
    """GIVEN a camera of agency B  WHEN it posts  THEN the read is B's, whatever the body says."""
    response = post_reads(
        camera_b, {**a_read(1), "agency": agency_a.slug, "agency_id": agency_a.pk}
    )
    assert response.status_code == 400  # unknown fields are named, not silently obeyed
    response = post_reads(camera_b, a_read(1))
    assert response.status_code == 201
    assert list(
        PlateRead.objects.unscoped(reason="test: what the store holds").values_list(
            "agency_id", flat=True
        )
    ) == [agency_b.pk]


def test_database_down_is_503_and_nothing_acknowledged(fixed_camera, post_reads):
    with mock.patch(
        "camera_ingest.services.reads_store", side_effect=OperationalError("connection refused")
    ):
        response = post_reads(fixed_camera, a_read(1))
    assert response.status_code == 503
    assert response.json()["errors"][0]["code"] == "store_unavailable"
    assert PlateRead.objects.unscoped(reason="test: what the store holds").count() == 0


def test_a_read_in_a_month_without_a_partition_gets_one(fixed_camera, post_reads, agency_a):
    seen = datetime(2025, 3, 4, 5, 6, tzinfo=UTC).isoformat()
    assert post_reads(fixed_camera, a_read(1, seen_at=seen)).status_code == 201
    assert (
        PlateRead.objects.unscoped(reason="test: what the store holds").get().seen_at.year == 2025
    )


@pytest.mark.parametrize(
    "body",
    [
        b"null",
        b"[]",
        b"[1, 2]",
        b'"a string"',
        b"42",
        b'{"reads": null}',
        b'{"reads": {}}',
        b'{"reads": [null, [], "x", 7]}',
        b'{"reads": []}',
        b'{"event_id": {}, "plate": [], "state": 5, "seen_at": {}, "lat": "x", "lon": null}',
        b'{"event_id": "1", "plate": "A1", "seen_at": "2026-11-24T00:00:00Z", "confidence": NaN}',
        b'{"event_id": "1", "plate": "A1", "seen_at": "2026-11-24T00:00:00Z", "images": "x"}',
        b'{"event_id": "1", "plate": "A1", "seen_at": "2026-11-24T00:00:00Z", "images": [{"kind": "plate"}]}',
        b'{"event_id": "1", "plate": "A1", "seen_at": "2026-11-24T00:00:00Z", "vehicle": []}',
        b'{"event_id": "1", "plate": "A1", "seen_at": "2026-11-24T00:00:00Z", "candidates": "A2"}',
        '{"event_id": "1", "plate": "\u0000", "seen_at": "2026-11-24T00:00:00Z"}'.encode(),
        b"\xff\xfe not utf-8",
        b'{"event_id": "a\\u0000b", "plate": "A1", "seen_at": "2026-11-24T00:00:00Z"}',
        b'{"event_id": "1", "plate": "A1", "seen_at": "2026-11-24T00:00:00Z", "vehicle": {"make": "\\u0000"}}',
    ],
)
def test_no_body_a_camera_can_send_gets_a_server_error(fixed_camera, body):
    response = camera_client(fixed_camera).post(URL, body, content_type="application/json")
    assert response.status_code in (201, 400), response.content
    assert "errors" in response.json() or response.json()["accepted"] >= 0


def test_connection_lost_during_the_copy_is_503(fixed_camera, post_reads):
    import psycopg

    with mock.patch(
        "camera_ingest.services._copy_into", side_effect=psycopg.OperationalError("server closed")
    ):
        response = post_reads(fixed_camera, a_read(1))
    assert response.status_code == 503
    assert PlateRead.objects.unscoped(reason="test: what the store holds").count() == 0

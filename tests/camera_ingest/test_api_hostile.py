"""Hostile bodies at the ingest endpoints (issue 9, item 5): each answers a 4xx in the API's
error shape naming the problem, never a 500 and never an HTML page."""

import json

import pytest
from django.test import Client

from camera_ingest.models import PlateRead
from tests.camera_ingest.conftest import jpeg_bytes

pytestmark = pytest.mark.django_db
URL = "/api/v1/ingest/reads"


def _client(issued) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {issued.secret}", raise_request_exception=False)


def _codes(response) -> list[str]:
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    return [error["code"] for error in response.json()["errors"]]


def _read(**changes) -> dict:
    return {"event_id": "1", "plate": "7ABC123", "seen_at": "2026-11-24T08:00:00Z", **changes}


def test_a_kilobyte_of_nested_brackets_is_a_400_not_a_recursion_crash(fixed_camera):
    response = _client(fixed_camera).post(URL, b"[" * 1024, content_type="application/json")
    assert response.status_code == 400
    assert _codes(response) == ["malformed_json"]


@pytest.mark.parametrize("field", ["lat", "lon", "confidence"])
def test_an_integer_too_large_for_a_float_is_a_400_naming_the_field(fixed_camera, field):
    body = json.dumps(_read(**{"lat": 37.5, "lon": -122.1, field: 10**400}))
    response = _client(fixed_camera).post(URL, body, content_type="application/json")
    assert response.status_code == 400
    assert ("wrong_type", f"reads.0.{field}") in {
        (e["code"], e["field"]) for e in response.json()["errors"]
    }
    assert PlateRead.objects.unscoped(reason="test: what the store holds").count() == 0


def test_a_part_named_with_a_superscript_digit_is_a_400(fixed_camera):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = _client(fixed_camera).post(
        URL,
        {
            "payload": json.dumps(_read()),
            "².plate": SimpleUploadedFile("p.jpg", jpeg_bytes(), "image/jpeg"),
        },
    )
    assert response.status_code == 400
    assert _codes(response) == ["unknown_field"]


def test_a_non_numeric_content_length_is_a_400(fixed_camera):
    response = _client(fixed_camera).generic(
        "POST",
        URL,
        json.dumps(_read()).encode(),
        content_type="application/json",
        CONTENT_LENGTH="twelve",
    )
    assert response.status_code == 400
    assert _codes(response) == ["bad_content_length"]


def test_a_body_over_djangos_memory_limit_is_a_json_413(fixed_camera, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = _client(fixed_camera).post(URL, {"payload": json.dumps(_read(padding="x" * 2000))})
    assert response.status_code == 413
    assert _codes(response) == ["body_too_large"]


def test_too_many_multipart_fields_is_a_json_413(fixed_camera, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5
    fields = {f"f{n}": "x" for n in range(10)}
    response = _client(fixed_camera).post(URL, {"payload": json.dumps(_read()), **fields})
    assert response.status_code == 413
    assert _codes(response) == ["too_many_fields"]


def test_malformed_multipart_is_a_json_400(fixed_camera):
    response = _client(fixed_camera).post(
        URL,
        b"--x\r\nnot a part",
        content_type="multipart/form-data",  # no boundary
    )
    assert response.status_code == 400
    assert _codes(response) == ["malformed_multipart"]


def test_a_multipart_body_cut_short_is_a_json_400(fixed_camera):
    body = b'--B\r\nContent-Disposition: form-data; name="payload"\r\n\r\n{"event_id"'
    response = _client(fixed_camera).post(URL, body, content_type="multipart/form-data; boundary=B")
    assert response.status_code == 400
    assert _codes(response)[0] in {"malformed_multipart", "malformed_json"}


VENDORS = ["openalpr", "platerecognizer", "genetec", "axis", "hikvision", "verkada", "survision"]


@pytest.mark.parametrize("vendor", VENDORS)
@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        (b"[" * 1024, "application/json", 400),
        (b'{"best_plate_number": 1' + b"0" * 400 + b"}", "application/json", 400),
        (b"--x\r\nnot a part", "multipart/form-data", 400),
        (b"<" * 1024, "application/xml", 400),
        (b"\xff\xfe\x00", "application/json", 400),
    ],
)
def test_no_hostile_body_at_a_vendor_url_is_a_server_error(
    fixed_camera, vendor, body, content_type, status
):
    response = _client(fixed_camera).post(
        f"/api/v1/ingest/{vendor}", body, content_type=content_type
    )
    assert response.status_code == status, response.content[:300]
    assert _codes(response)


@pytest.mark.parametrize("vendor", VENDORS)
def test_a_non_numeric_content_length_at_a_vendor_url_is_a_400(fixed_camera, vendor):
    response = _client(fixed_camera).generic(
        "POST",
        f"/api/v1/ingest/{vendor}",
        b"{}",
        content_type="application/json",
        CONTENT_LENGTH="12abc",
    )
    assert (response.status_code, _codes(response)) == (400, ["bad_content_length"])

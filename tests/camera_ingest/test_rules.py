"""The read rules, without a database: codes asserted, never messages."""

from datetime import UTC, datetime, timedelta

import pytest

from camera_ingest import rules
from tests.camera_ingest.conftest import jpeg_bytes

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
FIXED = rules.CameraFacts(kind="fixed", latitude=37.8, longitude=-122.27)
MOBILE = rules.CameraFacts(kind="mobile", latitude=None, longitude=None)
LIMITS = rules.Limits(now=NOW, retention_days=730, max_image_bytes=50_000)


def good(**changes):
    read = {
        "event_id": "e-1",
        "plate": "7abc-123",
        "state": "CA",
        "seen_at": "2026-11-24T03:59:00-08:00",
    }
    read.update(changes)
    return {k: v for k, v in read.items() if v is not None}


def codes(raw, camera=FIXED, limits=LIMITS):
    read, violations = rules.check_read(raw, camera, limits)
    return read, {(v.code, v.field) for v in violations}


def test_a_good_read_is_normalised():
    read, problems = codes(good())
    assert problems == set()
    assert read.plate == "7ABC123"
    assert read.plate_raw == "7abc-123"
    assert read.region == "US-CA"
    assert read.seen_at == datetime(2026, 11, 24, 11, 59, tzinfo=UTC)
    assert (read.latitude, read.longitude) == (37.8, -122.27)  # a fixed camera's own place


@pytest.mark.parametrize(
    ("raw", "plate"),
    [
        ("7ABC123", "7ABC123"),
        ("7abc 123", "7ABC123"),
        (" 7-ABC-123 ", "7ABC123"),
        ("ab.12", "AB12"),
    ],
)
def test_plate_spellings_become_one_plate(raw, plate):
    read, _ = codes(good(plate=raw))
    assert read.plate == plate


@pytest.mark.parametrize("plate", ["", None, "!!!", "ABCDEFGHIJKLMNOPQ", "7ÄBC123"])
def test_bad_plates_are_refused(plate):
    _, problems = codes(good(plate=plate) if plate is not None else {**good(), "plate": None})
    assert {c for c, f in problems if f == "plate"} & {rules.FIELD_REQUIRED, rules.PLATE_INVALID}


def test_plate_of_wrong_type_is_refused():
    _, problems = codes(good(plate=1234567))
    assert (rules.WRONG_TYPE, "plate") in problems


@pytest.mark.parametrize(
    ("state", "region"),
    [
        ("CA", "US-CA"),
        ("ca", "US-CA"),
        ("US-NV", "US-NV"),
        ("ON", "CA-ON"),
        ("CA-BC", "CA-BC"),
        ("BCN", "MX-BCN"),
        ("MX-JAL", "MX-JAL"),
        ("DEU", "DE"),
        ("GB", "GB"),
        ("FR", "FR"),
    ],
)
def test_regions_from_everywhere_are_recognised(state, region):
    read, problems = codes(good(state=state))
    assert problems == set()
    assert read.region == region


@pytest.mark.parametrize("state", ["ZZ", "California", "XX-YY", "US-ZZ"])
def test_unknown_regions_are_refused(state):
    _, problems = codes(good(state=state))
    assert (rules.REGION_UNKNOWN, "state") in problems


def test_missing_region_is_allowed():
    read, problems = codes(good(state=None))
    assert problems == set()
    assert read.region is None


@pytest.mark.parametrize(
    ("seen_at", "code"),
    [
        (None, rules.FIELD_REQUIRED),
        ("yesterday", rules.TIME_INVALID),
        ("2026-11-24T03:59:00", rules.TIME_WITHOUT_OFFSET),
        (1732400000, rules.WRONG_TYPE),
        ("1999-12-31T23:59:59Z", rules.TIME_TOO_OLD),
        ("9999-12-31T23:59:59-12:00", rules.TIME_INVALID),
        ((NOW + timedelta(days=2)).isoformat(), rules.TIME_IN_FUTURE),
        ((NOW - timedelta(days=731)).isoformat(), rules.TIME_PAST_RETENTION),
    ],
)
def test_bad_times_are_refused(seen_at, code):
    raw = good(seen_at=seen_at) if seen_at is not None else {**good(), "seen_at": None}
    _, problems = codes(raw)
    assert (code, "seen_at") in problems


def test_a_camera_clock_a_few_minutes_ahead_is_tolerated():
    _, problems = codes(good(seen_at=(NOW + timedelta(minutes=5)).isoformat()))
    assert problems == set()


def test_zulu_time_is_accepted():
    read, problems = codes(good(seen_at="2026-11-24T11:00:00Z"))
    assert problems == set()
    assert read.seen_at.hour == 11


def test_mobile_camera_must_send_its_position():
    _, problems = codes(good(), camera=MOBILE)
    assert (rules.POSITION_REQUIRED, "lat") in problems
    read, problems = codes(good(lat=37.1, lon=-121.9), camera=MOBILE)
    assert problems == set()
    assert (read.latitude, read.longitude) == (37.1, -121.9)


@pytest.mark.parametrize(
    ("lat", "lon", "expected"),
    [
        (91, -122, (rules.LATITUDE_OUT_OF_RANGE, "lat")),
        (37, -181, (rules.LONGITUDE_OUT_OF_RANGE, "lon")),
        ("37.1", -122, (rules.WRONG_TYPE, "lat")),
        (True, -122, (rules.WRONG_TYPE, "lat")),
        (37.1, None, (rules.FIELD_REQUIRED, "lon")),
    ],
)
def test_positions_out_of_range_or_of_wrong_type_are_refused(lat, lon, expected):
    _, problems = codes(good(lat=lat, lon=lon), camera=MOBILE)
    assert expected in problems


@pytest.mark.parametrize(
    ("given", "stored"), [(0.87, 0.87), (87, 0.87), (1, 1.0), (100, 1.0), (0, 0.0)]
)
def test_confidence_on_either_scale(given, stored):
    read, _ = codes(good(confidence=given))
    assert read.confidence == pytest.approx(stored)


@pytest.mark.parametrize("confidence", [-1, 101, "high"])
def test_bad_confidence_is_refused(confidence):
    _, problems = codes(good(confidence=confidence))
    assert {c for c, f in problems if f == "confidence"}


def test_vehicle_attributes_are_kept_and_checked():
    read, problems = codes(good(vehicle={"make": "Toyota", "color": "silver", "type": "sedan"}))
    assert problems == set()
    assert read.vehicle == {"make": "Toyota", "color": "silver", "type": "sedan"}
    _, problems = codes(good(vehicle={"make": 7, "wheels": 4}))
    assert (rules.WRONG_TYPE, "vehicle.make") in problems
    assert (rules.UNKNOWN_FIELD, "vehicle.wheels") in problems


def test_candidates_are_normalised_plates():
    read, _ = codes(good(candidates=["7abc 128", "7ABC-12B"]))
    assert read.candidates == ["7ABC128", "7ABC12B"]


def test_unknown_fields_and_missing_event_id_are_named():
    _, problems = codes({**good(), "seenAt": "x", "event_id": None})
    assert (rules.UNKNOWN_FIELD, "seenAt") in problems
    assert (rules.FIELD_REQUIRED, "event_id") in problems


def test_integer_event_ids_are_accepted():
    read, _ = codes(good(event_id=1234567))
    assert read.event_id == "1234567"


def test_images_are_checked_by_their_bytes():
    import base64

    jpeg = base64.b64encode(jpeg_bytes()).decode()
    read, problems = codes(good(images=[{"kind": "plate", "content_base64": jpeg}]))
    assert problems == set()
    assert read.images[0][0] == "plate" and read.images[0][2] == "image/jpeg"
    not_image = base64.b64encode(b"%PDF-1.4 not a photo").decode()
    _, problems = codes(good(images=[{"kind": "plate", "content_base64": not_image}]))
    assert (rules.IMAGE_NOT_AN_IMAGE, "images.0") in problems
    _, problems = codes(good(images=[{"kind": "plate", "content_base64": "@@not base64@@"}]))
    assert (rules.IMAGE_INVALID, "images.0.content_base64") in problems
    big = base64.b64encode(b"\xff\xd8\xff" + b"0" * 60_000).decode()
    _, problems = codes(good(images=[{"kind": "overview", "content_base64": big}]))
    assert (rules.IMAGE_TOO_LARGE, "images.0") in problems
    _, problems = codes(good(images=[{"kind": "selfie", "content_base64": jpeg}]))
    assert (rules.WRONG_TYPE, "images.0.kind") in problems


def test_a_read_that_is_not_an_object_is_refused():
    _, problems = codes(["7ABC123"])
    assert (rules.WRONG_TYPE, "") in problems

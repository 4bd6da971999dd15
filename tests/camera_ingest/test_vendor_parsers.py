"""Each vendor adapter, without a database: samples written from each vendor's public
documentation (field names and units as documented), turned into reads of our shape and
checked by our own rules, so these assert exactly what would be stored."""

import base64
import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from camera_ingest import rules
from camera_ingest.vendors import PARSERS
from camera_ingest.vendors.base import (
    MALFORMED_JSON,
    MALFORMED_XML,
    WRONG_FORMAT,
    XML_FORBIDDEN,
    Body,
    Context,
    VendorError,
)
from tests.camera_ingest.conftest import jpeg_bytes

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
LIMITS = rules.Limits(now=NOW, retention_days=3650)
FIXED = rules.CameraFacts(kind="fixed", latitude=37.8, longitude=-122.27)
JPEG_B64 = base64.b64encode(jpeg_bytes()).decode()
MS = 1764000000000  # 2025-11-24T16:00:00Z


def parse(vendor, payload, *, zone="UTC", **body):
    raw = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    return PARSERS[vendor](Body(raw=raw, **body), Context(time_zone=ZoneInfo(zone)))


def stored(vendor, payload, **kwargs) -> list[rules.ValidRead]:
    parsed = parse(vendor, payload, **kwargs)
    reads = []
    for vendor_read in parsed.reads:
        read, violations = rules.check_read(vendor_read.fields, FIXED, LIMITS)
        assert not violations, violations
        reads.append(read)
    return reads


def at(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, tz=UTC)


# --- Normalisers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [1764000000, 1764000000000, 1764000000000000000, "1764000000000", 1764000000.0],
)
def test_epoch_seconds_milliseconds_and_nanoseconds_are_one_instant(value):
    assert rules.epoch_to_utc(value) == datetime(2025, 11, 24, 16, 0, tzinfo=UTC)


def test_a_time_without_a_zone_is_read_in_the_cameras_zone_and_says_so():
    seen, assumed = rules.vendor_time("2025-11-24 08:00:00", ZoneInfo("America/Los_Angeles"))
    assert (seen, assumed) == (datetime(2025, 11, 24, 16, 0, tzinfo=UTC), True)
    seen, assumed = rules.vendor_time("2025-11-24T08:00:00-08:00", ZoneInfo("Asia/Tokyo"))
    assert (seen, assumed) == (datetime(2025, 11, 24, 16, 0, tzinfo=UTC), False)


@pytest.mark.parametrize(
    ("value", "scale", "expected"),
    [
        (0.9, "unit", 0.9),
        (90, "percent", 0.9),
        ("90", "percent", 0.9),
        ("0.9", "auto", 0.9),
        (90.0, "auto", 0.9),
        (1, "unit", 1.0),
        (1, "percent", 0.01),
    ],
)
def test_confidence_lands_on_one_scale(value, scale, expected):
    assert rules.vendor_confidence(value, scale) == pytest.approx(expected)


@pytest.mark.parametrize("value", [150, "high", 10**400, float("nan")])
def test_a_confidence_off_every_scale_is_refused(value):
    with pytest.raises(rules.VendorValueError):
        rules.vendor_confidence(value, "auto")


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("us-ca", "US-CA"),
        ("CA", "US-CA"),
        ("US-CA", "US-CA"),
        ("gb", "GB"),
        ("POL", "PL"),
        ("", None),
        ("Narnia", None),
    ],
)
def test_regions_in_every_spelling(text, region):
    assert rules.vendor_region(text) == region


@pytest.mark.parametrize(
    ("value", "expected"),
    [("N37 47 13", 37.786944), ("W-122 23 14", -122.387222), ("-122.5", -122.5), (37.5, 37.5)],
)
def test_positions_in_decimal_or_degrees_minutes_seconds(value, expected):
    assert rules.vendor_coordinate(value) == pytest.approx(expected, abs=1e-5)


def test_plate_text_in_lower_case_or_with_spaces_is_one_plate():
    assert rules.vendor_plate("sgx 7923g") == rules.vendor_plate("SGX-7923G") == "SGX7923G"
    assert rules.vendor_plate("unknown") is None


# --- OpenALPR / Rekor ---------------------------------------------------------------------------


def openalpr_group(**changes):
    return {
        "data_type": "alpr_group",
        "version": 3,
        "agent_uid": "AGENT1",
        "camera_id": 7,
        "epoch_start": MS,
        "epoch_end": MS + 3000,
        "best_uuid_epoch_ms": MS + 1200,
        "best_plate_number": "7ABC123",
        "best_confidence": 94.5,
        "best_region": "us-ca",
        "gps_latitude": 37.1,
        "gps_longitude": -121.9,
        "travel_direction": 270.4,
        "is_preview": False,
        "best_plate": {
            "plate": "7ABC123",
            "confidence": 94.5,
            "region": "us-ca",
            "plate_crop_jpeg": JPEG_B64,
        },
        "candidates": [
            {"plate": "7ABC123", "confidence": 94.5},
            {"plate": "7ABC12B", "confidence": 80.1},
        ],
        "vehicle": {
            "make": [{"name": "toyota", "confidence": 90}],
            "make_model": [{"name": "toyota_prius", "confidence": 80}],
            "color": [{"name": "silver-gray", "confidence": 70}],
            "body_type": [{"name": "sedan-standard", "confidence": 60}],
        },
        "overview_jpeg": JPEG_B64,
        **changes,
    }


def test_an_openalpr_group_is_one_read_with_everything_it_carries():
    (read,) = stored("openalpr", openalpr_group())
    assert (read.plate, read.region, read.seen_at) == ("7ABC123", "US-CA", at(MS))
    assert read.confidence == pytest.approx(0.945)
    assert (read.latitude, read.longitude) == (37.1, -121.9)
    assert read.vehicle == {
        "make": "toyota",
        "model": "prius",
        "color": "silver-gray",
        "type": "sedan-standard",
        "direction": "270°",
    }
    assert read.candidates == ["7ABC12B"]
    assert [(kind, content_type) for kind, _, content_type in read.images] == [
        ("plate", "image/jpeg"),
        ("overview", "image/jpeg"),
    ]


def test_a_preview_group_and_its_final_group_share_the_event_id():
    preview = parse("openalpr", openalpr_group(is_preview=True, best_plate_number="7ABC12B"))
    final = parse("openalpr", openalpr_group())
    assert preview.reads[0].preview and not final.reads[0].preview
    assert preview.reads[0].fields["event_id"] == final.reads[0].fields["event_id"]
    assert preview.reads[0].fields["seen_at"] == final.reads[0].fields["seen_at"]


def test_per_frame_results_are_one_read_per_plate_and_the_daemon_sends_seconds():
    frame = {
        "uuid": "f11e0acc-1",
        "camera_id": 1,
        "epoch_time": 1764000000,
        "results": [
            {"plate": "S11FRE", "confidence": 77.1, "region": "", "plate_index": 0},
            {
                "plate": "EJLESSIE",
                "confidence": 78.2,
                "region": "us-ca",
                "plate_index": 1,
                "epoch_time": 1764000010,
            },
        ],
    }
    first, second = stored("openalpr", frame)
    assert (first.plate, first.seen_at, first.region) == (
        "S11FRE",
        datetime(2025, 11, 24, 16, 0, tzinfo=UTC),
        None,
    )
    assert (second.plate, second.seen_at) == (
        "EJLESSIE",
        datetime(2025, 11, 24, 16, 0, 10, tzinfo=UTC),
    )
    assert first.event_id != second.event_id


def test_heartbeats_and_vehicles_without_plates_are_not_reads():
    heartbeat = parse(
        "openalpr",
        {
            "data_type": "heartbeat",
            "agent_version": "4.1.1",
            "video_streams": [{"is_streaming": True, "fps": 12}],
        },
    )
    assert (heartbeat.event, heartbeat.reads) == ("heartbeat", [])
    assert heartbeat.health["streaming"] == 1
    vehicle = parse("openalpr", {"data_type": "vehicle", "epoch_start": MS})
    assert (vehicle.event, vehicle.reads) == ("no_plate", [])


def test_an_alert_stores_the_group_it_wraps():
    (read,) = stored(
        "openalpr", {"data_type": "alpr_alert", "alert_list": "stolen", "group": openalpr_group()}
    )
    assert read.plate == "7ABC123"


def test_another_vendors_payload_at_the_openalpr_url_is_named():
    with pytest.raises(VendorError) as refused:
        parse("openalpr", {"webhook_type": "lpr", "data": {}})
    assert refused.value.code == WRONG_FORMAT


# --- Plate Recognizer ---------------------------------------------------------------------------


def plate_recognizer_hook(**data):
    return {
        "hook": {"target": "https://example.test/", "id": "camera-1", "event": "recognition"},
        "data": {
            "camera_id": "camera-1",
            "filename": "f.jpg",
            "timestamp": "2025-11-24T16:00:00Z",
            "results": [
                {
                    "plate": "nhk 552",
                    "score": 0.904,
                    "region": {"code": "us-ca"},
                    "box": {"xmin": 1, "ymin": 2, "xmax": 3, "ymax": 4},
                    "candidates": [
                        {"plate": "nhk552", "score": 0.9},
                        {"plate": "nhk55z", "score": 0.7},
                    ],
                    "vehicle": {"type": "Sedan"},
                    "model_make": [{"make": "Riley", "model": "RMF"}],
                    "color": [{"color": "black"}],
                    "direction": 81,
                }
            ],
            **data,
        },
    }


def test_a_plate_recognizer_webhook_as_a_json_body():
    (read,) = stored("platerecognizer", plate_recognizer_hook())
    assert (read.plate, read.plate_raw, read.region) == ("NHK552", "nhk 552", "US-CA")
    assert read.seen_at == datetime(2025, 11, 24, 16, 0, tzinfo=UTC)
    assert read.confidence == pytest.approx(0.904)
    assert read.vehicle == {
        "make": "Riley",
        "model": "RMF",
        "color": "black",
        "type": "Sedan",
        "direction": "81°",
    }
    assert read.candidates == ["NHK55Z"]


def test_a_plate_recognizer_stream_post_in_a_json_form_field_with_its_upload():
    parsed = parse(
        "platerecognizer",
        b"",
        content_type="multipart/form-data; boundary=x",
        form={"json": json.dumps(plate_recognizer_hook())},
        files={"upload": jpeg_bytes()},
    )
    assert parsed.reads[0].part_images == [("overview", jpeg_bytes())]


def test_a_plate_recognizer_timestamp_without_zone_takes_the_cameras_zone():
    parsed = parse(
        "platerecognizer",
        plate_recognizer_hook(timestamp="2025-11-24 08:00:00.5"),
        zone="America/Los_Angeles",
    )
    assert parsed.reads[0].fields["seen_at"] == "2025-11-24T16:00:00.500000+00:00"
    assert "America/Los_Angeles" in parsed.reads[0].notes[0]


def test_a_plate_recognizer_retry_has_the_same_event_id_and_no_results_is_no_read():
    assert (
        parse("platerecognizer", plate_recognizer_hook()).reads[0].fields["event_id"]
        == parse("platerecognizer", plate_recognizer_hook()).reads[0].fields["event_id"]
    )
    assert parse("platerecognizer", plate_recognizer_hook(results=[])).event == "no_plate"


# --- Genetec, Axis, Verkada, Survision ----------------------------------------------------------


def sharpv(**changes):
    return {
        "Plate": "9HKA742",
        "State": "CA",
        "ConfidenceScore": "99",
        "DateUtc": "11/24/2025",
        "TimeUtc": "16:00:00",
        "DateLocal": "11/24/2025",
        "TimeLocal": "08:00:00",
        "Latitude": "37.787",
        "Longitude": "-122.387",
        "VehicleID": "ccd6761e-b2a6",
        "Attributes": {
            "Vehicle Type": "Passenger Vehicle",
            "Vehicle Color": "Grey",
            "Vehicle Make": "-",
            "Relative Motion": "Moving Away",
        },
        "PlateImage": JPEG_B64,
        **changes,
    }


def test_a_genetec_sharpv_read_of_strings():
    (read,) = stored("genetec", sharpv())
    assert (read.plate, read.region, read.event_id) == ("9HKA742", "US-CA", "ccd6761e-b2a6")
    assert read.seen_at == datetime(2025, 11, 24, 16, 0, tzinfo=UTC)
    assert read.confidence == pytest.approx(0.99)
    assert (read.latitude, read.longitude) == (37.787, -122.387)
    assert read.vehicle == {
        "color": "Grey",
        "type": "Passenger Vehicle",
        "direction": "Moving Away",
    }
    assert read.images[0][0] == "plate"


def test_a_sharpv_whose_utc_equals_its_local_time_is_read_in_the_cameras_zone():
    parsed = parse("genetec", sharpv(TimeLocal="16:00:00"), zone="America/Los_Angeles")
    assert parsed.reads[0].fields["seen_at"] == "2025-11-25T00:00:00+00:00"


def test_a_sharpv_position_in_degrees_minutes_seconds_only():
    (read,) = stored(
        "genetec", sharpv(Latitude="", LatitudeDMS="N37 47 13", LongitudeDMS="W-122 23 14")
    )
    assert (round(read.latitude, 4), round(read.longitude, 4)) == (37.7869, -122.3872)


def test_an_axis_event_with_nanoseconds_and_image_urls():
    parsed = parse(
        "axis",
        {
            "plateText": "RLE11684",
            "plateUTF8": "RLE11684",
            "plateCountry": "POL",
            "plateConfidence": "0.719034",
            "capture_ts": "1764000000000000000",
            "capture_timestamp": "1764000000000",
            "carID": "1144696",
            "geotag": {"lat": 50.4, "lon": 30.5},
            "carMoveDirection": "in",
            "imagesURI": ["/local/fflprapp/tools.cgi?action=getImage&name=45"],
        },
    )
    read, violations = rules.check_read(parsed.reads[0].fields, FIXED, LIMITS)
    assert not violations
    assert (read.plate, read.region, read.seen_at) == ("RLE11684", "PL", at(MS))
    assert read.confidence == pytest.approx(0.719034)
    assert parsed.reads[0].image_urls == ["/local/fflprapp/tools.cgi?action=getImage&name=45"]


def test_a_verkada_webhook_with_and_without_a_state():
    body = {
        "webhook_type": "lpr",
        "created_at": 1764000000,
        "data": {
            "camera_id": "38718198",
            "created": 1764000000,
            "detected": MS,
            "license_plate_number": "ABCD123",
            "confidence": 0.963,
            "image_url": "https://example.test/i.jpg",
            "license_plate_state": "us-ca",
        },
    }
    (read,) = stored("verkada", body)
    assert (read.plate, read.region, read.seen_at, read.confidence) == (
        "ABCD123",
        "US-CA",
        at(MS),
        pytest.approx(0.963),
    )
    del body["data"]["license_plate_state"]
    (read,) = stored("verkada", body)
    assert read.region is None and read.latitude == 37.8  # the camera's place


def test_a_survision_read_names_its_camera_in_a_header():
    body = {
        "anpr": {
            "@date": str(MS),
            "@session": "1",
            "@id": "9",
            "decision": {
                "@plate": "MW818WM",
                "@context_isoAlpha2": "FR",
                "@reliability": "98",
                "@direction": "unknown",
                "jpeg": JPEG_B64,
            },
        }
    }
    parsed = parse("survision", body, headers={"survision-serial-number": "sv1-1"})
    read, _ = rules.check_read(parsed.reads[0].fields, FIXED, LIMITS)
    assert (read.plate, read.region, read.seen_at, read.confidence) == (
        "MW818WM",
        "FR",
        at(MS),
        pytest.approx(0.98),
    )
    assert read.event_id.startswith("sv-sv1-1-")
    assert read.vehicle is None  # "unknown" direction is not kept


# --- Hikvision ----------------------------------------------------------------------------------

HIK = """<?xml version="1.0" encoding="UTF-8"?>
<EventNotificationAlert version="2.0" xmlns="http://www.hikvision.com/ver20/XMLSchema">
<dateTime>2025-11-24T08:00:00-08:00</dateTime><eventType>ANPR</eventType>
<ANPR><licensePlate>PECT600</licensePlate><direction>forward</direction>
<confidenceLevel>97</confidenceLevel><vehicleType>vehicle</vehicleType>
<vehicleInfo><color>white</color></vehicleInfo></ANPR>
<UUID>2025112408000012345</UUID>
<DeviceGPSInfo><longitudeType>W</longitudeType><latitudeType>N</latitudeType>
<Longitude><degree>122</degree><minute>16</minute><sec>12.0</sec></Longitude>
<Latitude><degree>37</degree><minute>48</minute><sec>15.8</sec></Latitude></DeviceGPSInfo>
</EventNotificationAlert>"""


def test_a_hikvision_anpr_event_in_a_multipart_post_with_its_pictures():
    parsed = parse(
        "hikvision",
        b"",
        content_type="multipart/form-data; boundary=x",
        files={
            "anpr.xml": HIK.encode(),
            "licensePlatePicture.jpg": jpeg_bytes(),
            "detectionPicture.jpg": jpeg_bytes(),
        },
    )
    read, violations = rules.check_read(parsed.reads[0].fields, FIXED, LIMITS)
    assert not violations
    assert (read.plate, read.event_id, read.seen_at) == (
        "PECT600",
        "2025112408000012345",
        datetime(2025, 11, 24, 16, 0, tzinfo=UTC),
    )
    assert read.confidence == pytest.approx(0.97)
    assert (round(read.latitude, 4), round(read.longitude, 4)) == (37.8044, -122.27)
    assert read.vehicle == {"color": "white", "type": "vehicle", "direction": "forward"}
    assert [kind for kind, _ in parsed.reads[0].part_images] == ["plate", "overview"]


def test_hikvision_xml_with_entities_is_refused_unresolved():
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;">]><EventNotificationAlert>&b;</EventNotificationAlert>'
    )
    external = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        b"<EventNotificationAlert>&e;</EventNotificationAlert>"
    )
    for body in (bomb, external):
        with pytest.raises(VendorError) as refused:
            parse("hikvision", body, content_type="application/xml")
        assert refused.value.code == XML_FORBIDDEN


def test_truncated_xml_and_json_are_named():
    with pytest.raises(VendorError) as refused:
        parse("hikvision", HIK.encode()[:200], content_type="application/xml")
    assert refused.value.code == MALFORMED_XML
    with pytest.raises(VendorError) as refused:
        parse("openalpr", json.dumps(openalpr_group()).encode()[:300])
    assert refused.value.code == MALFORMED_JSON


def test_frigate_lpr_updates_are_reads_and_people_are_not():
    parsed = parse(
        "frigate",
        {
            "type": "lpr",
            "id": "1607.4-mx",
            "plate": "123ABC",
            "score": 0.95,
            "camera": "driveway",
            "timestamp": 1764000000.5,
        },
    )
    assert parsed.reads[0].fields["seen_at"] == "2025-11-24T16:00:00.500000+00:00"
    person = parse(
        "frigate", {"type": "new", "before": {}, "after": {"label": "person", "id": "x"}}
    )
    assert (person.event, person.reads) == ("not_a_vehicle", [])


def test_the_time_window_is_still_ours_to_enforce():
    (read,) = stored(
        "openalpr", openalpr_group(epoch_start=int((NOW - timedelta(days=1)).timestamp() * 1000))
    )
    assert read.seen_at == NOW - timedelta(days=1)

"""Every payload in the vendor folder, posted as its vendor's device posts it (JSON body, form
field, multipart parts, header), to a live server; then exactly what was stored is asserted:
plate, region, time in UTC, confidence, position, images, or that the post was acknowledged
without a read. A file the table does not classify fails the run, so new samples get looked at.
"""

import base64
import json
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from datetime import UTC

import pytest

from accounts.models import Agency
from camera_ingest import services
from camera_ingest.models import Camera, DeadLetter
from conformance.conftest import PAYLOADS
from queries.selectors import reads_for
from tests import factories


@dataclass(frozen=True)
class Read:
    plate: str
    region: str | None
    seen_at: str  # UTC, ISO 8601
    confidence: float
    position: tuple[float, float] | None = None  # None: the camera's registered place
    images: int = 0


@dataclass(frozen=True)
class Case:
    vendor: str
    reads: tuple[Read, ...] = ()
    acknowledged: str | None = None  # "heartbeat", "no_plate", "not_a_vehicle"
    send: str = "json"  # json | form_json | multipart_upload | hikvision_multipart
    time_zone: str = "UTC"
    headers: dict = field(default_factory=dict)
    why: str = ""


CAMERA_PLACE = (37.8044, -122.2712)

CASES = {
    # OpenALPR / Rekor: one URL, told apart by data_type.
    "openalpr-watchman__alpr_results.json": Case(
        "openalpr",
        (
            Read("D2651BF", "US-MO", "2019-07-09T14:13:28.425000+00:00", 0.929419),
            Read("CG3L5Y", "US-MO", "2019-07-09T14:13:28.425000+00:00", 0.947376),
        ),
        why="per-frame results, epoch ms, 0-100, images are placeholder text (not kept)",
    ),
    "openalpr-watchman__alpr_group.json": Case(
        "openalpr",
        (
            Read(
                "D2651BF",
                "US-MO",
                "2019-07-09T14:05:21.504000+00:00",
                0.938771,
                (37.635986, -79.205933),
            ),
        ),
    ),
    "openalpr-alprd__results_opensource_daemon.json": Case(
        "openalpr",
        (
            Read("S11FRE", None, "2014-06-07T17:10:50+00:00", 0.771307),
            Read("EJLESSIE", None, "2014-06-07T16:20:50+00:00", 0.78168),
        ),
        why="no data_type, epoch seconds, a result with its own epoch_time",
    ),
    "openalpr-alprd__alpr_group_v1.json": Case(
        "openalpr",
        (Read("A13709", "US-MO", "2015-11-24T00:50:08.789000+00:00", 0.920752),),
        why='region "mo" without a country',
    ),
    "openalpr-watchman__heartbeat.json": Case("openalpr", acknowledged="heartbeat"),
    "openalpr-alprd__heartbeat_v1.json": Case("openalpr", acknowledged="heartbeat"),
    "rekor-scout__alpr_group_v3_test_webhook.json": Case(
        "openalpr",
        (
            Read(
                "19462SH",
                "US-MA",
                "2021-10-17T13:05:47.845000+00:00",
                0.932547,
                (39.6505, -78.7661),
                images=2,
            ),
        ),
    ),
    "rekor-scout__alpr_alert_test_webhook.json": Case(
        "openalpr",
        (
            Read(
                "2BH375",
                "US-MA",
                "2021-09-03T19:06:29.342000+00:00",
                0.932547,
                (39.0391, -77.0173),
                images=2,
            ),
        ),
        why="a hot-list alert wrapping its group",
    ),
    "rekor-scout__vehicle_test_webhook.json": Case("openalpr", acknowledged="no_plate"),
    # Plate Recognizer: the body, a `json` form field, or multipart with the image in `upload`.
    "platerecognizer__snapshot_response_docs.json": Case(
        "platerecognizer", (Read("NHK552", "GB", "2020-10-12T16:17:27.574008+00:00", 0.904),)
    ),
    "platerecognizer__snapshot_response_vehicle_mode_docs.json": Case(
        "platerecognizer",
        (Read("NHK552", "GB", "2021-11-23T17:56:47.896406+00:00", 0.838),),
        why="a timestamp without a zone: the camera's zone (UTC here)",
    ),
    "platerecognizer__webhook_image_done_docs.json": Case(
        "platerecognizer",
        (
            Read("765410", None, "2019-08-31T14:22:06.983000+00:00", 0.913153),
            Read("830265", None, "2019-08-31T14:22:06.983000+00:00", 0.770064),
        ),
    ),
    "platerecognizer-stream__webhook_recognition_gist.json": Case(
        "platerecognizer",
        (Read("9JUB11", "GB", "2021-09-29T05:56:13.606935+00:00", 0.839),),
        send="form_json",
        why="Stream sends the body in a `json` form field",
    ),
    "platerecognizer__snapshot_response_survision_image.json": Case(
        "platerecognizer",
        (Read("MW818WM", "FR", "2024-10-17T23:04:50.098000+00:00", 1.0, images=1),),
        send="multipart_upload",
        why="webhook with image: the Survision sample's JPEG as the `upload` part",
    ),
    "platerecognizer__snapshot_response_no_plate.json": Case(
        "platerecognizer", acknowledged="no_plate"
    ),
    # Cameras posting directly.
    "genetec-autovu-sharpv__http_read.json": Case(
        "genetec",
        (Read("9HKA742", "US-CA", "2024-10-24T17:29:26+00:00", 0.99, (37.787082, -122.387388), 2),),
        time_zone="Europe/Istanbul",
        why="TimeUtc equals TimeLocal, so the camera's zone is used; ParkPow's call for the "
        "same read said 17:29:26Z, which a UTC+3 camera zone reproduces",
    ),
    "axis-lpv__lpr_event.json": Case(
        "axis",
        (
            Read(
                "RLE11684",
                "PL",
                "2021-06-11T10:05:38.252000+00:00",
                0.719034,
                (50.418114, 30.476213),
            ),
        ),
        why="nanosecond capture_ts, alpha-3 country, image URLs",
    ),
    "hikvision__anpr_event_notification.xml": Case(
        "hikvision",
        (Read("PECT600", None, "2024-01-19T03:17:19+00:00", 0.97, (0.366667, 111.0)),),
        send="hikvision_multipart",
        why="XML in an anpr.xml part; DMS position",
    ),
    "verkada__lpr_webhook_docs.json": Case(
        "verkada", (Read("ABCD123", "US-CA", "2025-09-19T17:27:45.879000+00:00", 0.963041),)
    ),
    "verkada__lpr_webhook_docs_no_state.json": Case(
        "verkada", (Read("ABC123", None, "2025-03-18T00:52:59.426000+00:00", 0.955804),)
    ),
    "survision__http_read.json": Case(
        "survision",
        (Read("MW818WM", "FR", "2024-10-17T23:04:50.098000+00:00", 0.98, images=1),),
        headers={"survision-serial-number": "sv1-searial-1"},
    ),
    # Bonus: Frigate's MQTT messages relayed over HTTP.
    "frigate__mqtt_tracked_object_update_lpr_docs.json": Case(
        "frigate", (Read("123ABC", None, "2020-12-04T23:19:18.748393+00:00", 0.95),)
    ),
    "frigate__mqtt_events_docs.json": Case(
        "frigate",
        (Read("ABC12345", None, "2020-12-04T23:19:22.082975+00:00", 0.933451),),
        why="a field reference labelled person that carries a recognised plate",
    ),
    "frigate__mqtt_events_person_new_fixture.json": Case("frigate", acknowledged="not_a_vehicle"),
}

# Files that are not a device's post in a supported format, and why.
NOT_POSTED = {
    "SOURCES.md": "provenance notes",
    "alpr-database__plate_reads_post_alpr_only.json": "Blue Iris to ALPR-Database: not supported",
    "alpr-database__plate_reads_post_objects_and_alpr.json": "Blue Iris to ALPR-Database: not supported",
    "blueiris-codeproject__ai_dump_alpr.json": "CodeProject.AI output: not supported",
    "blueiris-codeproject__ai_dump_alpr_ocr_annotations.json": "CodeProject.AI output: not supported",
    "blueiris__alert_post_body_macro_templates.txt": "templates, not a payload",
    "codeproject-ai__alpr_route_outputs.schema.txt": "a schema, not a payload",
    "platesmart__alpr_read_docs.json": "PlateSmart: not supported",
    "frigate__mqtt_events_docs.jsonc": "commented copy of a .json posted above",
    "frigate__mqtt_tracked_object_update_lpr_docs.jsonc": "commented copy of a .json posted above",
    "platerecognizer__snapshot_response_docs.jsonc": "commented copy of a .json posted above",
    "platerecognizer__sdk_response_docs.jsonc": "a documentation stub whose results are a comment",
    "genetec-autovu-sharpv__ftp_xml_template.xml": "an FTP export template with placeholders",
    "njsnap-eyemetric__plate_hits_alert.json": "an agency exchange format, not a camera post",
    "njsnap-eyemetric__search_request_comprehensive.json": "a search request, not a read",
    "njsnap-eyemetric__search_response.json": "a search response, not a read",
    "nlets__lpq_legacy_query_format.txt": "a query format, not a read",
    "parkpow__visit_api_response.json": "a peer's API reply, not a camera post",
}


def test_every_file_in_the_folder_is_posted_or_said_why_not():
    present = {path.name for path in PAYLOADS.iterdir() if path.is_file()}
    unclassified = present - set(CASES) - set(NOT_POSTED)
    assert not unclassified, f"classify these payloads in {__file__}: {sorted(unclassified)}"
    missing = set(CASES) - present
    assert not missing, f"expected payloads not in {PAYLOADS}: {sorted(missing)}"


def _multipart(parts: list[tuple[str, str | None, str, bytes]]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    chunks = []
    for name, filename, content_type, data in parts:
        disposition = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename else "")
        chunks.append(
            f"--{boundary}\r\nContent-Disposition: {disposition}\r\n"
            f"Content-Type: {content_type}\r\n\r\n".encode()
            + data
            + b"\r\n"
        )
    return b"".join(
        chunks
    ) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def _survision_jpeg() -> bytes:
    payload = json.loads((PAYLOADS / "survision__http_read.json").read_bytes())
    return base64.b64decode(payload["anpr"]["decision"]["jpeg"])


def _request(case: Case, raw: bytes) -> tuple[bytes, str]:
    if case.send == "json":
        return raw, "application/json"
    if case.send == "form_json":
        return _multipart([("json", None, "text/plain; charset=utf-8", raw)])
    if case.send == "multipart_upload":
        return _multipart(
            [
                ("json", None, "text/plain; charset=utf-8", raw),
                ("upload", "upload.jpg", "image/jpeg", _survision_jpeg()),
            ]
        )
    if case.send == "hikvision_multipart":
        return _multipart([("anpr.xml", "anpr.xml", "text/xml", raw)])
    raise AssertionError(case.send)


def _post(url: str, secret: str, body: bytes, content_type: str, headers: dict) -> tuple[int, dict]:
    request = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={"Authorization": f"Bearer {secret}", "Content-Type": content_type, **headers},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def _stored(viewer, camera_id: int) -> list[tuple]:
    """What the store holds for the camera, read through the one door a user of the agency has."""
    return list(
        reads_for(user=viewer)
        .filter(camera_id=camera_id)
        .order_by("plate")
        .values_list(
            "plate", "region", "seen_at", "confidence", "latitude", "longitude", "image_count"
        )
    )


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_payload_is_stored_as_its_vendor_meant(name, live_server, transactional_db):
    case = CASES[name]
    agency = factories.agency("city_police")
    # The samples span 2014-2025: keep reads of any age for this run.
    Agency.objects.filter(pk=agency.pk).update(read_retention_days=36_500)
    issued = services.camera_create(
        actor=None,
        agency=Agency.objects.get(pk=agency.pk),
        name=name[:100],
        latitude=CAMERA_PLACE[0],
        longitude=CAMERA_PLACE[1],
        vendor_format=case.vendor,
    )
    Camera.objects.filter(pk=issued.camera.pk).update(time_zone=case.time_zone)
    body, content_type = _request(case, (PAYLOADS / name).read_bytes())
    status, answer = _post(
        f"{live_server.url}/api/v1/ingest/{case.vendor}",
        issued.secret,
        body,
        content_type,
        case.headers,
    )
    stored = _stored(factories.user(agency.divisions.first()), issued.camera.pk)
    letters = list(DeadLetter.objects.filter(camera=issued.camera).values_list("errors", flat=True))
    assert not letters, f"{name}: refused into a dead letter: {letters}"
    if case.acknowledged:
        assert (status, answer.get("event")) == (200, case.acknowledged), (name, status, answer)
        assert stored == [], f"{name}: an acknowledged event stored reads"
        return
    assert status == 201, (name, status, answer)
    assert answer["accepted"] == len(case.reads), (name, answer)
    expected = sorted(case.reads, key=lambda read: read.plate)
    assert [row[0] for row in stored] == [read.plate for read in expected], name
    for row, read in zip(stored, expected, strict=True):
        plate, region, seen_at, confidence, latitude, longitude, images = row
        assert (region, seen_at.astimezone(UTC).isoformat()) == (read.region, read.seen_at), (
            name,
            plate,
        )
        assert confidence == pytest.approx(read.confidence, abs=1e-5), (name, plate)
        place = read.position or CAMERA_PLACE
        # The store keeps positions as `real`: about a metre at these latitudes.
        assert (latitude, longitude) == (
            pytest.approx(place[0], abs=1e-4),
            pytest.approx(place[1], abs=1e-4),
        ), (name, plate)
        assert images == read.images, (name, plate)

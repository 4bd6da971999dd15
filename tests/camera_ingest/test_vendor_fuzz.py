"""No body a vendor URL can receive crashes its adapter: property-based bodies, shaped like each
vendor's payload with any value in any field, end in reads, an acknowledgement, or a named
VendorError — never another exception (which the API would answer with a 500)."""

import json
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from camera_ingest import rules
from camera_ingest.vendors import PARSERS
from camera_ingest.vendors.base import Body, Context, VendorError
from tests.camera_ingest.test_vendor_parsers import LIMITS, openalpr_group

FIXED = rules.CameraFacts(kind="mobile", latitude=None, longitude=None)
scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.sampled_from([10**400, -(10**400)])
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30)
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)

SHAPES = {
    "openalpr": openalpr_group(),
    "platerecognizer": {
        "hook": {"event": "recognition"},
        "data": {
            "timestamp": "2025-11-24T16:00:00Z",
            "camera_id": "c",
            "filename": "f",
            "results": [
                {
                    "plate": "abc123",
                    "score": 0.9,
                    "region": {"code": "us-ca"},
                    "candidates": [{"plate": "abc124"}],
                    "vehicle": {"type": "Sedan"},
                    "model_make": [{"make": "a", "model": "b"}],
                    "color": [{"color": "c"}],
                    "direction": 5,
                }
            ],
        },
    },
    "genetec": {
        "Plate": "9HKA742",
        "State": "CA",
        "ConfidenceScore": "99",
        "DateUtc": "11/24/2025",
        "TimeUtc": "16:00:00",
        "DateLocal": "11/24/2025",
        "TimeLocal": "08:00:00",
        "Latitude": "37.7",
        "Longitude": "-122.3",
        "VehicleID": "v",
        "Attributes": {"Vehicle Type": "x"},
        "PlateImage": "",
    },
    "axis": {
        "plateText": "RLE11684",
        "plateCountry": "POL",
        "plateConfidence": "0.7",
        "capture_ts": "1764000000000000000",
        "carID": "1",
        "geotag": {"lat": 50.0, "lon": 30.0},
        "imagesURI": ["/a"],
        "camera_info": {"SerialNumber": "S"},
    },
    "verkada": {
        "webhook_type": "lpr",
        "data": {
            "camera_id": "c",
            "detected": 1764000000000,
            "license_plate_number": "ABC123",
            "confidence": 0.9,
            "image_url": "u",
            "license_plate_state": "us-ca",
        },
    },
    "survision": {
        "anpr": {
            "@date": "1764000000000",
            "@session": "1",
            "@id": "1",
            "decision": {
                "@plate": "MW818WM",
                "@context_isoAlpha2": "FR",
                "@reliability": "98",
                "@direction": "x",
                "jpeg": "x",
            },
        }
    },
    "frigate": {
        "type": "lpr",
        "id": "1",
        "plate": "123ABC",
        "score": 0.9,
        "timestamp": 1764000000.5,
    },
}


def _mutate(shape, path_and_value):
    """Replace the value at one path of the shape (any depth) with an arbitrary value."""
    body = json.loads(json.dumps(shape))
    path, value = path_and_value
    node = body
    for key in path[:-1]:
        node = node[key] if isinstance(node, dict) else node[0]
    if isinstance(node, dict):
        node[path[-1]] = value
    return body


def _paths(node, prefix=()):
    if isinstance(node, dict):
        for key, value in node.items():
            yield (*prefix, key)
            yield from _paths(value, (*prefix, key))
    elif isinstance(node, list) and node:
        yield from _paths(node[0], (*prefix, 0))


def _survives(vendor: str, body) -> None:
    raw = json.dumps(body, allow_nan=True).encode()
    try:
        parsed = PARSERS[vendor](Body(raw=raw), Context(time_zone=ZoneInfo("America/Los_Angeles")))
    except VendorError:
        return
    for read in parsed.reads:
        rules.check_read(read.fields, FIXED, LIMITS)


NASTY = [
    None,
    True,
    0,
    -1,
    5,
    10**400,
    float("nan"),
    float("inf"),
    "",
    "x",
    "9" * 30,
    [],
    {},
    [5],
    ["x"],
    {"a": 5},
    [{"a": None}],
    "\u0000",
]


def test_any_value_in_any_field_of_any_vendor_is_handled():
    """Every field of every vendor's shape, at any depth, replaced by each hostile value."""
    tried = 0
    for vendor, shape in SHAPES.items():
        for path in _paths(shape):
            if isinstance(path[-1], int):
                continue
            for value in NASTY:
                _survives(vendor, _mutate(shape, (path, value)))
                tried += 1
    assert tried > 1000


@settings(max_examples=80, deadline=None, derandomize=True)
@given(vendor=st.sampled_from(sorted(SHAPES)), body=values)
def test_any_json_at_all_is_handled(vendor, body):
    _survives(vendor, body)


def test_each_vendors_payload_at_every_other_vendors_url_is_refused_not_stored():
    import pytest

    for url in PARSERS:
        for source, shape in SHAPES.items():
            if source == url:
                continue
            with pytest.raises(VendorError):
                PARSERS[url](Body(raw=json.dumps(shape).encode()), Context())

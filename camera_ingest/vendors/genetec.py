"""Genetec AutoVu SharpV HTTP read: every value a string.

`DateUtc` + `TimeUtc` ("10/24/2024", "20:29:26") are UTC by name, but a SharpV whose clock is
set to local time sends the same values in `DateLocal`/`TimeLocal`; when the two pairs are equal
the zone cannot be trusted, so the camera's configured zone is used and recorded. Confidence is
0-100 ("99"); position is decimal (`Latitude`) with DMS variants as a fallback; images are
base64 JPEG (`PlateImage`, `ContextImage`, `OverviewImage`).
"""

from datetime import UTC

from camera_ingest import rules
from camera_ingest.vendors.base import (
    WRONG_FORMAT,
    Body,
    Context,
    Parsed,
    VendorError,
    VendorRead,
    add_image,
    json_object,
    put_confidence,
    put_position,
    put_region,
    put_time,
    raw_plate,
    strip_images,
    vehicle,
)

IMAGE_KEYS = frozenset({"PlateImage", "ContextImage", "OverviewImage"})


def parse(body: Body, context: Context) -> Parsed:
    payload = json_object(body)
    if "Plate" not in payload or "DateUtc" not in payload:
        raise VendorError(WRONG_FORMAT, "Not a SharpV read: no `Plate` with `DateUtc`.")
    original = strip_images(payload, IMAGE_KEYS)
    plate = rules.vendor_plate(payload.get("Plate"))
    if plate is None:
        return Parsed("no_plate", notes=["a read without a plate"], original=original)
    notes: list[str] = []
    attributes = payload.get("Attributes") if isinstance(payload.get("Attributes"), dict) else {}
    read: dict = {"plate": raw_plate(payload.get("Plate"))}
    utc = (payload.get("DateUtc"), payload.get("TimeUtc"))
    local = (payload.get("DateLocal"), payload.get("TimeLocal"))
    if not all(isinstance(part, str) and part for part in utc):
        raise VendorError(WRONG_FORMAT, "A SharpV read needs DateUtc and TimeUtc.", "DateUtc")
    stamp = f"{utc[0]} {utc[1]}"
    if utc == local:
        notes.append("DateUtc/TimeUtc equal DateLocal/TimeLocal: the zone is not trusted")
        put_time(read, notes, stamp, context, "DateUtc+TimeUtc")
    else:
        put_time(read, [], stamp, Context(time_zone=UTC), "DateUtc+TimeUtc")  # UTC by name
    read["event_id"] = (
        rules.vendor_event_id(payload.get("VehicleID"))
        if payload.get("VehicleID")
        else rules.digest_id("gen", payload.get("SharpName"), stamp, plate)
    )
    put_confidence(
        read,
        payload.get("ConfidenceScore") or attributes.get("Confidence Score"),
        "percent",
        "ConfidenceScore",
    )
    put_region(read, notes, payload.get("State") or attributes.get("State Name"), "State")
    if payload.get("Latitude") not in (None, ""):
        put_position(
            read, payload.get("Latitude"), payload.get("Longitude"), ("Latitude", "Longitude")
        )
    else:
        put_position(
            read,
            payload.get("LatitudeDMS"),
            payload.get("LongitudeDMS"),
            ("LatitudeDMS", "LongitudeDMS"),
        )
    read["vehicle"] = vehicle(
        make=attributes.get("Vehicle Make"),
        model=attributes.get("Vehicle Model"),
        color=attributes.get("Vehicle Color"),
        type=attributes.get("Vehicle Type"),
        direction=attributes.get("Relative Motion"),
    )
    add_image(read, notes, "plate", payload.get("PlateImage"), "PlateImage")
    add_image(
        read,
        notes,
        "overview",
        payload.get("ContextImage") or payload.get("OverviewImage"),
        "ContextImage",
    )
    return Parsed(
        "reads",
        reads=[VendorRead({k: v for k, v in read.items() if v is not None}, notes=notes)],
        original=original,
    )

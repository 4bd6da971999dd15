"""Axis License Plate Verifier event (the camera's "push events" to an HTTP server).

Values arrive as strings: `plateConfidence` "0.719034" (0-1), `capture_ts` in nanoseconds and
`capture_timestamp` in milliseconds, `plateCountry` an ISO alpha-3 ("POL") or a region,
`geotag` {lat, lon}, `carMoveDirection` "in"/"out", images as camera-relative URLs
(`imagesURI`), kept as URLs: fetching them is optional and never blocks ingest. One car yields
several events (`carState` new/update/lost) with one `carID`: they collapse as per-frame repeats.
"""

from camera_ingest import rules
from camera_ingest.vendors.base import (
    WRONG_FORMAT,
    Body,
    Context,
    Parsed,
    VendorError,
    VendorRead,
    json_object,
    put_confidence,
    put_position,
    put_region,
    put_time,
    raw_plate,
    vehicle,
)


def parse(body: Body, context: Context) -> Parsed:
    payload = json_object(body)
    if not any(key in payload for key in ("plateText", "plateUTF8", "plateASCII")):
        raise VendorError(WRONG_FORMAT, "Not an Axis LPV event: no `plateText`/`plateUTF8`.")
    plate = rules.vendor_plate(
        payload.get("plateUTF8") or payload.get("plateText") or payload.get("plateASCII")
    )
    if plate is None:
        return Parsed("no_plate", notes=["an event without a plate"], original=payload)
    notes: list[str] = []
    read: dict = {
        "plate": raw_plate(
            payload.get("plateUTF8") or payload.get("plateText") or payload.get("plateASCII")
        )
    }
    stamp = payload.get("capture_ts") or payload.get("capture_timestamp") or payload.get("datetime")
    put_time(read, notes, stamp, context, "capture_ts")
    read["event_id"] = rules.vendor_event_id(
        "axis",
        camera.get("SerialNumber")
        if isinstance(camera := payload.get("camera_info"), dict)
        else None,
        payload.get("carID"),
        payload.get("capture_timestamp"),
    )
    put_confidence(read, payload.get("plateConfidence"), "unit", "plateConfidence")
    put_region(
        read, notes, payload.get("plateRegion") or payload.get("plateCountry"), "plateCountry"
    )
    geotag = payload.get("geotag") if isinstance(payload.get("geotag"), dict) else {}
    put_position(read, geotag.get("lat"), geotag.get("lon"), ("geotag.lat", "geotag.lon"))
    read["vehicle"] = vehicle(direction=payload.get("carMoveDirection"))
    urls = [
        u
        for u in rules.vendor_list(payload.get("imagesURI"))
        if isinstance(u, str) and len(u) <= 500
    ]
    return Parsed(
        "reads",
        reads=[
            VendorRead(
                {k: v for k, v in read.items() if v is not None}, image_urls=urls[:4], notes=notes
            )
        ],
        original=payload,
    )

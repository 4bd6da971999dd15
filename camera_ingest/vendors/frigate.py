"""Frigate NVR (bonus format): the MQTT messages, relayed by an HTTP bridge as JSON bodies.

- `frigate/tracked_object_update` with `type: "lpr"`: `id`, `plate`, `score` (0-1),
  `timestamp` (float epoch seconds), `camera`.
- `frigate/events` `{type, before, after}`: a read when `after.recognized_license_plate` is
  set; any other object (a person, a car without a plate) is acknowledged without a read.
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
    put_time,
    raw_plate,
)


def parse(body: Body, context: Context) -> Parsed:
    payload = json_object(body)
    if payload.get("type") == "lpr":
        text, score = payload.get("plate"), payload.get("score")
        event, stamp = payload.get("id"), payload.get("timestamp")
    elif isinstance(payload.get("after"), dict) and payload.get("type") in ("new", "update", "end"):
        after = payload["after"]
        text = after.get("recognized_license_plate")
        score = after.get("recognized_license_plate_score")
        event, stamp = after.get("id"), after.get("frame_time") or after.get("start_time")
        if not text:
            return Parsed(
                "not_a_vehicle", notes=[f"a {str(after.get('label'))[:20]} event"], original=payload
            )
    else:
        raise VendorError(WRONG_FORMAT, "Not a Frigate lpr update or event.", "type")
    plate = rules.vendor_plate(text)
    if plate is None:
        return Parsed("no_plate", original=payload)
    notes: list[str] = []
    read: dict = {"plate": raw_plate(text), "event_id": rules.vendor_event_id("fr", event)}
    put_time(read, notes, stamp, context, "timestamp")
    put_confidence(read, score, "unit", "score")
    return Parsed("reads", reads=[VendorRead(read, notes=notes)], original=payload)

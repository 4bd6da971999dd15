"""Verkada LPR webhook: `{"webhook_type": "lpr", "data": {...}}`.

`data.detected` is epoch milliseconds (`created` seconds); `confidence` 0-1;
`license_plate_state` "us-ca" (a later, additive field: older senders omit it); the image is a
URL (`image_url`), kept as a URL. No position: the camera's registered place is used.
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
    put_region,
    put_time,
    raw_plate,
)


def parse(body: Body, context: Context) -> Parsed:
    payload = json_object(body)
    data = payload.get("data")
    if payload.get("webhook_type") != "lpr" or not isinstance(data, dict):
        raise VendorError(
            WRONG_FORMAT, 'Not a Verkada LPR webhook: `webhook_type` is not "lpr".', "webhook_type"
        )
    plate = rules.vendor_plate(data.get("license_plate_number"))
    if plate is None:
        return Parsed("no_plate", notes=["a notification without a plate"], original=payload)
    notes: list[str] = []
    read: dict = {"plate": raw_plate(data.get("license_plate_number"))}
    detected = data.get("detected") or data.get("created") or payload.get("created_at")
    put_time(read, notes, detected, context, "data.detected")
    read["event_id"] = rules.digest_id("vk", data.get("camera_id"), detected, plate)
    put_confidence(read, data.get("confidence"), "unit", "data.confidence")
    put_region(read, notes, data.get("license_plate_state"), "data.license_plate_state")
    url = data.get("image_url")
    urls = [url] if isinstance(url, str) and url and len(url) <= 2000 else []
    return Parsed(
        "reads",
        reads=[
            VendorRead(
                {k: v for k, v in read.items() if v is not None}, image_urls=urls, notes=notes
            )
        ],
        original=payload,
    )

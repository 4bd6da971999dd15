"""Survision camera HTTP read (XML-to-JSON keys with `@`): `{"anpr": {"@date", "@session",
"@id", "decision": {"@plate", "@context_isoAlpha2", "@reliability", "@direction", "jpeg"}}}`.

`@date` is epoch milliseconds as a string; `@reliability` 0-100; the plate image is base64 JPEG.
The camera names itself in the `survision-serial-number` header, not in the body.
"""

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
    put_region,
    put_time,
    raw_plate,
    strip_images,
    vehicle,
)


def parse(body: Body, context: Context) -> Parsed:
    payload = json_object(body)
    anpr = payload.get("anpr")
    if not isinstance(anpr, dict):
        raise VendorError(WRONG_FORMAT, "Not a Survision read: no `anpr` object.", "anpr")
    original = strip_images(payload, frozenset({"jpeg"}))
    decision = anpr.get("decision") if isinstance(anpr.get("decision"), dict) else {}
    plate = rules.vendor_plate(decision.get("@plate"))
    if plate is None:
        return Parsed("no_plate", notes=["a decision without a plate"], original=original)
    notes: list[str] = []
    read: dict = {"plate": raw_plate(decision.get("@plate"))}
    put_time(read, notes, anpr.get("@date"), context, "anpr.@date")
    read["event_id"] = rules.vendor_event_id(
        "sv",
        body.headers.get("survision-serial-number"),
        anpr.get("@session"),
        anpr.get("@id"),
        anpr.get("@date"),
    )
    put_confidence(read, decision.get("@reliability"), "percent", "decision.@reliability")
    put_region(
        read,
        notes,
        decision.get("@context_isoAlpha2") or decision.get("@context_isoAlpha3"),
        "decision.@context_isoAlpha2",
    )
    direction = decision.get("@direction")
    read["vehicle"] = vehicle(direction=direction)
    add_image(read, notes, "plate", decision.get("jpeg"), "decision.jpeg")
    return Parsed(
        "reads",
        reads=[VendorRead({k: v for k, v in read.items() if v is not None}, notes=notes)],
        original=original,
    )

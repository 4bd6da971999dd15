"""What every vendor adapter shares: the body as received, the parse result, the errors."""

import base64
import binascii
import json
from dataclasses import dataclass, field
from datetime import UTC, tzinfo

from camera_ingest import rules

# Stable codes of a refused vendor payload (part of the API, and of a dead letter's record).
MALFORMED_JSON = "malformed_json"
MALFORMED_XML = "malformed_xml"
XML_FORBIDDEN = "xml_forbidden"
WRONG_FORMAT = "wrong_format"
MISSING_PART = "missing_part"
VALUE_INVALID = "value_invalid"


class VendorError(Exception):
    """The payload as a whole cannot be read as this vendor's format."""

    def __init__(self, code: str, message: str, field: str | None = None):
        super().__init__(message)
        self.code, self.message, self.field = code, message, field


@dataclass(frozen=True)
class Body:
    """A post as received: raw bytes, and for form posts the fields and file parts."""

    raw: bytes
    content_type: str = "application/json"
    form: dict[str, str] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)  # lower-case names, secrets removed


@dataclass(frozen=True)
class Context:
    time_zone: tzinfo = UTC  # the camera's configured zone, for times sent without one


@dataclass
class VendorRead:
    fields: dict  # our read shape: event_id, plate, state, seen_at, lat, lon, confidence, ...
    image_urls: list[str] = field(default_factory=list)
    part_images: list[tuple[str, bytes]] = field(default_factory=list)  # (kind, bytes)
    notes: list[str] = field(default_factory=list)
    preview: bool = False  # an OpenALPR preview group, replaced by its final group


@dataclass
class Parsed:
    """Reads, or a heartbeat (health facts for the camera), or an event acknowledged without a
    read (`event` says which: "reads", "heartbeat", "no_plate", "not_a_vehicle")."""

    event: str
    reads: list[VendorRead] = field(default_factory=list)
    health: dict | None = None
    notes: list[str] = field(default_factory=list)
    original: object = None  # the payload as kept with each read (inline images stripped)


def load_json(data: bytes | str):
    """JSON, or VendorError: malformed text, bad UTF-8 and nesting deep enough to exhaust the
    parser's recursion (1 KB of `[`) are all the sender's error."""
    try:
        return json.loads(data)
    except (ValueError, UnicodeDecodeError, RecursionError) as error:
        raise VendorError(MALFORMED_JSON, f"The body is not valid JSON: {_short(error)}") from None


def _short(error: Exception) -> str:
    return str(error).split("\n")[0][:120] or type(error).__name__


def json_object(body: Body, *, form_field: str | None = None) -> dict:
    """The body's JSON object, from the raw body or from a form field."""
    if form_field and form_field in body.form:
        payload = load_json(body.form[form_field])
    elif body.content_type.startswith(("multipart/", "application/x-www-form-urlencoded")):
        raise VendorError(MISSING_PART, f'A form post needs a "{form_field}" field.', form_field)
    else:
        payload = load_json(body.raw)
    if not isinstance(payload, dict):
        raise VendorError(WRONG_FORMAT, "The body is not a JSON object.")
    return payload


def b64_image(value) -> bytes | None:
    """Inline base64 image bytes, or None when the value is not base64 at all (documentation
    samples carry placeholder text there). Bytes that decode but are no image are returned, so
    that check_image refuses them by name."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    if text.startswith("data:") and "," in text:
        text = text.split(",", 1)[1]
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None


def image_field(kind: str, data: bytes) -> dict:
    return {"kind": kind, "content_base64": base64.b64encode(data).decode()}


def add_image(read: dict, notes: list[str], kind: str, value, name: str) -> None:
    """Attach an inline image to a read in our shape; note a field that held no base64."""
    if value in (None, ""):
        return
    data = b64_image(value)
    if data is None:
        notes.append(f"{name} is not base64; no image kept from it")
        return
    read.setdefault("images", []).append(image_field(kind, data))


def put_time(read: dict, notes: list[str], value, context: Context, name: str) -> None:
    try:
        seen_at, assumed = rules.vendor_time(value, context.time_zone)
    except rules.VendorValueError as error:
        raise VendorError(VALUE_INVALID, f"{name}: {error}", name) from None
    if assumed:
        notes.append(f"{name} had no time zone; read in the camera's zone {context.time_zone}")
    read["seen_at"] = seen_at.isoformat()


def put_confidence(read: dict, value, scale: str, name: str) -> None:
    try:
        confidence = rules.vendor_confidence(value, scale)
    except rules.VendorValueError as error:
        raise VendorError(VALUE_INVALID, f"{name}: {error}", name) from None
    if confidence is not None:
        read["confidence"] = confidence


def put_position(read: dict, lat, lon, names: tuple[str, str]) -> None:
    """Position when the vendor sent one; (0, 0) is a GPS without a fix, not a place."""
    try:
        latitude, longitude = rules.vendor_coordinate(lat), rules.vendor_coordinate(lon)
    except rules.VendorValueError as error:
        raise VendorError(VALUE_INVALID, f"{names[0]}/{names[1]}: {error}", names[0]) from None
    if latitude is None or longitude is None or (latitude == 0 and longitude == 0):
        return
    read["lat"], read["lon"] = latitude, longitude


def put_region(read: dict, notes: list[str], value, name: str) -> None:
    region = rules.vendor_region(value)
    if region:
        read["state"] = region
    elif isinstance(value, str) and value.strip():
        notes.append(f"{name} {value[:20]!r} is not a known region; not kept")


def raw_plate(text) -> str:
    """The plate as the vendor wrote it (check_read normalises it and keeps this when it differs)."""
    return str(text).strip()[:32]


def vehicle(**values) -> dict | None:
    kept = {key: text for key, value in values.items() if (text := rules.vendor_text(value))}
    return kept or None


def top_name(ranked) -> str | None:
    """The first name of a ranked list [{"name", "confidence"}] (OpenALPR vehicle attributes)."""
    if isinstance(ranked, list) and ranked and isinstance(ranked[0], dict):
        name = ranked[0].get("name")
        return name if isinstance(name, str) else None
    return None


def strip_images(payload, keys: frozenset[str]):
    """The payload as kept with the read: inline images replaced by their size (the images are
    stored as files already; keeping them twice would double the store)."""
    if isinstance(payload, dict):
        return {
            key: (f"<image: {len(value)} base64 characters, stored apart>")
            if key in keys and isinstance(value, str) and len(value) > 64
            else strip_images(value, keys)
            for key, value in payload.items()
        }
    if isinstance(payload, list):
        return [strip_images(item, keys) for item in payload]
    return payload

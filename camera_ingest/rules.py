"""Pure checks of an incoming read in our own format: data in, (row, violations) out.

No database, no settings: limits come in as arguments, so these run in microseconds and are
tested by the hundred (tests/camera_ingest/test_rules.py).
"""

import base64
import binascii
import math
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cache

from alpr_governance.violations import Violation

# Stable codes (part of the API).
FIELD_REQUIRED = "required"
WRONG_TYPE = "wrong_type"
UNKNOWN_FIELD = "unknown_field"
PLATE_INVALID = "plate_invalid"
REGION_UNKNOWN = "region_unknown"
TIME_INVALID = "time_invalid"
TIME_WITHOUT_OFFSET = "time_without_offset"
TIME_TOO_OLD = "time_too_old"
TIME_IN_FUTURE = "time_in_future"
TIME_PAST_RETENTION = "time_past_retention"
LATITUDE_OUT_OF_RANGE = "latitude_out_of_range"
LONGITUDE_OUT_OF_RANGE = "longitude_out_of_range"
POSITION_REQUIRED = "position_required"
CONFIDENCE_OUT_OF_RANGE = "confidence_out_of_range"
IMAGE_INVALID = "image_invalid"
IMAGE_TOO_LARGE = "image_too_large"
IMAGE_NOT_AN_IMAGE = "image_not_an_image"
TOO_MANY_ITEMS = "too_many_items"
VALUE_TOO_LONG = "value_too_long"

EARLIEST_READ = datetime(2000, 1, 1, tzinfo=UTC)
READ_FIELDS = frozenset(
    {
        "event_id",
        "plate",
        "state",
        "seen_at",
        "lat",
        "lon",
        "confidence",
        "vehicle",
        "images",
        "candidates",
    }
)
VEHICLE_FIELDS = ("make", "model", "color", "type", "direction")
IMAGE_KINDS = ("plate", "overview")
MAX_IMAGES_PER_READ = 4
MAX_CANDIDATES = 10
MAX_PLATE_LENGTH = 16
_PLATE_SEPARATORS = re.compile(r"[\s\-\.·•]+")
_PLATE_CHARS = re.compile(r"^[A-Z0-9]+$")


@dataclass(frozen=True)
class CameraFacts:
    """What the rules need to know of the camera posting."""

    kind: str  # "fixed" or "mobile"
    latitude: float | None
    longitude: float | None


@dataclass(frozen=True)
class Limits:
    now: datetime
    retention_days: int
    max_future: timedelta = timedelta(days=1)
    max_image_bytes: int = 2 * 1024 * 1024


@dataclass
class ValidRead:
    event_id: str
    plate: str
    plate_raw: str | None
    candidates: list[str] | None
    region: str | None
    seen_at: datetime
    latitude: float
    longitude: float
    confidence: float | None
    vehicle: dict | None
    images: list[tuple[str, bytes, str]] = field(default_factory=list)  # kind, bytes, type
    image_urls: list[str] | None = None  # vendor formats: images the camera keeps
    vendor_payload: dict | None = None  # vendor formats: the original payload and notes
    preview: bool = False  # an OpenALPR preview group, replaced by its final group


def normalise_plate(text: str) -> str:
    """Upper case, spaces, dashes and dots removed: "7abc-123" and "7ABC 123" are one plate."""
    return _PLATE_SEPARATORS.sub("", text).upper()


@cache
def _region_codes() -> tuple[frozenset[str], dict[str, str]]:
    import pycountry

    full = {s.code for s in pycountry.subdivisions if s.country_code in ("US", "CA", "MX")}
    full |= {c.alpha_2 for c in pycountry.countries}
    # Bare codes as cameras send them: a US state first ("CA" is California), then a Canadian
    # province ("ON"), then a Mexican state ("BCN"), then a country ("DE").
    bare: dict[str, str] = {}
    for country in ("MX", "CA", "US"):  # later ones win a clash: US states over the others
        for sub in pycountry.subdivisions.get(country_code=country):
            bare[sub.code.split("-", 1)[1]] = sub.code
    for country in pycountry.countries:
        bare.setdefault(country.alpha_2, country.alpha_2)
        # Alpha-3 names a country whose alpha-2 is taken by a state: "DEU" for Germany.
        bare[country.alpha_3] = country.alpha_2
    return frozenset(full), bare


def normalise_region(text: str) -> str | None:
    """'CA' -> 'US-CA', 'ON' -> 'CA-ON', 'MX-BCN'/'BCN' -> 'MX-BCN', 'DEU'/'GB' -> 'DE'/'GB';
    None if unknown. Bare two letters are a US state before a province or a country."""
    code = text.strip().upper().replace("_", "-")
    full, bare = _region_codes()
    if code in full and "-" in code:
        return code
    return bare.get(code)


def parse_time(value) -> tuple[datetime | None, str | None]:
    if not isinstance(value, str):
        return None, WRONG_TYPE
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None, TIME_INVALID
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        return None, TIME_WITHOUT_OFFSET
    try:
        return parsed.astimezone(UTC), None
    except OverflowError:  # e.g. year 9999 with a negative offset
        return None, TIME_INVALID


def _number(value) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        number = float(value)
    except OverflowError:  # an integer with hundreds of digits: JSON allows it, floats do not
        return None
    return number if math.isfinite(number) else None


def sniff_image(data: bytes) -> str | None:
    """The content type of a JPEG, PNG or WebP by its magic bytes; None for anything else."""
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def check_image(
    kind, data: bytes | None, *, field_name: str, max_bytes: int
) -> tuple[tuple | None, list[Violation]]:
    if kind not in IMAGE_KINDS:
        return None, [
            Violation(WRONG_TYPE, f"{field_name}.kind", "kind must be 'plate' or 'overview'.")
        ]
    if data is None:
        return None, [Violation(IMAGE_INVALID, f"{field_name}.content_base64", "Not valid base64.")]
    if len(data) > max_bytes:
        return None, [
            Violation(
                IMAGE_TOO_LARGE,
                field_name,
                f"Image is {len(data)} bytes; the limit is {max_bytes}.",
            )
        ]
    content_type = sniff_image(data)
    if content_type is None:
        return None, [Violation(IMAGE_NOT_AN_IMAGE, field_name, "Not a JPEG, PNG or WebP image.")]
    return (kind, data, content_type), []


def _images(value, limits: Limits) -> tuple[list, list[Violation]]:
    if value is None:
        return [], []
    if not isinstance(value, list):
        return [], [Violation(WRONG_TYPE, "images", "images must be a list.")]
    if len(value) > MAX_IMAGES_PER_READ:
        return [], [
            Violation(TOO_MANY_ITEMS, "images", f"At most {MAX_IMAGES_PER_READ} images per read.")
        ]
    images, violations = [], []
    for index, item in enumerate(value):
        name = f"images.{index}"
        if not isinstance(item, dict) or not isinstance(item.get("content_base64"), str):
            violations.append(
                Violation(WRONG_TYPE, name, 'Each image is {"kind", "content_base64"}.')
            )
            continue
        try:
            data = base64.b64decode(item["content_base64"], validate=True)
        except (binascii.Error, ValueError):
            data = None
        image, problems = check_image(
            item.get("kind"), data, field_name=name, max_bytes=limits.max_image_bytes
        )
        violations.extend(problems)
        if image:
            images.append(image)
    return images, violations


def _vehicle(value) -> tuple[dict | None, list[Violation]]:
    if value is None:
        return None, []
    if not isinstance(value, dict):
        return None, [Violation(WRONG_TYPE, "vehicle", "vehicle must be an object.")]
    violations = [
        Violation(
            UNKNOWN_FIELD,
            f"vehicle.{key}",
            f"Unknown vehicle field; use {', '.join(VEHICLE_FIELDS)}.",
        )
        for key in value
        if key not in VEHICLE_FIELDS
    ]
    vehicle = {}
    for key in VEHICLE_FIELDS:
        item = value.get(key)
        if item is None or item == "":
            continue
        if not isinstance(item, str):
            violations.append(
                Violation(WRONG_TYPE, f"vehicle.{key}", f"vehicle.{key} must be text.")
            )
        elif len(item) > 40:
            violations.append(Violation(VALUE_TOO_LONG, f"vehicle.{key}", "At most 40 characters."))
        elif not item.isprintable():
            violations.append(
                Violation(WRONG_TYPE, f"vehicle.{key}", "Control characters are not allowed.")
            )
        else:
            vehicle[key] = item.strip()
    return (vehicle or None), violations


def _plate(value, field_name: str) -> tuple[str | None, list[Violation]]:
    if value is None or value == "":
        return None, [Violation(FIELD_REQUIRED, field_name, "The plate text is required.")]
    if not isinstance(value, str):
        return None, [Violation(WRONG_TYPE, field_name, "The plate must be text.")]
    plate = normalise_plate(value)
    if not plate or len(plate) > MAX_PLATE_LENGTH or not _PLATE_CHARS.match(plate):
        return None, [
            Violation(
                PLATE_INVALID, field_name, f"{value!r} is not a plate: letters and digits, 1-16."
            )
        ]
    return plate, []


def _candidates(value) -> tuple[list[str] | None, list[Violation]]:
    if value is None:
        return None, []
    if not isinstance(value, list) or len(value) > MAX_CANDIDATES:
        return None, [
            Violation(
                WRONG_TYPE,
                "candidates",
                f"candidates is a list of at most {MAX_CANDIDATES} plates.",
            )
        ]
    plates, violations = [], []
    for index, item in enumerate(value):
        plate, problems = _plate(item, f"candidates.{index}")
        violations.extend(problems)
        if plate:
            plates.append(plate)
    return (plates or None), violations


def check_read(
    raw, camera: CameraFacts, limits: Limits
) -> tuple[ValidRead | None, list[Violation]]:
    """Validate one read of our format; return the normalised read, or the violations."""
    if not isinstance(raw, dict):
        return None, [Violation(WRONG_TYPE, "", "A read is a JSON object.")]
    violations = [
        Violation(UNKNOWN_FIELD, key, f"Unknown field {key!r}.")
        for key in raw
        if key not in READ_FIELDS
    ]

    event_id = raw.get("event_id")
    if isinstance(event_id, int) and not isinstance(event_id, bool):
        event_id = str(event_id)
    if event_id is None or event_id == "":
        violations.append(
            Violation(FIELD_REQUIRED, "event_id", "The camera's own event id is required.")
        )
    elif not isinstance(event_id, str):
        violations.append(Violation(WRONG_TYPE, "event_id", "event_id must be text or an integer."))
    elif len(event_id) > 64:
        violations.append(
            Violation(VALUE_TOO_LONG, "event_id", "event_id has at most 64 characters.")
        )
    elif not event_id.isprintable():
        violations.append(Violation(WRONG_TYPE, "event_id", "event_id holds control characters."))

    plate, problems = _plate(raw.get("plate"), "plate")
    violations.extend(problems)
    raw_plate = raw.get("plate") if isinstance(raw.get("plate"), str) else None

    region = None
    state = raw.get("state")
    if state not in (None, ""):
        if not isinstance(state, str):
            violations.append(Violation(WRONG_TYPE, "state", "state must be text."))
        else:
            region = normalise_region(state)
            if region is None:
                violations.append(
                    Violation(
                        REGION_UNKNOWN,
                        "state",
                        f"{state!r} is not a US state, Canadian province, Mexican state "
                        "or ISO country code.",
                    )
                )

    seen_at = None
    if raw.get("seen_at") in (None, ""):
        violations.append(
            Violation(FIELD_REQUIRED, "seen_at", "seen_at (ISO 8601 with offset) is required.")
        )
    else:
        seen_at, problem = parse_time(raw["seen_at"])
        messages = {
            WRONG_TYPE: "seen_at must be an ISO 8601 string.",
            TIME_INVALID: "seen_at is not an ISO 8601 date and time.",
            TIME_WITHOUT_OFFSET: "seen_at needs a UTC offset, e.g. 2026-11-24T08:15:00-08:00.",
        }
        if problem:
            violations.append(Violation(problem, "seen_at", messages[problem]))
        elif seen_at < EARLIEST_READ:
            violations.append(Violation(TIME_TOO_OLD, "seen_at", "seen_at is before 2000."))
        elif seen_at > limits.now + limits.max_future:
            violations.append(
                Violation(
                    TIME_IN_FUTURE, "seen_at", "seen_at is in the future; check the camera clock."
                )
            )
        elif seen_at < limits.now - timedelta(days=limits.retention_days):
            violations.append(
                Violation(
                    TIME_PAST_RETENTION,
                    "seen_at",
                    f"seen_at is older than the agency keeps reads ({limits.retention_days} days).",
                )
            )

    latitude, longitude = _position(raw, camera, violations)

    confidence = None
    if raw.get("confidence") is not None:
        value = _number(raw["confidence"])
        if value is None:
            violations.append(Violation(WRONG_TYPE, "confidence", "confidence must be a number."))
        elif not 0 <= value <= 100:
            violations.append(
                Violation(CONFIDENCE_OUT_OF_RANGE, "confidence", "confidence is 0-1 or 0-100.")
            )
        else:
            confidence = value / 100 if value > 1 else value

    vehicle, problems = _vehicle(raw.get("vehicle"))
    violations.extend(problems)
    candidates, problems = _candidates(raw.get("candidates"))
    violations.extend(problems)
    images, problems = _images(raw.get("images"), limits)
    violations.extend(problems)

    if violations:
        return None, violations
    return (
        ValidRead(
            event_id=event_id,
            plate=plate,
            plate_raw=raw_plate if raw_plate != plate else None,
            candidates=candidates,
            region=region,
            seen_at=seen_at,
            latitude=latitude,
            longitude=longitude,
            confidence=confidence,
            vehicle=vehicle,
            images=images,
        ),
        [],
    )


def _position(
    raw: dict, camera: CameraFacts, violations: list[Violation]
) -> tuple[float | None, float | None]:
    lat_given, lon_given = raw.get("lat") is not None, raw.get("lon") is not None
    if not lat_given and not lon_given:
        if camera.kind == "mobile" or camera.latitude is None:
            violations.append(
                Violation(POSITION_REQUIRED, "lat", "A mobile camera must send lat and lon.")
            )
            return None, None
        return camera.latitude, camera.longitude
    latitude, longitude = _number(raw.get("lat")), _number(raw.get("lon"))
    if latitude is None:
        violations.append(
            Violation(WRONG_TYPE if lat_given else FIELD_REQUIRED, "lat", "lat must be a number.")
        )
    elif not -90 <= latitude <= 90:
        violations.append(Violation(LATITUDE_OUT_OF_RANGE, "lat", "lat is between -90 and 90."))
    if longitude is None:
        violations.append(
            Violation(WRONG_TYPE if lon_given else FIELD_REQUIRED, "lon", "lon must be a number.")
        )
    elif not -180 <= longitude <= 180:
        violations.append(Violation(LONGITUDE_OUT_OF_RANGE, "lon", "lon is between -180 and 180."))
    return latitude, longitude


# --- Normalisers of vendor values (issue 12, "quirks seen in real payloads") ----------------
# Pure: the vendor adapters (camera_ingest/vendors/) turn each vendor's fields into our read
# shape with these, then check_read() validates the result like any read of our own format.

_EPOCH_DIGITS = re.compile(r"^-?\d+(\.\d+)?$")
_DMS = re.compile(r"^\s*([NSEW])?\s*(-?\d+(?:\.\d+)?)[°\s]+(\d+(?:\.\d+)?)['\s]+(\d+(?:\.\d+)?)")
_NAIVE_FORMATS = (
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S.%f",
    "%Y-%m-%dT%H:%M:%S",
    "%m/%d/%Y %H:%M:%S",
    "%Y%m%d %H%M%S%f",
)


class VendorValueError(ValueError):
    """A vendor value that cannot be normalised: the adapter names the field."""


def epoch_to_utc(value) -> datetime:
    """Epoch seconds, milliseconds, microseconds or nanoseconds (number or digit string), told
    apart by magnitude: any read after 2000 has 10 digits of seconds, 13 of ms, 19 of ns."""
    if isinstance(value, bool):
        raise VendorValueError("a time is not true/false")
    if isinstance(value, str):
        if not _EPOCH_DIGITS.match(value.strip()):
            raise VendorValueError(f"{value[:40]!r} is not an epoch time")
        value = float(value)
    value = _number(value)  # None for text, lists, NaN, infinity, integers past a float
    if value is None:
        raise VendorValueError("an epoch time is a finite number")
    magnitude = abs(value)
    for limit, divisor in ((1e11, 1), (1e14, 1e3), (1e17, 1e6), (1e20, 1e9)):
        if magnitude < limit:
            try:
                return datetime.fromtimestamp(value / divisor, tz=UTC)
            except (OverflowError, OSError, ValueError) as error:
                raise VendorValueError("epoch time out of range") from error
    raise VendorValueError("epoch time out of range")


def vendor_time(value, time_zone) -> tuple[datetime, bool]:
    """A vendor's time in UTC and whether the camera's zone was assumed: epoch numbers in any
    unit, ISO 8601 with an offset, or a string without a zone read in `time_zone` (a tzinfo)."""
    if isinstance(value, int | float) or (
        isinstance(value, str) and _EPOCH_DIGITS.match(value.strip())
    ):
        return epoch_to_utc(value), False
    if not isinstance(value, str) or not value.strip():
        raise VendorValueError("no time given")
    text = value.strip()
    try:
        parsed = datetime.fromisoformat(text.replace(" UTC", "+00:00"))
    except ValueError:
        parsed = None
        for pattern in _NAIVE_FORMATS:
            try:
                parsed = datetime.strptime(text, pattern)
                break
            except ValueError:
                continue
        if parsed is None:
            raise VendorValueError(f"{text[:40]!r} is not a date and time") from None
    if parsed.tzinfo is not None and parsed.utcoffset() is not None:
        try:
            return parsed.astimezone(UTC), False
        except OverflowError as error:
            raise VendorValueError("time out of range") from error
    try:
        return parsed.replace(tzinfo=time_zone).astimezone(UTC), True
    except OverflowError as error:
        raise VendorValueError("time out of range") from error


def vendor_confidence(value, scale: str = "auto") -> float | None:
    """Confidence on our 0-1 scale from 0-1, 0-100 or a string of either. `scale` is "unit" or
    "percent" when the vendor documents it; "auto" takes a value above 1 as a percentage."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            value = float(value.strip().rstrip("%"))
        except ValueError as error:
            raise VendorValueError(f"{value[:20]!r} is not a confidence") from error
    number = _number(value)
    if number is None:
        raise VendorValueError("a confidence is a number")
    if scale == "percent" or (scale == "auto" and number > 1):
        number /= 100
    if not 0 <= number <= 1:
        raise VendorValueError(f"confidence {value} is outside its scale")
    return round(number, 6)


def vendor_region(text) -> str | None:
    """'us-ca', 'CA', 'US-CA', 'gb', 'POL' -> our region code; None when absent or unknown (a
    vendor's unknown region is dropped, not a reason to lose the read)."""
    if not isinstance(text, str) or not text.strip():
        return None
    return normalise_region(text)


def dms_to_decimal(degrees, minutes=0, seconds=0, hemisphere: str | None = None) -> float:
    """Degrees/minutes/seconds to decimal degrees; S and W (or a negative degree) are negative."""
    try:
        d, m, s = (float(str(part).strip()) for part in (degrees, minutes, seconds))
    except ValueError as error:
        raise VendorValueError("degrees, minutes and seconds are numbers") from error
    if not all(math.isfinite(x) for x in (d, m, s)) or not (0 <= m < 60 and 0 <= s < 60):
        raise VendorValueError("minutes and seconds are 0-59")
    value = abs(d) + m / 60 + s / 3600
    negative = d < 0 or str(degrees).strip().startswith("-")
    if hemisphere:
        negative = hemisphere.strip().upper()[:1] in ("S", "W")
    return round(-value if negative else value, 7)


def vendor_coordinate(value) -> float | None:
    """A decimal number, a decimal string, or a DMS string ("N37 47 13", "W-122 23 14")."""
    if value is None or value == "":
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = _number(value)
        if number is None:
            raise VendorValueError("a coordinate is a finite number")
        return number
    if not isinstance(value, str):
        raise VendorValueError("a coordinate is a number or text")
    try:
        number = float(value)
    except ValueError:
        match = _DMS.match(value)
        if not match:
            raise VendorValueError(f"{value[:30]!r} is not a coordinate") from None
        hemisphere, d, m, s = match.groups()
        return dms_to_decimal(d, m, s, hemisphere)
    if not math.isfinite(number):
        raise VendorValueError("a coordinate is a finite number")
    return number


def vendor_plate(text) -> str | None:
    """The plate as we store it, or None when the text holds no plate (empty, "unknown")."""
    if not isinstance(text, str):
        return None
    plate = normalise_plate(text)
    if not plate or plate in ("UNKNOWN", "NONE", "NULL", "NOPLATE"):
        return None
    return plate


def vendor_candidates(values, best: str | None) -> list[str] | None:
    """Alternative readings that are plates at all, best first, without the read's own plate."""
    plates: list[str] = []
    for value in values or []:
        plate = vendor_plate(value)
        if (
            plate
            and plate != best
            and len(plate) <= MAX_PLATE_LENGTH
            and _PLATE_CHARS.match(plate)
            and plate not in plates
        ):
            plates.append(plate)
    return plates[:MAX_CANDIDATES] or None


def vendor_text(value, limit: int = 40) -> str | None:
    """A short printable text for a vehicle attribute; placeholders ("-", "unknown") are None."""
    if value is None or isinstance(value, bool | dict | list):
        return None
    text = str(value).strip()
    if not text or text.lower() in ("-", "unknown", "none", "null", "n/a"):
        return None
    text = "".join(ch for ch in text if ch.isprintable())
    return text[:limit] or None


def vendor_number(value) -> float | None:
    """A finite number, or None (text, lists, NaN, infinity, integers past a float)."""
    return _number(value)


def vendor_list(value) -> list:
    """The value when it is a list, else an empty one: vendors' lists arrive as anything."""
    return value if isinstance(value, list) else []


def digest_id(prefix: str, *parts) -> str:
    """An event id for vendors that send none: a digest of what identifies the read, so that a
    retried post maps to the same id."""
    import hashlib

    text = "|".join(repr(part) for part in parts)
    return f"{prefix}-{hashlib.sha256(text.encode('utf-8', 'surrogatepass')).hexdigest()[:40]}"


def vendor_event_id(*parts) -> str:
    """The vendor's event id as our event_id: kept when short and printable, else a digest of
    it (so a retry still maps to the same id)."""
    import hashlib

    text = "-".join(str(part) for part in parts if part not in (None, ""))
    if text and len(text) <= 64 and text.isprintable():
        return text
    return "h-" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:40]

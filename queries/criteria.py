"""What a search asks for, parsed and checked without the database (DESIGN.md section 5):
exact plate (normalised), partial plate with `?` and `*`, state, the time window (required,
bounded by the agency's longest span), a box or a point and radius, cameras, and the
misread-tolerant option. Every problem is a `Violation` with a stable code, so bad input is a
400 that names the field, never a 500.

Which cameras exist and are searchable is the service's question (it needs the database); this
module only checks that the ids are ids.
"""

import math
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils.dateparse import parse_datetime

from alpr_governance.violations import Violation
from camera_ingest.rules import MAX_PLATE_LENGTH, normalise_plate

PLATE_INVALID = "plate_invalid"
PATTERN_TOO_BROAD = "pattern_too_broad"
STATE_INVALID = "state_invalid"
WINDOW_REQUIRED = "window_required"
WINDOW_INVALID = "window_invalid"
WINDOW_INVERTED = "window_inverted"
WINDOW_TOO_LONG = "window_too_long"
WINDOW_IN_FUTURE = "window_in_future"
BBOX_INVALID = "bbox_invalid"
NEAR_INVALID = "near_invalid"
RADIUS_INVALID = "radius_invalid"
CAMERA_INVALID = "camera_invalid"
CAMERA_UNKNOWN = "camera_unknown"
CRITERIA_TOO_BROAD = "criteria_too_broad"
WRONG_TYPE = "wrong_type"

MAX_RADIUS_M = 50_000
MAX_CAMERAS = 200
# A pattern must pin at least this many characters: "*" or "?*" would list every plate.
MIN_PATTERN_LITERALS = 2
MAX_BOX_DEGREES = 2.0  # about 220 km: a search of a region, not of the state
_PATTERN_CHARS = re.compile(r"^[A-Z0-9?*]+$")
_STATE = re.compile(r"^[A-Z]{2}(-[A-Z0-9]{1,3})?$")
EARTH_RADIUS_M = 6_371_008.8

# OCR confusions (the list): each character stands for its whole group.
CONFUSION_GROUPS = ("0ODQ", "1I", "2Z", "5S", "6G", "8B")
CONFUSABLE = {char: group for group in CONFUSION_GROUPS for char in group}


@dataclass(frozen=True)
class Near:
    lat: float
    lon: float
    radius_m: float

    def box(self) -> tuple[float, float, float, float]:
        """The (west, south, east, north) box around the circle, for the position index."""
        dlat = math.degrees(self.radius_m / EARTH_RADIUS_M)
        dlon = dlat / max(math.cos(math.radians(self.lat)), 0.01)
        return (self.lon - dlon, self.lat - dlat, self.lon + dlon, self.lat + dlat)


@dataclass(frozen=True)
class Criteria:
    start: datetime
    end: datetime
    plate: str | None = None  # exact, normalised
    pattern: str | None = None  # normalised, with ? and *
    state: str | None = None
    bbox: tuple[float, float, float, float] | None = None  # west, south, east, north
    near: Near | None = None
    camera_ids: tuple[int, ...] = ()
    misread_tolerant: bool = False

    @property
    def kind(self) -> str:
        """The search kind, as the benchmark and the audit flags name it."""
        if self.plate:
            return "exact"
        if self.pattern:
            return "partial"
        if self.bbox:
            return "box"
        if self.near:
            return "near"
        return "camera"

    def as_record(self) -> dict:
        """The data elements queried, as the access record keeps them (1798.90.52)."""
        record: dict = {"start": self.start.isoformat(), "end": self.end.isoformat()}
        if self.plate:
            record["plate"] = self.plate
        if self.pattern:
            record["pattern"] = self.pattern
        if self.state:
            record["state"] = self.state
        if self.bbox:
            record["bbox"] = list(self.bbox)
        if self.near:
            record["near"] = {
                "lat": self.near.lat,
                "lon": self.near.lon,
                "radius_m": self.near.radius_m,
            }
        if self.camera_ids:
            record["camera_ids"] = list(self.camera_ids)
        if self.misread_tolerant:
            record["misread_tolerant"] = True
        return record


def raw_record(raw: dict) -> dict:
    """What was asked, kept as typed (bounded) when the criteria could not be parsed: a refused
    attempt's record still shows what it tried."""
    keys = ("plate", "state", "start", "end", "bbox", "near", "camera_ids", "misread_tolerant")
    kept = {}
    for key in keys:
        if key in raw and raw[key] not in (None, ""):
            value = raw[key]
            kept[key] = value if isinstance(value, bool | int | float) else str(value)[:200]
    return kept


def _number(value) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _moment(value, field: str, violations: list[Violation]) -> datetime | None:
    if value in (None, ""):
        violations.append(Violation(WINDOW_REQUIRED, field, "A search needs a time window."))
        return None
    if isinstance(value, datetime):
        moment = value
    else:
        try:
            moment = parse_datetime(str(value)) if isinstance(value, str) else None
        except ValueError:
            moment = None
    if moment is None:
        violations.append(
            Violation(WINDOW_INVALID, field, "Give a date and time in ISO 8601, with its zone.")
        )
        return None
    if moment.tzinfo is None:
        violations.append(
            Violation(WINDOW_INVALID, field, "Give the time zone (e.g. Z or -08:00).")
        )
        return None
    return moment


def _plate(value, violations: list[Violation]) -> tuple[str | None, str | None]:
    if value in (None, ""):
        return None, None
    if not isinstance(value, str):
        violations.append(Violation(WRONG_TYPE, "plate", "The plate is text."))
        return None, None
    text = normalise_plate(value)
    if not text or len(text) > MAX_PLATE_LENGTH or not _PATTERN_CHARS.match(text):
        violations.append(
            Violation(
                PLATE_INVALID,
                "plate",
                f"Letters and digits, at most {MAX_PLATE_LENGTH}, with ? for one unknown "
                "character and * for any run.",
            )
        )
        return None, None
    if "?" not in text and "*" not in text:
        return text, None
    text = re.sub(r"\*+", "*", text)
    if sum(char.isalnum() for char in text) < MIN_PATTERN_LITERALS:
        violations.append(
            Violation(
                PATTERN_TOO_BROAD,
                "plate",
                f"A partial plate needs at least {MIN_PATTERN_LITERALS} known characters.",
            )
        )
        return None, None
    return None, text


def _bbox(value, violations: list[Violation]):
    if value in (None, ""):
        return None
    numbers = [_number(item) for item in value] if isinstance(value, list | tuple) else []
    if len(numbers) != 4 or None in numbers:
        violations.append(
            Violation(BBOX_INVALID, "bbox", "A box is four numbers: [west, south, east, north].")
        )
        return None
    west, south, east, north = numbers
    if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
        violations.append(
            Violation(
                BBOX_INVALID,
                "bbox",
                "West must be left of east and south below north, within -180..180 and -90..90.",
            )
        )
        return None
    if east - west > MAX_BOX_DEGREES or north - south > MAX_BOX_DEGREES:
        violations.append(
            Violation(
                BBOX_INVALID,
                "bbox",
                f"A box spans at most {MAX_BOX_DEGREES} degrees each way; narrow the area.",
            )
        )
        return None
    return (west, south, east, north)


def _near(value, violations: list[Violation]) -> Near | None:
    if value in (None, ""):
        return None
    if not isinstance(value, dict):
        violations.append(Violation(NEAR_INVALID, "near", 'Give {"lat", "lon", "radius_m"}.'))
        return None
    lat, lon = _number(value.get("lat")), _number(value.get("lon"))
    radius = _number(value.get("radius_m"))
    if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        violations.append(
            Violation(NEAR_INVALID, "near", "lat is -90..90 and lon is -180..180, in degrees.")
        )
        return None
    if radius is None or not (0 < radius <= MAX_RADIUS_M):
        violations.append(
            Violation(
                RADIUS_INVALID,
                "near.radius_m",
                f"The radius is in metres, more than 0 and at most {MAX_RADIUS_M}.",
            )
        )
        return None
    return Near(lat, lon, radius)


def _camera_ids(value, violations: list[Violation]) -> tuple[int, ...]:
    if value in (None, "", []):
        return ()
    items = value if isinstance(value, list | tuple) else None
    if (
        items is None
        or len(items) > MAX_CAMERAS
        or not all(isinstance(i, int) and not isinstance(i, bool) and 0 < i < 2**31 for i in items)
    ):
        violations.append(
            Violation(CAMERA_INVALID, "camera_ids", f"A list of at most {MAX_CAMERAS} camera ids.")
        )
        return ()
    return tuple(sorted(set(items)))


def _state(value, violations: list[Violation]) -> str | None:
    if value in (None, ""):
        return None
    text = str(value).strip().upper() if isinstance(value, str) else ""
    # "CA" and "US-CA" are one state: the store keeps ISO 3166-2 codes ("US-CA", "MX-BCN").
    if _STATE.match(text) and "-" not in text:
        text = f"US-{text}"
    if not _STATE.match(text):
        violations.append(
            Violation(STATE_INVALID, "state", 'A state code such as "CA" or "US-NV".')
        )
        return None
    return text


def criteria_parse(
    raw: dict, *, max_window_days: int, now: datetime
) -> tuple[Criteria | None, list[Violation]]:
    """Parse a search's criteria; every problem at once, or the criteria."""
    violations: list[Violation] = []
    plate, pattern = _plate(raw.get("plate"), violations)
    state = _state(raw.get("state"), violations)
    start = _moment(raw.get("start"), "start", violations)
    end = _moment(raw.get("end"), "end", violations)
    bbox = _bbox(raw.get("bbox"), violations)
    near = _near(raw.get("near"), violations)
    camera_ids = _camera_ids(raw.get("camera_ids"), violations)
    misread = raw.get("misread_tolerant", False)
    if not isinstance(misread, bool):
        violations.append(Violation(WRONG_TYPE, "misread_tolerant", "true or false."))
        misread = False
    if start and end:
        if end <= start:
            violations.append(Violation(WINDOW_INVERTED, "end", "The window ends after it starts."))
        elif end - start > timedelta(days=max_window_days):
            violations.append(
                Violation(
                    WINDOW_TOO_LONG,
                    "end",
                    f"One search covers at most {max_window_days} days (the agency's limit).",
                )
            )
        if start > now:
            violations.append(
                Violation(WINDOW_IN_FUTURE, "start", "The window starts in the future.")
            )
    if bbox and near:
        violations.append(Violation(BBOX_INVALID, "bbox", "Give a box or a point, not both."))
    if not violations and not (plate or pattern or bbox or near or camera_ids):
        violations.append(
            Violation(
                CRITERIA_TOO_BROAD,
                None,
                "Name a plate (or part of one), an area, or cameras: a window alone lists "
                "every vehicle.",
            )
        )
    if violations:
        return None, violations
    return (
        Criteria(
            start=start,
            end=end,
            plate=plate,
            pattern=pattern,
            state=state,
            bbox=bbox,
            near=near,
            camera_ids=camera_ids,
            misread_tolerant=misread,
        ),
        [],
    )


def like_pattern(pattern: str) -> str:
    """`7AB*2` -> `7AB%2` for LIKE; plates hold no LIKE metacharacters to escape."""
    return pattern.replace("?", "_").replace("*", "%")


def tolerant_regex(criteria: Criteria) -> str:
    """An anchored regular expression matching the plate or pattern with every OCR confusion:
    `8OB` -> `^[8B][0ODQ][8B]$`."""
    text = criteria.plate or criteria.pattern or ""
    parts = []
    for char in text:
        if char == "?":
            parts.append(".")
        elif char == "*":
            parts.append(".*")
        elif char in CONFUSABLE:
            parts.append(f"[{CONFUSABLE[char]}]")
        else:
            parts.append(char)
    return "^" + "".join(parts) + "$"


def literal_match(criteria: Criteria, plate: str) -> bool:
    """Whether `plate` matches what was typed without any tolerance."""
    if criteria.plate:
        return plate == criteria.plate
    if criteria.pattern:
        expression = "".join(
            "." if c == "?" else ".*" if c == "*" else re.escape(c) for c in criteria.pattern
        )
        return re.fullmatch(expression, plate) is not None
    return True

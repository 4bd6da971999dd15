"""Audit rules as pure functions: cadence and periods, who signs, the random sample, and the flags
raised over a period's access records (53060.5(c)(2), 429.8, GO 5.42 H, 2.455.50).

No database here: the compilation (audits/compilation.py) turns rows into the plain values below,
so every flag can be tried in milliseconds on hand-made data."""

import ipaddress
import math
import random
import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from accounts.models import Role

# --- Flag codes (stable: stored on items, shown in the packet, asserted by tests) -------------
JUSTIFICATION_FAILS_RULES = "justification_fails_rules"
JUSTIFICATION_REUSED = "justification_reused"
CASE_NUMBER_MANY_USERS = "case_number_many_users"
OFF_HOURS = "off_hours"
VOLUME_ABOVE_NORM = "volume_above_norm"
BROAD_SEARCH = "broad_search"
OUTSIDE_ALLOWED_NETWORK = "outside_allowed_network"
IDLE_NOT_SUSPENDED = "idle_not_suspended"
SEARCH_WHILE_LAPSED = "search_while_lapsed"
REFUSAL_BURST = "refusal_burst"
REPEATED_PLATE_NO_CASE = "repeated_plate_no_case"
SHARING_PROHIBITED_PURPOSE = "sharing_prohibited_purpose"
SAMPLE = "sample"

FLAG_TITLES = {
    JUSTIFICATION_FAILS_RULES: "Justification fails today's purpose rules",
    JUSTIFICATION_REUSED: "Same justification reused",
    CASE_NUMBER_MANY_USERS: "One case number used by many users",
    OFF_HOURS: "Searches outside the user's usual hours",
    VOLUME_ABOVE_NORM: "Volume far above the division's norm",
    BROAD_SEARCH: "Broad searches",
    OUTSIDE_ALLOWED_NETWORK: "Access from outside the allowed networks",
    IDLE_NOT_SUSPENDED: "Idle account not suspended",
    SEARCH_WHILE_LAPSED: "Search while training or agreement had lapsed (system fault)",
    REFUSAL_BURST: "Refused searches in a burst",
    REPEATED_PLATE_NO_CASE: "Same plate searched repeatedly with no case linking the searches",
    SHARING_PROHIBITED_PURPOSE: "Sharing attempted for immigration or reproductive-health purposes",
    SAMPLE: "Random sample",
}

# --- Thresholds (why each: the reviewer should see patterns, not every search) ---------------
# One text repeated for one case is normal (the case's purpose); the same words given for
# several different cases, or typed by several people, are boilerplate, not a specific purpose.
REUSE_MIN_CASES = 3
REUSE_MIN_USERS = 3
CASE_MIN_USERS = 4  # a case is worked by a few people; more is worth a look
USUAL_HOURS_MIN_HISTORY = 20  # fewer searches say nothing about a person's habits
USUAL_HOURS_SHARE = 0.05  # an hour (with its neighbours) holding under 5% of their searches
VOLUME_FACTOR = 3.0  # three times the division's median
VOLUME_MIN_SEARCHES = 30
BROAD_MIN_FIXED_CHARACTERS = 3
BROAD_MAX_WINDOW_DAYS = 30
BROAD_MAX_AREA_KM2 = 25.0
BURST_MIN_REFUSALS = 5
BURST_WINDOW = timedelta(minutes=10)
REPEAT_MIN_SEARCHES = 3

PURPOSE_KINDS = ("search", "hold_search", "export")  # kinds that carry a purpose
ACCESS_KINDS = ("search", "hold_search", "read_view", "held_read_view", "export")


@dataclass(frozen=True)
class AccessRow:
    """One access record as the rules see it. `local_hour` is the hour in the agency's time."""

    id: int
    user_id: int
    username: str
    kind: str
    at: datetime
    local_hour: int
    outcome: str
    case_number: str = ""
    purpose_category: str = ""
    justification: str = ""
    on_behalf_of: str = ""
    criteria: dict = field(default_factory=dict)
    client_address: str | None = None
    refusal_codes: tuple[str, ...] = ()
    result_count: int = 0
    agency_counts: dict = field(default_factory=dict)

    @property
    def ran(self) -> bool:
        return self.outcome == "run"


@dataclass(frozen=True)
class PersonFacts:
    """What the flags need of a person: standing now, and their standing's history."""

    user_id: int
    username: str
    status: str
    granted_at: datetime | None
    last_access_at: datetime | None
    required_course_ids: tuple[int, ...] = ()
    # (course id, counted from (verified), valid through (expiry day))
    training: tuple[tuple[int, datetime, date], ...] = ()
    signatures: tuple[tuple[datetime, int], ...] = ()  # (signed at, version)
    versions: tuple[tuple[datetime, int], ...] = ()  # the agency's (published at, version)


@dataclass(frozen=True)
class Flag:
    code: str
    explanation: str
    user_id: int | None = None
    username: str = ""
    search_ids: tuple[int, ...] = ()
    evidence: dict = field(default_factory=dict)
    system_fault: bool = False

    @property
    def title(self) -> str:
        return FLAG_TITLES[self.code]


# --- Cadence, periods, signer ---------------------------------------------------------------


def cadence_label(mode: str, cadence_days: int) -> str:
    """The cadence in the policy's words; where the policy states none, say the default is ours."""
    if mode == "cdcr":
        return f"Every {cadence_days} days, or as the division's Hiring Authority directs (53060.5(c)(2)(A))"
    if mode == "doj":
        return f"Annual: every {cadence_days} days (429.6, 429.8)"
    if mode == "county_sheriff":
        return f"Random, semi-annual: every {cadence_days} days, with a random sample (GO 5.42 H)"
    return (
        f"Every {cadence_days} days with a random sample: the agency's choice, "
        "since 2.455.50 states no cadence"
    )


def signer_roles(mode: str) -> tuple[str, ...]:
    """The roles that sign a cycle, as each policy names them."""
    if mode == "cdcr":  # 53060.5(c)(2)(A): the Division Administrators conduct the audit
        return (Role.DIVISION_ADMIN_PRIMARY, Role.DIVISION_ADMIN_SECONDARY)
    if mode == "doj":  # 429.8: the ALPR Administrator reviews and approves the results
        return (Role.AGENCY_ADMIN,)
    # GO 5.42 H and 2.455.50: the system administrator(s)
    return (Role.AGENCY_ADMIN, Role.DIVISION_ADMIN_PRIMARY, Role.DIVISION_ADMIN_SECONDARY)


def signer_title(mode: str) -> str:
    return {
        "cdcr": "ALPR Division Administrator (53060.5(c)(2)(A))",
        "doj": "ALPR Administrator (429.8)",
        "county_sheriff": "System administrator (GO 5.42 H)",
    }.get(mode, "System administrator (2.455.50)")


def period_containing(origin: date, cadence_days: int, day: date) -> tuple[date, date]:
    """The cadence period holding `day`, counting periods from `origin` (the agency's start)."""
    index = max(0, (day - origin).days // cadence_days)
    start = origin + timedelta(days=index * cadence_days)
    return start, start + timedelta(days=cadence_days - 1)


def last_completed_period(origin: date, cadence_days: int, today: date) -> tuple[date, date] | None:
    """The latest cadence period that has ended before today; None before the first one ends."""
    start, _ = period_containing(origin, cadence_days, today)
    if start <= origin:
        return None
    return period_containing(origin, cadence_days, start - timedelta(days=1))


def periods_overlap(a: tuple[date, date], b: tuple[date, date]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def default_sample_size(random_sample: bool) -> int:  # noqa: FBT001 - the profile's flag
    """Random-audit policies (GO 5.42 H, 2.455.50) sample more; the others sample a few too."""
    return 25 if random_sample else 10


def draw_sample(search_ids: Iterable[int], *, seed: int, size: int) -> list[int]:
    """A sample anyone can draw again from the cycle's seed: the same ids, in the same order."""
    population = sorted(set(search_ids))
    return random.Random(seed).sample(population, min(size, len(population)))


# --- Search shape (for broad searches and repeated plates) ------------------------------------

_WINDOW_KEYS = (
    ("start", "end"),
    ("since", "until"),
    ("window_start", "window_end"),
    ("from", "to"),
)


def _parse_time(value) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


@dataclass(frozen=True)
class SearchShape:
    plate: str  # as asked (may hold ? and *)
    fixed_characters: int | None  # None: no plate asked
    window_days: float | None
    area_km2: float | None


def search_shape(criteria: dict) -> SearchShape:
    """Read the plate, the time window and the area of a search's criteria, whichever of the
    documented spellings the search service stored."""
    plate = ""
    for key in ("plate", "plate_pattern", "partial_plate", "pattern"):
        if isinstance(criteria.get(key), str) and criteria[key]:
            plate = criteria[key].upper()
            break
    fixed = len(re.sub(r"[^A-Z0-9]", "", plate)) if plate else None

    window = None
    for start_key, end_key in _WINDOW_KEYS:
        start, end = _parse_time(criteria.get(start_key)), _parse_time(criteria.get(end_key))
        if start and end and (start.tzinfo is None) == (end.tzinfo is None):
            window = (end - start).total_seconds() / 86400
            break

    return SearchShape(plate, fixed, window, _area_km2(criteria))


def _area_km2(criteria: dict) -> float | None:
    point = criteria.get("point") if isinstance(criteria.get("point"), dict) else criteria
    radius_m = point.get("radius_m")
    if radius_m is None and point.get("radius_km") is not None:
        radius_m = float(point["radius_km"]) * 1000
    if isinstance(radius_m, int | float):
        return math.pi * (radius_m / 1000) ** 2
    bbox = criteria.get("bbox")
    if isinstance(bbox, dict):
        bbox = [
            bbox.get("min_lon", bbox.get("west")),
            bbox.get("min_lat", bbox.get("south")),
            bbox.get("max_lon", bbox.get("east")),
            bbox.get("max_lat", bbox.get("north")),
        ]
    if (
        isinstance(bbox, list | tuple)
        and len(bbox) == 4
        and all(isinstance(v, int | float) for v in bbox)
    ):
        west, south, east, north = bbox
        mid_lat = math.radians((south + north) / 2)
        return abs(north - south) * 111.32 * abs(east - west) * 111.32 * math.cos(mid_lat)
    return None


# --- Flags ------------------------------------------------------------------------------------


def _normalised(text: str) -> str:
    return " ".join(text.lower().split())


def flag_justification_fails_rules(
    rows: Sequence[AccessRow], purpose_codes: Callable[[AccessRow], Sequence[str]]
) -> list[Flag]:
    """Searches that ran but whose purpose fails the rules in force today (53060.5(c)(2)(B))."""
    grouped: dict[tuple, list[AccessRow]] = defaultdict(list)
    codes_of: dict[tuple, tuple[str, ...]] = {}
    for row in rows:
        if not row.ran or row.kind not in PURPOSE_KINDS:
            continue
        key = (row.user_id, row.case_number, row.purpose_category, row.justification)
        if key not in codes_of:
            codes_of[key] = tuple(sorted(set(purpose_codes(row))))
        if codes_of[key]:
            grouped[key].append(row)
    flags = []
    for key, matched in grouped.items():
        first = matched[0]
        flags.append(
            Flag(
                JUSTIFICATION_FAILS_RULES,
                f"{first.username} ran {len(matched)} search(es) with the purpose "
                f"“{first.justification[:160]}” (case {first.case_number or 'none'}), which today's "
                f"rules refuse: {', '.join(codes_of[key])}.",
                first.user_id,
                first.username,
                tuple(r.id for r in matched),
                {"violations": list(codes_of[key]), "justification": first.justification},
            )
        )
    return flags


def flag_justification_reused(rows: Sequence[AccessRow]) -> list[Flag]:
    """The same justification text given for several different cases, or by several people."""
    by_text: dict[str, list[AccessRow]] = defaultdict(list)
    for row in rows:
        if row.kind in PURPOSE_KINDS and row.justification.strip():
            by_text[_normalised(row.justification)].append(row)
    flags = []
    for text, matched in by_text.items():
        users = sorted({r.username for r in matched})
        cases = sorted({r.case_number.strip().upper() for r in matched} - {""})
        if len(cases) < REUSE_MIN_CASES and len(users) < REUSE_MIN_USERS:
            continue
        flags.append(
            Flag(
                JUSTIFICATION_REUSED,
                f"The justification “{matched[0].justification[:160]}” was given for "
                f"{len(matched)} searches under {len(cases)} case number(s) by {len(users)} "
                f"user(s) ({', '.join(users[:8])}). A specific purpose is written for each case.",
                search_ids=tuple(r.id for r in matched),
                evidence={
                    "text": text,
                    "users": users,
                    "cases": cases[:20],
                    "searches": len(matched),
                },
            )
        )
    return flags


def flag_case_number_many_users(rows: Sequence[AccessRow]) -> list[Flag]:
    """One case number used by many different people."""
    by_case: dict[str, list[AccessRow]] = defaultdict(list)
    for row in rows:
        if row.case_number.strip() and row.kind in PURPOSE_KINDS:
            by_case[row.case_number.strip().upper()].append(row)
    flags = []
    for case, matched in by_case.items():
        users = sorted({r.username for r in matched})
        if len(users) < CASE_MIN_USERS:
            continue
        flags.append(
            Flag(
                CASE_NUMBER_MANY_USERS,
                f"Case {case} was given by {len(users)} users ({', '.join(users[:8])}) for "
                f"{len(matched)} searches. Check each works the case.",
                search_ids=tuple(r.id for r in matched),
                evidence={"case_number": case, "users": users},
            )
        )
    return flags


def flag_off_hours(rows: Sequence[AccessRow]) -> list[Flag]:
    """Searches at hours the person otherwise almost never searches."""
    by_user: dict[int, list[AccessRow]] = defaultdict(list)
    for row in rows:
        if row.kind in PURPOSE_KINDS:
            by_user[row.user_id].append(row)
    flags = []
    for matched in by_user.values():
        if len(matched) < USUAL_HOURS_MIN_HISTORY:
            continue
        hours = Counter(r.local_hour for r in matched)
        total = len(matched)

        def share(hour: int, hours=hours, total=total) -> float:
            return sum(hours[(hour + d) % 24] for d in (-1, 0, 1)) / total

        odd = [r for r in matched if share(r.local_hour) < USUAL_HOURS_SHARE]
        if not odd:
            continue
        usual = sorted(h for h, _ in hours.most_common(3))
        flags.append(
            Flag(
                OFF_HOURS,
                f"{odd[0].username} usually searches around {', '.join(f'{h:02d}:00' for h in usual)}; "
                f"{len(odd)} search(es) fell at hours holding under "
                f"{USUAL_HOURS_SHARE:.0%} of their {total} searches "
                f"({', '.join(sorted({f'{r.local_hour:02d}:00' for r in odd}))}).",
                odd[0].user_id,
                odd[0].username,
                tuple(r.id for r in odd),
                {"usual_hours": usual, "odd_hours": sorted({r.local_hour for r in odd})},
            )
        )
    return flags


def flag_volume_above_norm(rows: Sequence[AccessRow]) -> list[Flag]:
    """A person searching far more than the division's median person."""
    counts = Counter(r.user_id for r in rows if r.kind in PURPOSE_KINDS)
    if len(counts) < 2:
        return []
    median = statistics.median(counts.values())
    names = {r.user_id: r.username for r in rows}
    flags = []
    for user_id, count in sorted(counts.items()):
        if count >= VOLUME_MIN_SEARCHES and count > VOLUME_FACTOR * median:
            flags.append(
                Flag(
                    VOLUME_ABOVE_NORM,
                    f"{names[user_id]} ran {count} searches; the division's median person ran "
                    f"{median:g} ({count / median:.1f} times as many).",
                    user_id,
                    names[user_id],
                    evidence={"count": count, "division_median": median},
                )
            )
    return flags


def broad_reasons(shape: SearchShape) -> list[str]:
    reasons = []
    if shape.fixed_characters is not None and shape.fixed_characters < BROAD_MIN_FIXED_CHARACTERS:
        reasons.append(f"plate “{shape.plate}” fixes only {shape.fixed_characters} character(s)")
    if shape.window_days is not None and shape.window_days > BROAD_MAX_WINDOW_DAYS:
        reasons.append(f"a {shape.window_days:.0f}-day window")
    if shape.area_km2 is not None and shape.area_km2 > BROAD_MAX_AREA_KM2:
        reasons.append(f"an area of {shape.area_km2:.0f} km²")
    return reasons


def flag_broad_searches(rows: Sequence[AccessRow]) -> list[Flag]:
    """Searches with few fixed characters, a long window or a large area, per person."""
    by_user: dict[int, list[tuple[AccessRow, list[str]]]] = defaultdict(list)
    for row in rows:
        if row.kind != "search" or not row.ran:
            continue
        reasons = broad_reasons(search_shape(row.criteria))
        if reasons:
            by_user[row.user_id].append((row, reasons))
    flags = []
    for matched in by_user.values():
        first = matched[0][0]
        kinds = Counter(reason.split(" ", 2)[1] for _, reasons in matched for reason in reasons)
        flags.append(
            Flag(
                BROAD_SEARCH,
                f"{first.username} ran {len(matched)} broad search(es), e.g. "
                f"{'; '.join(matched[0][1])}. Limits: at least {BROAD_MIN_FIXED_CHARACTERS} fixed "
                f"characters, {BROAD_MAX_WINDOW_DAYS} days, {BROAD_MAX_AREA_KM2:g} km².",
                first.user_id,
                first.username,
                tuple(r.id for r, _ in matched),
                {"examples": [reasons for _, reasons in matched[:5]], "kinds": dict(kinds)},
            )
        )
    return flags


def _in_networks(address: str | None, networks: Sequence[str]) -> bool:
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return False
    return any(ip in ipaddress.ip_network(n, strict=False) for n in networks)


def flag_outside_allowed_networks(rows: Sequence[AccessRow], networks: Sequence[str]) -> list[Flag]:
    """Access attempts from addresses outside the agency's device networks (53060.9(a))."""
    if not networks:
        return []
    by_user: dict[int, list[AccessRow]] = defaultdict(list)
    for row in rows:
        if not _in_networks(row.client_address, networks):
            by_user[row.user_id].append(row)
    flags = []
    for matched in by_user.values():
        ran = sum(1 for r in matched if r.ran)
        addresses = sorted({r.client_address or "unknown" for r in matched})
        flags.append(
            Flag(
                OUTSIDE_ALLOWED_NETWORK,
                f"{matched[0].username} reached for ALPR data {len(matched)} time(s) from "
                f"{', '.join(addresses[:5])}, outside the allowed networks; {ran} ran.",
                matched[0].user_id,
                matched[0].username,
                tuple(r.id for r in matched),
                {"addresses": addresses, "ran": ran},
                system_fault=ran > 0,  # the gate refuses these: any that ran is a fault
            )
        )
    return flags


def flag_idle_not_suspended(
    people: Sequence[PersonFacts], *, as_of: datetime, inactivity_days: int
) -> list[Flag]:
    """Active accounts idle for the inactivity period and not yet suspended (53060.5(c)(2)(D))."""
    limit = as_of - timedelta(days=inactivity_days)
    flags = []
    for person in people:
        if person.status != "active" or person.granted_at is None:
            continue
        last = person.last_access_at or person.granted_at
        if last < limit:
            flags.append(
                Flag(
                    IDLE_NOT_SUSPENDED,
                    f"{person.username} has not reached ALPR data since {last:%Y-%m-%d} "
                    f"(over {inactivity_days} days) and is still active: suspend the account.",
                    person.user_id,
                    person.username,
                    evidence={"last_access": last.isoformat(), "days": (as_of - last).days},
                )
            )
    return flags


def standing_lapses_at(person: PersonFacts, at: datetime) -> list[str]:
    """What of training and agreement was missing at `at`: empty when both were in order."""
    lapses = []
    for course_id in person.required_course_ids:
        if not any(
            c == course_id and start <= at and at.date() <= until
            for c, start, until in person.training
        ):
            lapses.append("training")
            break
    published = [version for when, version in person.versions if when <= at]
    signed = [version for when, version in person.signatures if when <= at]
    if not published or not signed or max(signed) < max(published):
        lapses.append("agreement")
    return lapses


def flag_search_while_lapsed(
    rows: Sequence[AccessRow], people: Sequence[PersonFacts]
) -> list[Flag]:
    """Any access that ran while the person's training or agreement had lapsed. The gate refuses
    these, so the count must be zero; one found is a system fault."""
    facts = {p.user_id: p for p in people}
    by_user: dict[int, list[tuple[AccessRow, list[str]]]] = defaultdict(list)
    for row in rows:
        person = facts.get(row.user_id)
        if not row.ran or person is None:
            continue
        lapses = standing_lapses_at(person, row.at)
        if lapses:
            by_user[row.user_id].append((row, lapses))
    flags = []
    for matched in by_user.values():
        first = matched[0][0]
        what = sorted({lapse for _, lapses in matched for lapse in lapses})
        flags.append(
            Flag(
                SEARCH_WHILE_LAPSED,
                f"SYSTEM FAULT: {len(matched)} access(es) by {first.username} ran while their "
                f"{' and '.join(what)} had lapsed. The access gate should have refused them; "
                "report this to the system's maintainers as well as reviewing the use.",
                first.user_id,
                first.username,
                tuple(r.id for r, _ in matched),
                {"lapsed": what},
                system_fault=True,
            )
        )
    return flags


def flag_refusal_bursts(rows: Sequence[AccessRow]) -> list[Flag]:
    """Several refused attempts by one person within minutes (probing the rules)."""
    by_user: dict[int, list[AccessRow]] = defaultdict(list)
    for row in rows:
        if not row.ran:
            by_user[row.user_id].append(row)
    flags = []
    for refused in by_user.values():
        refused.sort(key=lambda r: r.at)
        bursts, start = [], 0
        for end in range(len(refused)):
            while refused[end].at - refused[start].at > BURST_WINDOW:
                start += 1
            if end - start + 1 >= BURST_MIN_REFUSALS:
                if bursts and bursts[-1][0] == start:
                    bursts[-1] = (start, end)
                elif bursts and start <= bursts[-1][1]:
                    bursts[-1] = (bursts[-1][0], end)
                else:
                    bursts.append((start, end))
        if not bursts:
            continue
        ids = tuple(r.id for s, e in bursts for r in refused[s : e + 1])
        codes = Counter(c for s, e in bursts for r in refused[s : e + 1] for c in r.refusal_codes)
        flags.append(
            Flag(
                REFUSAL_BURST,
                f"{refused[0].username} was refused {len(ids)} times in {len(bursts)} burst(s) of "
                f"{BURST_MIN_REFUSALS} or more within {BURST_WINDOW.seconds // 60} minutes "
                f"(codes: {', '.join(c for c, _ in codes.most_common(4)) or 'none'}).",
                refused[0].user_id,
                refused[0].username,
                ids,
                {"bursts": len(bursts), "codes": dict(codes)},
            )
        )
    return flags


def flag_repeated_plate_no_case(rows: Sequence[AccessRow]) -> list[Flag]:
    """One person searching one plate again and again, with no single case linking the searches."""
    by_key: dict[tuple[int, str], list[AccessRow]] = defaultdict(list)
    for row in rows:
        if row.kind != "search" or not row.ran:
            continue
        shape = search_shape(row.criteria)
        if shape.plate and "?" not in shape.plate and "*" not in shape.plate:
            by_key[(row.user_id, shape.plate)].append(row)
    flags = []
    for (_, plate), matched in by_key.items():
        if len(matched) < REPEAT_MIN_SEARCHES:
            continue
        cases = {r.case_number.strip().upper() for r in matched}
        if len(cases) == 1 and "" not in cases:
            continue
        flags.append(
            Flag(
                REPEATED_PLATE_NO_CASE,
                f"{matched[0].username} searched plate {plate} {len(matched)} times under "
                f"{len(cases - {''})} different case number(s)"
                f"{' and with none' if '' in cases else ''}: no one case links the searches.",
                matched[0].user_id,
                matched[0].username,
                tuple(r.id for r in matched),
                {"plate": plate, "case_numbers": sorted(cases - {""})},
            )
        )
    return flags


@dataclass(frozen=True)
class SharingAttempt:
    """A refused sharing act the ledger marked for the audit (sharing.LedgerEntry)."""

    id: int
    at: datetime
    actor_id: int | None
    username: str
    action: str
    codes: tuple[str, ...]


def flag_sharing_prohibited_purposes(attempts: Sequence[SharingAttempt]) -> list[Flag]:
    """Agreements, disclosures or cross-agency searches attempted for immigration enforcement or
    reproductive-health purposes (53060.4(c)-(d), GO 5.42 G.3, Penal Code 13778.2): refused by the
    system, and each person who tried is flagged for the reviewer."""
    by_person: dict[int | None, list[SharingAttempt]] = {}
    for attempt in attempts:
        by_person.setdefault(attempt.actor_id, []).append(attempt)
    flags = []
    for actor_id, tries in by_person.items():
        actions = sorted({t.action for t in tries})
        flags.append(
            Flag(
                code=SHARING_PROHIBITED_PURPOSE,
                explanation=f"{len(tries)} sharing attempt(s) ({', '.join(actions)}) stated a "
                "purpose the law forbids; each was refused and is on the sharing ledger.",
                user_id=actor_id,
                username=tries[0].username,
                evidence={
                    "ledger_entries": [t.id for t in tries],
                    "codes": sorted({c for t in tries for c in t.codes}),
                },
            )
        )
    return flags


def all_flags(
    rows: Sequence[AccessRow],
    people: Sequence[PersonFacts],
    *,
    purpose_codes: Callable[[AccessRow], Sequence[str]],
    networks: Sequence[str],
    as_of: datetime,
    inactivity_days: int,
) -> list[Flag]:
    """Every flag of a period, in the order the packet lists them."""
    return [
        *flag_search_while_lapsed(rows, people),
        *flag_justification_fails_rules(rows, purpose_codes),
        *flag_justification_reused(rows),
        *flag_case_number_many_users(rows),
        *flag_repeated_plate_no_case(rows),
        *flag_off_hours(rows),
        *flag_volume_above_norm(rows),
        *flag_broad_searches(rows),
        *flag_outside_allowed_networks(rows, networks),
        *flag_refusal_bursts(rows),
        *flag_idle_not_suspended(people, as_of=as_of, inactivity_days=inactivity_days),
    ]

"""Justified search and the access record it writes (DESIGN.md section 5; Civil Code
1798.90.52; 53060.7(b)(4)-(6); 429.4; GO 5.42 A.9; 2.455.15-.35).

Every attempt writes one access record, run or refused, in its own transaction: a refusal is an
outcome returned to the caller, never an exception raised inside the block holding the record
(which would roll the record back). The gate itself runs before (accounts.services.gate); when it
refuses a search, `search_record_refusal` writes the attempt's record with the gate's codes.
"""

import base64
import binascii
import re
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts import permissions
from accounts.models import User
from alpr_governance.appendonly import chain_append
from alpr_governance.violations import Violation
from camera_ingest.models import PlateRead
from queries import criteria as criteria_rules
from queries import rules, selectors
from queries.criteria import Criteria
from queries.models import SearchRequest

PAGE_SIZE = 100
# Counting every match of a broad pattern would cost more than the search: count up to this.
COUNT_CEILING = 10_000

MATCHED_EXACT = "exact"
MATCHED_CANDIDATE = "candidate"
MATCHED_CONFUSION = "ocr_confusion"


@dataclass(frozen=True)
class SearchPurpose:
    """Why a search is run, as the person typed it (the four fields of the search form)."""

    case_number: str = ""
    purpose_category: str = ""
    justification: str = ""
    on_behalf_of: str = ""


@dataclass(frozen=True)
class SearchHit:
    read: PlateRead
    camera_name: str
    # How the read matched: "exact" (as typed), "candidate" (a camera's alternative reading) or
    # "ocr_confusion" (only with a confusable character swapped).
    matched_by: str


@dataclass
class SearchOutcome:
    """What a search attempt came to: its access record, and the hits or the violations."""

    record: SearchRequest
    violations: list[Violation] = field(default_factory=list)
    hits: list[SearchHit] = field(default_factory=list)
    count: int = 0
    count_is_floor: bool = False  # more than COUNT_CEILING matched
    next_cursor: str | None = None

    @property
    def refused(self) -> bool:
        return self.record.outcome == SearchRequest.Outcome.REFUSED


def purpose_violations(*, actor: User, purpose: SearchPurpose) -> list[Violation]:
    """The purpose rules of the actor's agency and division (queries/rules.py)."""
    profile = rules.PurposeProfile.for_division(actor.division)
    return list(
        rules.check_purpose(
            rules.Purpose(
                case_number=purpose.case_number,
                purpose_category=purpose.purpose_category,
                justification=purpose.justification,
                on_behalf_of=purpose.on_behalf_of,
                by_administrator=_is_administrator(actor),
            ),
            profile,
        )
    )


def purpose_categories_for(*, user: User) -> list[dict]:
    """The purpose categories of the user's agency mode, [{"code", "label"}]."""
    if user is None or not user.is_authenticated or user.division_id is None:
        return []
    profile = rules.PurposeProfile.for_division(user.division)
    categories = rules.purpose_categories(profile, by_administrator=_is_administrator(user))
    return [{"code": c.code, "label": c.label} for c in categories]


def _is_administrator(actor: User) -> bool:
    return permissions.is_people_admin(actor)


def _record(
    *,
    actor: User,
    kind: str,
    purpose: SearchPurpose,
    criteria: dict,
    client_address: str | None,
    outcome: str,
    codes: list[str] = (),
    read_ids: list[int] = (),
    agency_counts: dict | None = None,
    at: datetime | None = None,
) -> SearchRequest:
    return chain_append(
        SearchRequest,
        agency_id=actor.agency_id,
        division_id=actor.division_id,
        user_id=actor.pk,
        username=actor.username,
        on_behalf_of=purpose.on_behalf_of[:200],
        kind=kind,
        at=at or timezone.now(),
        case_number=purpose.case_number[:100],
        purpose_category=purpose.purpose_category[:60],
        justification=purpose.justification,
        criteria=criteria,
        client_address=client_address,
        outcome=outcome,
        refusal_codes=list(dict.fromkeys(codes)),
        result_count=len(read_ids),
        read_ids=list(read_ids),
        agency_counts=agency_counts or {},
    )


def search_record_refusal(
    *,
    actor: User,
    purpose: SearchPurpose,
    raw_criteria: dict,
    client_address: str | None,
    codes: list[str],
    kind: str = SearchRequest.Kind.SEARCH,
) -> SearchRequest:
    """Record a search attempt the gate refused, with its codes (1798.90.52: every access,
    attempted or run). The caller answers the refusal; nothing is searched."""
    return _record(
        actor=actor,
        kind=kind,
        purpose=purpose,
        criteria=criteria_rules.raw_record(raw_criteria),
        client_address=client_address,
        outcome=SearchRequest.Outcome.REFUSED,
        codes=codes,
    )


def _camera_violations(actor: User, parsed: Criteria) -> list[Violation]:
    if not parsed.camera_ids:
        return []
    known = set(
        selectors.searchable_cameras_for(user=actor)
        .filter(pk__in=parsed.camera_ids)
        .values_list("pk", flat=True)
    )
    unknown = [pk for pk in parsed.camera_ids if pk not in known]
    if not unknown:
        return []
    # Another agency's camera reads exactly like a missing one: ids reveal nothing.
    return [
        Violation(
            criteria_rules.CAMERA_UNKNOWN,
            "camera_ids",
            f"No camera you may search has the id(s) {', '.join(map(str, unknown))}.",
        )
    ]


def reads_matching(*, user: User, criteria: Criteria):
    """The reads `user` may search that match `criteria`, newest first (a queryset)."""
    reads = selectors.reads_for(user=user).filter(
        seen_at__gte=criteria.start, seen_at__lt=criteria.end
    )
    if criteria.misread_tolerant and (criteria.plate or criteria.pattern):
        reads = reads.filter(
            selectors.plate_or_candidate_matches(criteria_rules.tolerant_regex(criteria))
        )
    elif criteria.plate:
        reads = reads.filter(plate=criteria.plate)
    elif criteria.pattern:
        reads = reads.filter(selectors.plate_like(criteria_rules.like_pattern(criteria.pattern)))
    if criteria.state:
        reads = reads.filter(region=criteria.state)
    if criteria.bbox:
        reads = reads.filter(selectors.within_box(*criteria.bbox))
    if criteria.near:
        reads = reads.filter(selectors.within_box(*criteria.near.box())).filter(
            selectors.within_metres(criteria.near.lat, criteria.near.lon, criteria.near.radius_m)
        )
    if criteria.camera_ids:
        reads = reads.filter(camera_id__in=criteria.camera_ids)
    return reads.order_by("-seen_at", "-id")


def encode_cursor(read: PlateRead) -> str:
    text = f"{read.seen_at.isoformat()}|{read.pk}"
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, int] | None:
    """The (seen_at, id) a page continues after; None for a cursor we did not issue."""
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        moment, _, pk = text.partition("|")
        seen_at = datetime.fromisoformat(moment)
        return (seen_at, int(pk)) if seen_at.tzinfo else None
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return None


def _matched_by(criteria: Criteria, read: PlateRead) -> str:
    if not criteria.misread_tolerant or criteria_rules.literal_match(criteria, read.plate):
        return MATCHED_EXACT
    regex = criteria_rules.tolerant_regex(criteria)
    if re.fullmatch(regex.strip("^$"), read.plate):
        return MATCHED_CONFUSION
    return MATCHED_CANDIDATE


def _page(actor: User, parsed: Criteria, after: tuple[datetime, int] | None, page_size: int):
    reads = reads_matching(user=actor, criteria=parsed)
    if after is not None:
        seen_at, pk = after
        reads = reads.filter(Q(seen_at__lt=seen_at) | Q(seen_at=seen_at, id__lt=pk))
    rows = list(
        reads.only(
            "id",
            "agency_id",
            "camera_id",
            "plate",
            "region",
            "seen_at",
            "latitude",
            "longitude",
            "confidence",
            "image_count",
        )[: page_size + 1]
    )
    more = len(rows) > page_size
    rows = rows[:page_size]
    if after is None and not more:
        count, floor = len(rows), False
    else:
        count = reads_matching(user=actor, criteria=parsed)[: COUNT_CEILING + 1].count()
        count, floor = min(count, COUNT_CEILING), count > COUNT_CEILING
    names = dict(
        selectors.searchable_cameras_for(user=actor)
        .filter(pk__in={r.camera_id for r in rows})
        .values_list("pk", "name")
    )
    hits = [SearchHit(r, names.get(r.camera_id, ""), _matched_by(parsed, r)) for r in rows]
    return hits, count, floor, (encode_cursor(rows[-1]) if more else None)


def search_run(
    *,
    actor: User,
    purpose: SearchPurpose,
    criteria: dict,
    client_address: str | None,
    after: str | None = None,
    page_size: int | None = None,
    now: datetime | None = None,
    input_violations: list[Violation] = (),
) -> SearchOutcome:
    """Run a justified search and write its access record (1798.90.52): purpose rules of the
    actor's agency (53060.7(b)(4)-(6), 429.4, GO 5.42 A.9, 2.455.15-.35), the criteria within the
    agency's longest window, only agencies the actor may search. Bad criteria and purpose
    violations refuse the search: the record is written with the codes and returned, no reads.

    The gate (accounts.services.gate) has already run for this request. `after` continues a
    search after a page's last read (its `next_cursor`); every page is its own record.
    `input_violations` are the interface's own findings (a field of the wrong type), refused and
    recorded with the rest."""
    now = now or timezone.now()
    parsed, violations = criteria_rules.criteria_parse(
        criteria, max_window_days=actor.agency.max_search_window_days, now=now
    )
    violations = list(input_violations) + violations
    cursor = None
    if after is not None:
        cursor = decode_cursor(after)
        if cursor is None:
            violations.append(Violation("cursor_invalid", "after", "Not a page cursor we issued."))
    if parsed is not None:
        violations.extend(_camera_violations(actor, parsed))
    violations.extend(purpose_violations(actor=actor, purpose=purpose))
    record_criteria = parsed.as_record() if parsed else criteria_rules.raw_record(criteria)
    if after is not None:
        record_criteria["after"] = after[:200]
    if isinstance(criteria.get("continues"), int):
        record_criteria["continues"] = criteria["continues"]
    if violations:
        record = _record(
            actor=actor,
            kind=SearchRequest.Kind.SEARCH,
            purpose=purpose,
            criteria=record_criteria,
            client_address=client_address,
            outcome=SearchRequest.Outcome.REFUSED,
            codes=[v.code for v in violations],
            at=now,
        )
        return SearchOutcome(record=record, violations=violations)

    record_criteria["kind"] = parsed.kind
    hits, count, floor, next_cursor = _page(actor, parsed, cursor, page_size or PAGE_SIZE)
    agency_counts: dict[str, int] = {}
    for hit in hits:
        key = str(hit.read.agency_id)
        agency_counts[key] = agency_counts.get(key, 0) + 1
    # The reads are read before the record's transaction (chain_append's own), which would only
    # hold the chain's lock longer; the record names exactly the reads returned. Reads of another
    # agency (under its standing agreement) go on its ledger in the record's transaction.
    shared = any(key != str(actor.agency_id) for key in agency_counts)
    with transaction.atomic() if shared else nullcontext():
        record = _record(
            actor=actor,
            kind=SearchRequest.Kind.SEARCH,
            purpose=purpose,
            criteria=record_criteria,
            client_address=client_address,
            outcome=SearchRequest.Outcome.RUN,
            read_ids=[hit.read.pk for hit in hits],
            agency_counts=agency_counts,
            at=now,
        )
        if shared:
            from sharing.services import cross_agency_hits_record

            cross_agency_hits_record(record=record)
    return SearchOutcome(
        record=record, hits=hits, count=count, count_is_floor=floor, next_cursor=next_cursor
    )


def search_hits_again(*, actor: User, record: SearchRequest) -> list[SearchHit]:
    """The reads a past search of the actor returned, still in the store, newest first. Shows
    again only what that record already holds as returned to this person: no new access."""
    if record.user_id != actor.pk or not record.read_ids:
        return []
    reads = list(
        selectors.reads_for(user=actor).filter(pk__in=record.read_ids).order_by("-seen_at", "-id")
    )
    names = dict(
        selectors.searchable_cameras_for(user=actor)
        .filter(pk__in={r.camera_id for r in reads})
        .values_list("pk", "name")
    )
    return [SearchHit(r, names.get(r.camera_id, ""), MATCHED_EXACT) for r in reads]


def criteria_of(record: SearchRequest) -> dict:
    """The criteria a recorded search ran with, in the shape `search_run` takes."""
    kept = dict(record.criteria)
    if "pattern" in kept:
        kept["plate"] = kept.pop("pattern")
    for key in ("kind", "after"):
        kept.pop(key, None)
    return kept


def search_continue(
    *, actor: User, search: SearchRequest, after: str, client_address: str | None
) -> SearchOutcome:
    """The next page of one of the actor's own searches: the same purpose and criteria, after
    the cursor its last page gave; recorded as a search of its own (every read shown is in some
    record). A refused or foreign search cannot be continued."""
    purpose = SearchPurpose(
        case_number=search.case_number,
        purpose_category=search.purpose_category,
        justification=search.justification,
        on_behalf_of=search.on_behalf_of,
    )
    problems = []
    if search.user_id != actor.pk or search.outcome != SearchRequest.Outcome.RUN:
        problems.append(
            Violation("search_not_continuable", None, "Only a search you ran can be continued.")
        )
    criteria = criteria_of(search)
    criteria["continues"] = search.pk
    return search_run(
        actor=actor,
        purpose=purpose,
        criteria=criteria,
        client_address=client_address,
        after=after or "",
        input_violations=problems,
    )

"""Legal holds through the one door (issue 10, structure item 1): placing a hold by plate and
window is a search (purpose rules, access record HOLD_SEARCH), and viewing held reads is recorded
(HELD_READ_VIEW). camera_ingest.services.legal_hold_place and the hold pages call these."""

from accounts.models import User
from alpr_governance.violations import Violation
from queries.models import SearchRequest
from queries.services.search import SearchPurpose, _record, purpose_violations

# The hold's reason (evidence, court order) stands in for a purpose category.
_NOT_ASKED_OF_A_HOLD = {"purpose_category", "on_behalf_of"}


def hold_search_violations(*, actor: User, case_number: str, description: str) -> list[Violation]:
    """The purpose rules for a hold by plate: the case number in the division's format and the
    description as the justification (nothing forbidden, nothing vague)."""
    purpose = SearchPurpose(case_number=case_number.strip(), justification=description.strip())
    return [
        v
        for v in purpose_violations(actor=actor, purpose=purpose)
        if v.field not in _NOT_ASKED_OF_A_HOLD
    ]


def hold_search_record(
    *,
    actor: User,
    case_number: str,
    description: str,
    criteria: dict,
    client_address: str | None,
    codes: list[str] = (),
    read_ids: list[int] = (),
) -> SearchRequest:
    """The access record of a hold by plate and window: run (with the reads held) or refused."""
    return _record(
        actor=actor,
        kind=SearchRequest.Kind.HOLD_SEARCH,
        purpose=SearchPurpose(case_number=case_number.strip(), justification=description),
        criteria=criteria,
        client_address=client_address,
        outcome=SearchRequest.Outcome.REFUSED if codes else SearchRequest.Outcome.RUN,
        codes=list(codes),
        read_ids=list(read_ids),
        agency_counts={str(actor.agency_id): len(read_ids)} if read_ids else {},
    )


def held_reads_view_record(
    *, actor: User, hold, read_ids: list[int], client_address: str | None
) -> SearchRequest:
    """Record that `actor` viewed the reads held under `hold` (1798.90.52: every access)."""
    return _record(
        actor=actor,
        kind=SearchRequest.Kind.HELD_READ_VIEW,
        purpose=SearchPurpose(case_number=hold.case_number, justification=hold.description),
        criteria={"hold": hold.pk},
        client_address=client_address,
        outcome=SearchRequest.Outcome.RUN,
        read_ids=list(read_ids),
        agency_counts={str(hold.agency_id): len(read_ids)} if read_ids else {},
    )

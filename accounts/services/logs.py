"""Logs leaving the system: an export of a log is itself on the record.

An auditor or administrator who downloads the governance record, the security log or the job
runs takes a copy of who did what out of the application; that copy is an act an oversight body
asks about ("who took the security log, when, of whom?"), so it is written to the governance
record — append-only and hash-chained, unlike the security log — with the filters and the row
count. It is agency-wide (no division): the agency's auditors and its administrator review it,
not only the division whose people the file names (53060.5(c)(2), 429.7)."""

from django.db import transaction

from accounts.models import GovernanceRecord, User
from accounts.services.governance import governance_record

LOG_EXPORTED = GovernanceRecord.Action.LOG_EXPORTED.value
# The logs an export may name, as the record stores them.
LOGS = ("governance", "security", "jobs")


def log_export_record(
    *, actor: User, log: str, filters: dict, rows: int, client_address: str | None = None
) -> GovernanceRecord:
    """Record that `rows` rows of `log`, chosen by `filters` (in words), left as a CSV file."""
    if log not in LOGS:
        raise ValueError(f"Unknown log {log!r}.")
    with transaction.atomic():
        return governance_record(
            actor=actor,
            agency=actor.agency,
            action=LOG_EXPORTED,
            subject=actor.agency,
            after={"log": log, "filters": filters, "rows": rows},
            client_address=client_address,
        )

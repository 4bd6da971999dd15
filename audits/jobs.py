"""The audit housekeeping jobs, each a recorded JobRun per agency (DESIGN.md section 9)."""

from accounts.jobs import run_job
from accounts.models import Agency, JobRun
from audits import services


def open_due_job(*, agency: Agency, dry_run: bool = False) -> JobRun:
    """Open the cycles the agency's cadence calls for (53060.5(c)(2)(A), 429.8, GO 5.42 H)."""
    return run_job(
        "audit_cycles_open_due",
        lambda counts: counts.update(
            opened=services.cycles_open_due(agency=agency, dry_run=dry_run)
        ),
        agency=agency,
        dry_run=dry_run,
    )


def purge_expired_job(*, agency: Agency, dry_run: bool = False) -> JobRun:
    """Purge cycles past the audit-record retention (429.8: three years)."""
    return run_job(
        "audit_cycles_purge_expired",
        lambda counts: counts.update(services.cycles_purge_expired(agency=agency, dry_run=dry_run)),
        agency=agency,
        dry_run=dry_run,
    )

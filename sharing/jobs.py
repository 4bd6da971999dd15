"""The sharing side's scheduled job: one recorded run per agency, shared by task and command."""

from accounts.jobs import run_job
from accounts.models import Agency, JobRun
from sharing import services


def exports_purge_job(*, agency: Agency, dry_run: bool = False) -> JobRun:
    return run_job(
        "sharing_exports_purge_expired",
        lambda counts: counts.update(
            services.exports_purge_expired(agency=agency, dry_run=dry_run)
        ),
        agency=agency,
        dry_run=dry_run,
    )

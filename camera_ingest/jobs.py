"""The read store's scheduled jobs: one recorded run per agency, shared by tasks and commands."""

from django.conf import settings

from accounts.jobs import run_job
from accounts.models import Agency, JobRun
from camera_ingest import services


def partitions_create_ahead_job(*, agency: Agency, dry_run: bool = False) -> JobRun:
    def work(counts):
        counts["created"] = services.partitions_create_ahead(
            agency=agency, months_ahead=settings.PARTITION_MONTHS_AHEAD, dry_run=dry_run
        )

    return run_job("partitions_create_ahead", work, agency=agency, dry_run=dry_run)


def reads_purge_expired_job(*, agency: Agency, dry_run: bool = False) -> JobRun:
    return run_job(
        "reads_purge_expired",
        lambda counts: counts.update(services.reads_purge_expired(agency=agency, dry_run=dry_run)),
        agency=agency,
        dry_run=dry_run,
    )


def dead_letters_purge_expired_job(*, agency: Agency, dry_run: bool = False) -> JobRun:
    return run_job(
        "dead_letters_purge_expired",
        lambda counts: counts.update(
            services.dead_letters_purge_expired(agency=agency, dry_run=dry_run)
        ),
        agency=agency,
        dry_run=dry_run,
    )

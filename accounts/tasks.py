"""Celery tasks of accounts: thin wrappers that run one service inside a recorded JobRun. Nightly
policy jobs fan out to one task per agency, so one failing agency never stops the others."""

from celery import shared_task

from accounts import services
from accounts.jobs import agency_jobs_fan_out, run_for_agency_id, run_job
from accounts.models import Agency, JobRun
from accounts.notifications import notice_send

# The worker registers tasks from tasks modules; the notice task lives beside notify().
__all__ = ["notice_send"]


def api_tokens_purge_job():
    """Platform job: drop long-dead API tokens (no tenant data in its counts)."""
    return run_job(
        "api_tokens_purge_expired",
        lambda counts: counts.update(deleted=services.api_tokens_purge_expired()),
    )


@shared_task(name="accounts.api_tokens_purge_expired")
def api_tokens_purge_expired() -> int:
    return api_tokens_purge_job().pk


def suspend_inactive_job(*, agency: Agency, dry_run: bool = False) -> JobRun:
    def work(counts):
        names = services.accounts_suspend_inactive(agency=agency, dry_run=dry_run)
        counts.update(suspended=len(names))
        if dry_run:
            counts.update(would_suspend=names)

    return run_job("accounts_suspend_inactive", work, agency=agency, dry_run=dry_run)


def reapproval_open_job(*, agency: Agency, dry_run: bool = False) -> JobRun:
    return run_job(
        "reapproval_open_due",
        lambda counts: counts.update(
            opened=services.reapproval_open_due(agency=agency, dry_run=dry_run)
        ),
        agency=agency,
        dry_run=dry_run,
    )


@shared_task(name="accounts.accounts_suspend_inactive")
def accounts_suspend_inactive(*, dry_run: bool = False) -> list[int]:
    return agency_jobs_fan_out(accounts_suspend_inactive_for_agency, dry_run=dry_run)


@shared_task(name="accounts.accounts_suspend_inactive_for_agency")
def accounts_suspend_inactive_for_agency(agency_id: int, *, dry_run: bool = False) -> int | None:
    return run_for_agency_id(suspend_inactive_job, agency_id, dry_run=dry_run)


@shared_task(name="accounts.reapproval_open_due")
def reapproval_open_due(*, dry_run: bool = False) -> list[int]:
    return agency_jobs_fan_out(reapproval_open_due_for_agency, dry_run=dry_run)


@shared_task(name="accounts.reapproval_open_due_for_agency")
def reapproval_open_due_for_agency(agency_id: int, *, dry_run: bool = False) -> int | None:
    return run_for_agency_id(reapproval_open_job, agency_id, dry_run=dry_run)

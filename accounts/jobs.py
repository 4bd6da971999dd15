"""The JobRun wrapper every scheduled job runs inside: one row per run, a lock per job."""

import hashlib
import traceback
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

from accounts.models import Agency, JobRun


def _lock_key(job: str, agency: Agency | None) -> int:
    digest = hashlib.sha256(f"{job}:{agency.pk if agency else '-'}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def run_job(
    job: str,
    work: Callable[[dict], None],
    *,
    agency: Agency | None = None,
    dry_run: bool = False,
) -> JobRun:
    """Run `work(counts)` as one recorded run of `job`, holding a PostgreSQL advisory lock.

    `work` fills the counts dict it is given. A failure ends the row as failed, with the
    traceback, and is re-raised so Celery and the command line see it too. A run that finds
    the lock taken by another run of the same job (and agency) ends as skipped.
    """
    run = JobRun.objects.create(job=job, agency=agency, dry_run=dry_run)
    key = _lock_key(job, agency)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
        (locked,) = cursor.fetchone()
    if not locked:
        run.status = JobRun.Status.SKIPPED
        run.error = "Another run of this job was in progress."
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "error", "finished_at"])
        return run
    counts: dict = {}
    try:
        work(counts)
    except Exception:
        run.status = JobRun.Status.FAILED
        run.error = traceback.format_exc(limit=20)
        raise
    else:
        run.status = JobRun.Status.SUCCEEDED
    finally:
        run.counts = counts
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "counts", "error", "finished_at"])
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
    return run


# --- One run per agency (issue 8: one failing agency never stops the others) -----------------


def agency_jobs_fan_out(task, *, dry_run: bool = False) -> list[int]:
    """Queue `task(agency_id, dry_run=...)` once per agency. Each agency's run is its own Celery task
    with its own JobRun, lock and retries, so a failure in one agency stops no other."""
    agency_ids = list(Agency.objects.order_by("pk").values_list("pk", flat=True))
    for agency_id in agency_ids:
        task.delay(agency_id, dry_run=dry_run)
    return agency_ids


def run_for_agency_id(job: Callable[..., JobRun], agency_id: int, *, dry_run: bool) -> int | None:
    """The body of a per-agency task: the agency's JobRun id, or None if the agency is gone."""
    agency = Agency.objects.filter(pk=agency_id).first()
    if agency is None:
        return None
    return job(agency=agency, dry_run=dry_run).pk


@dataclass(frozen=True)
class AgencyFailure:
    agency: Agency
    error: Exception


def run_for_each_agency(
    job: Callable[..., JobRun],
    agencies,
    *,
    dry_run: bool = False,
    report: Callable[[Agency, JobRun], None] | None = None,
) -> list[AgencyFailure]:
    """The management commands' loop: every agency runs even when one fails (its JobRun is
    already marked failed, with the traceback, by run_job); the failures are returned."""
    failures = []
    for agency in agencies:
        try:
            run = job(agency=agency, dry_run=dry_run)
        except Exception as error:  # recorded in the agency's JobRun; the next agency still runs
            failures.append(AgencyFailure(agency, error))
            continue
        if report is not None:
            report(agency, run)
    return failures

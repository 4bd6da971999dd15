"""The JobRun wrapper every scheduled job runs inside: one row per run, a lock per job."""

import hashlib
import traceback
from collections.abc import Callable

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

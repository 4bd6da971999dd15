"""Celery tasks of the read store: thin, one task and one JobRun per agency, safe to run twice."""

from celery import shared_task

from accounts.jobs import agency_jobs_fan_out, run_for_agency_id
from camera_ingest.jobs import (
    dead_letters_purge_expired_job,
    partitions_create_ahead_job,
    reads_purge_expired_job,
)


@shared_task(name="camera_ingest.partitions_create_ahead")
def partitions_create_ahead(*, dry_run: bool = False) -> list[int]:
    return agency_jobs_fan_out(partitions_create_ahead_for_agency, dry_run=dry_run)


@shared_task(name="camera_ingest.partitions_create_ahead_for_agency")
def partitions_create_ahead_for_agency(agency_id: int, *, dry_run: bool = False) -> int | None:
    return run_for_agency_id(partitions_create_ahead_job, agency_id, dry_run=dry_run)


@shared_task(name="camera_ingest.reads_purge_expired")
def reads_purge_expired(*, dry_run: bool = False) -> list[int]:
    return agency_jobs_fan_out(reads_purge_expired_for_agency, dry_run=dry_run)


@shared_task(name="camera_ingest.reads_purge_expired_for_agency")
def reads_purge_expired_for_agency(agency_id: int, *, dry_run: bool = False) -> int | None:
    return run_for_agency_id(reads_purge_expired_job, agency_id, dry_run=dry_run)


@shared_task(name="camera_ingest.dead_letters_purge_expired")
def dead_letters_purge_expired(*, dry_run: bool = False) -> list[int]:
    return agency_jobs_fan_out(dead_letters_purge_expired_for_agency, dry_run=dry_run)


@shared_task(name="camera_ingest.dead_letters_purge_expired_for_agency")
def dead_letters_purge_expired_for_agency(agency_id: int, *, dry_run: bool = False) -> int | None:
    return run_for_agency_id(dead_letters_purge_expired_job, agency_id, dry_run=dry_run)

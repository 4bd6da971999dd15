"""Celery tasks of training: the daily expiry notices, one task per agency."""

from celery import shared_task

from accounts.jobs import agency_jobs_fan_out, run_for_agency_id
from training.jobs import training_expiry_job


@shared_task(name="training.training_expiry_notify")
def training_expiry_notify(*, dry_run: bool = False) -> list[int]:
    return agency_jobs_fan_out(training_expiry_notify_for_agency, dry_run=dry_run)


@shared_task(name="training.training_expiry_notify_for_agency")
def training_expiry_notify_for_agency(agency_id: int, *, dry_run: bool = False) -> int | None:
    return run_for_agency_id(training_expiry_job, agency_id, dry_run=dry_run)

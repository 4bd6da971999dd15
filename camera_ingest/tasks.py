"""Celery tasks of the read store: thin, one JobRun per agency, safe to run twice."""

from celery import shared_task

from accounts.models import Agency
from camera_ingest.jobs import (
    dead_letters_purge_expired_job,
    partitions_create_ahead_job,
    reads_purge_expired_job,
)


@shared_task(name="camera_ingest.partitions_create_ahead")
def partitions_create_ahead() -> list[int]:
    return [
        partitions_create_ahead_job(agency=agency).pk for agency in Agency.objects.order_by("pk")
    ]


@shared_task(name="camera_ingest.reads_purge_expired")
def reads_purge_expired() -> list[int]:
    return [reads_purge_expired_job(agency=agency).pk for agency in Agency.objects.order_by("pk")]


@shared_task(name="camera_ingest.dead_letters_purge_expired")
def dead_letters_purge_expired() -> list[int]:
    return [
        dead_letters_purge_expired_job(agency=agency).pk for agency in Agency.objects.order_by("pk")
    ]

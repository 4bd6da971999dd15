"""Celery tasks of sharing: thin, one JobRun per agency, safe to run twice."""

from celery import shared_task

from accounts.models import Agency
from sharing.jobs import exports_purge_job


@shared_task(name="sharing.exports_purge_expired")
def exports_purge_expired() -> list[int]:
    return [exports_purge_job(agency=agency).pk for agency in Agency.objects.order_by("pk")]

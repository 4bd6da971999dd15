"""Celery tasks of the search side: thin, one JobRun per agency, safe to run twice."""

from celery import shared_task

from accounts.models import Agency
from queries.jobs import access_records_purge_job


@shared_task(name="queries.access_records_purge_expired")
def access_records_purge_expired() -> list[int]:
    return [access_records_purge_job(agency=agency).pk for agency in Agency.objects.order_by("pk")]

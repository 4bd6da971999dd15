from celery import shared_task

from accounts.models import Agency
from training.jobs import training_expiry_job


@shared_task(name="training.training_expiry_notify")
def training_expiry_notify() -> list[int]:
    return [training_expiry_job(agency=agency).pk for agency in Agency.objects.order_by("pk")]

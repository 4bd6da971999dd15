"""The Celery app: broker and result backend from REDIS_URL, tasks discovered in each app."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alpr_governance.settings")

app = Celery("alpr_governance")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

"""Celery against the real broker: a task sent through Redis, run by a worker, recorded."""

from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from django.utils import timezone

from accounts.models import ApiToken, JobRun
from accounts.tasks import api_tokens_purge_expired
from alpr_governance.celery import app
from tests.conftest import token_client


@pytest.fixture
def real_worker(transactional_db):
    """A worker thread consuming from the configured Redis, not eager in-process calls."""
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    with start_worker(app, perform_ping_check=False, pool="solo", shutdown_timeout=10):
        yield
    app.conf.task_always_eager = eager


def test_a_scheduled_job_runs_through_redis_and_records_its_jobrun(real_worker, user_a):
    token_client(user_a)
    token_client(user_a)
    ApiToken.objects.filter(pk=ApiToken.objects.first().pk).update(
        expires_at=timezone.now() - timedelta(days=31)
    )

    result = api_tokens_purge_expired.delay()
    run_id = result.get(timeout=30)

    run = JobRun.objects.get(pk=run_id)
    assert run.status == JobRun.Status.SUCCEEDED
    assert run.counts == {"deleted": 1}
    assert ApiToken.objects.count() == 1

"""Celery tasks of accounts: thin wrappers that run one service inside a recorded JobRun."""

from celery import shared_task

from accounts import services
from accounts.jobs import run_job


def api_tokens_purge_job():
    """Platform job: drop long-dead API tokens (no tenant data in its counts)."""
    return run_job(
        "api_tokens_purge_expired",
        lambda counts: counts.update(deleted=services.api_tokens_purge_expired()),
    )


@shared_task(name="accounts.api_tokens_purge_expired")
def api_tokens_purge_expired() -> int:
    return api_tokens_purge_job().pk

"""Nightly jobs run one task per agency, each with its own JobRun, dry runs included: one failing
agency never stops the others (issue 8, "Also")."""

from io import StringIO
from unittest import mock

import pytest
from django.core.management import CommandError, call_command

from accounts import services
from accounts import tasks as accounts_tasks
from accounts.models import JobRun
from camera_ingest import services as camera_services
from camera_ingest import tasks as camera_tasks
from training import tasks as training_tasks

pytestmark = pytest.mark.django_db

BEAT_TASKS = [
    (accounts_tasks.accounts_suspend_inactive, "accounts_suspend_inactive"),
    (accounts_tasks.reapproval_open_due, "reapproval_open_due"),
    (training_tasks.training_expiry_notify, "training_expiry_notify"),
    (camera_tasks.partitions_create_ahead, "partitions_create_ahead"),
    (camera_tasks.reads_purge_expired, "reads_purge_expired"),
]


@pytest.fixture
def three_agencies(agency_a, agency_b, agency_c):
    return [agency_a, agency_b, agency_c]


def _runs(job: str) -> dict:
    return {run.agency_id: run for run in JobRun.objects.filter(job=job)}


@pytest.mark.parametrize(("beat_task", "job"), BEAT_TASKS, ids=[job for _, job in BEAT_TASKS])
def test_each_beat_task_leaves_one_run_per_agency_and_a_dry_run_is_recorded_as_one(
    beat_task, job, three_agencies
):
    beat_task.delay()
    runs = _runs(job)
    assert set(runs) == {agency.pk for agency in three_agencies}
    assert {run.status for run in runs.values()} == {JobRun.Status.SUCCEEDED}
    JobRun.objects.all().delete()
    beat_task.delay(dry_run=True)
    dry = _runs(job)
    assert set(dry) == {agency.pk for agency in three_agencies}
    assert all(run.dry_run for run in dry.values())


def test_one_failing_agency_never_stops_the_others(three_agencies):
    """GIVEN three agencies and a purge that fails for the second (say its disk is full)
    WHEN the nightly purge runs
    THEN the first and third agencies are purged and recorded as succeeded; the second's run is
    recorded as failed with its error."""
    agency_a, agency_b, agency_c = three_agencies
    real = camera_services.reads_purge_expired

    def purge(*, agency, **kwargs):
        if agency.pk == agency_b.pk:
            raise OSError("disk full")
        return real(agency=agency, **kwargs)

    with mock.patch.object(camera_services, "reads_purge_expired", side_effect=purge):
        camera_tasks.reads_purge_expired.delay()
    runs = _runs("reads_purge_expired")
    assert runs[agency_a.pk].status == JobRun.Status.SUCCEEDED
    assert runs[agency_c.pk].status == JobRun.Status.SUCCEEDED
    assert runs[agency_b.pk].status == JobRun.Status.FAILED
    assert "disk full" in runs[agency_b.pk].error


def test_the_command_runs_every_agency_and_then_reports_the_failure(three_agencies):
    agency_a, agency_b, agency_c = three_agencies
    real = services.accounts_suspend_inactive

    def suspend(*, agency, **kwargs):
        if agency.pk == agency_a.pk:
            raise RuntimeError("lock timeout")
        return real(agency=agency, **kwargs)

    out = StringIO()
    with (
        mock.patch.object(services, "accounts_suspend_inactive", side_effect=suspend),
        pytest.raises(CommandError, match="lock timeout"),
    ):
        call_command("suspend_inactive", stdout=out)
    assert f"{agency_b.slug}: suspended 0" in out.getvalue()
    assert f"{agency_c.slug}: suspended 0" in out.getvalue()
    assert _runs("accounts_suspend_inactive")[agency_a.pk].status == JobRun.Status.FAILED


def test_a_per_agency_task_for_a_deleted_agency_returns_cleanly(db):
    assert accounts_tasks.accounts_suspend_inactive_for_agency.delay(987654321).get() is None
    assert not JobRun.objects.exists()

import pytest
from django.db import connections

from accounts.jobs import _lock_key, run_job
from accounts.models import JobRun, Role
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_job_run_records_its_counts(agency_a):
    def work(counts):
        counts["suspended"] = 3

    run = run_job("accounts_suspend_inactive", work, agency=agency_a)
    run.refresh_from_db()
    assert run.status == JobRun.Status.SUCCEEDED
    assert run.counts == {"suspended": 3}
    assert run.finished_at >= run.started_at


def test_a_failed_job_is_visible_as_failed_with_its_error(agency_a):
    def work(counts):
        counts["purged"] = 1
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        run_job("reads_purge_expired", work, agency=agency_a)
    run = JobRun.objects.get(job="reads_purge_expired")
    assert run.status == JobRun.Status.FAILED
    assert "disk full" in run.error
    assert run.counts == {"purged": 1}


def test_a_second_run_while_the_first_holds_the_lock_is_skipped(agency_a):
    ran = []
    first_run = connections.create_connection("default")  # another session, as another worker
    try:
        with first_run.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [_lock_key("partitions_create", None)])
        run = run_job("partitions_create", lambda counts: ran.append(1))
    finally:
        first_run.close()
    assert run.status == JobRun.Status.SKIPPED
    assert ran == []
    assert run_job("partitions_create", lambda counts: ran.append(1)).status == "succeeded"


def test_administrators_see_their_agency_job_runs_and_platform_runs_only(
    agency_a, agency_b, division_a, client_for
):
    run_job("accounts_suspend_inactive", lambda c: c.update(suspended=7), agency=agency_a)
    run_job("accounts_suspend_inactive", lambda c: c.update(suspended=99), agency=agency_b)
    run_job("partitions_create", lambda c: c.update(created=2))
    admin = factories.user(division_a, role=Role.AGENCY_ADMIN)
    page = client_for(admin).get("/jobs/").content.decode()
    assert "suspended: 7" in page
    assert "created: 2" in page
    assert "suspended: 99" not in page


def test_token_purge_command_dry_run_deletes_nothing_and_real_run_is_idempotent(user_a):
    from datetime import timedelta
    from io import StringIO

    from django.core.management import call_command
    from django.utils import timezone

    from accounts.models import ApiToken
    from tests.conftest import token_client

    token_client(user_a)
    ApiToken.objects.update(revoked_at=timezone.now() - timedelta(days=40))
    out = StringIO()
    call_command("purge_expired_tokens", dry_run=True, stdout=out)
    assert "Would delete 1 API tokens." in out.getvalue()
    assert ApiToken.objects.count() == 1
    call_command("purge_expired_tokens", stdout=out)
    call_command("purge_expired_tokens", stdout=out)
    assert ApiToken.objects.count() == 0
    assert list(
        JobRun.objects.filter(job="api_tokens_purge_expired").values_list("counts", flat=True)
    ) == [
        {"deleted": 0},
        {"deleted": 1},
    ]

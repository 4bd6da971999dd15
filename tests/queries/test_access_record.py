"""The access record as searches write it: the command that verifies each agency's chain, and
the retention purge of records past the agency's audit-record retention (DOJ 429.8: 3 years)."""

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from accounts.models import JobRun
from queries import services
from queries.jobs import access_records_purge_job
from queries.models import SearchRequest
from tests.queries.conftest import GOOD_PURPOSE, store, window


def run_search(user, plate="7ABC123"):
    return services.search_run(
        actor=user, purpose=GOOD_PURPOSE, criteria={**window(), "plate": plate}, client_address=None
    ).record


def bypassing_trigger(sql, params):
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE queries_searchrequest DISABLE TRIGGER ALL")
        cursor.execute(sql, params)
        cursor.execute("ALTER TABLE queries_searchrequest ENABLE TRIGGER ALL")


@pytest.mark.django_db(transaction=True)
def test_verify_access_log_passes_an_intact_chain_and_names_an_edited_record(
    searcher, camera_a, capsys
):
    store(camera_a, "7ABC123")
    run_search(searcher)
    edited = run_search(searcher)
    run_search(searcher)
    call_command("verify_access_log", agency=searcher.agency.slug)
    assert "intact" in capsys.readouterr().out
    bypassing_trigger("UPDATE queries_searchrequest SET read_ids = '{}' WHERE id = %s", [edited.pk])
    with pytest.raises(CommandError, match=f"access record {edited.pk} \\(content changed\\)"):
        call_command("verify_access_log", agency=searcher.agency.slug)


@pytest.mark.django_db(transaction=True)
def test_verify_access_log_names_the_record_after_a_deleted_one(searcher, camera_a):
    run_search(searcher)
    removed = run_search(searcher)
    after = run_search(searcher)
    bypassing_trigger("DELETE FROM queries_searchrequest WHERE id = %s", [removed.pk])
    with pytest.raises(CommandError, match=f"access record {after.pk} \\(link broken"):
        call_command("verify_access_log")


@pytest.mark.django_db(transaction=True)
def test_the_purge_removes_only_records_past_the_audit_retention_and_the_chain_holds(searcher):
    agency = searcher.agency
    old = services.search_run(
        actor=searcher,
        purpose=GOOD_PURPOSE,
        criteria={**window(), "plate": "7OLD777"},
        client_address=None,
        now=timezone.now() - timedelta(days=agency.audit_record_retention_days + 2),
    ).record
    recent = run_search(searcher)
    run = access_records_purge_job(agency=agency)
    assert run.status == JobRun.Status.SUCCEEDED and run.counts["records_deleted"] == 1
    assert list(SearchRequest.objects.values_list("pk", flat=True)) == [recent.pk]
    assert services.access_log_verify(agency=agency) is None
    assert old.pk not in SearchRequest.objects.values_list("pk", flat=True)
    # idempotent
    assert access_records_purge_job(agency=agency).counts["records_deleted"] == 0

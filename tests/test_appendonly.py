"""The append-only, hash-chained record (alpr_governance/appendonly.py), tried on the access record."""

import pytest
from django.db import IntegrityError, InternalError, ProgrammingError, connection, transaction

from alpr_governance.appendonly import GENESIS_HASH, chain_append, chain_verify, retention_delete
from queries.models import SearchRequest

DATABASE_REFUSALS = (InternalError, ProgrammingError, IntegrityError)


def _record(user, **fields):
    values = {
        "agency_id": user.agency_id,
        "division_id": user.division_id,
        "user_id": user.pk,
        "username": user.username,
        "case_number": "24-1183",
        "purpose_category": "criminal_investigation",
        "justification": "Stolen vehicle reported at 5th and Main, police report 24-1183",
        "criteria": {"plate": "7ABC123", "start": "2026-11-01T00:00:00Z"},
        "client_address": "10.1.2.3",
        "outcome": SearchRequest.Outcome.RUN,
        "result_count": 2,
        "read_ids": [11, 12],
        "agency_counts": {str(user.agency_id): 2},
    }
    values.update(fields)
    return chain_append(SearchRequest, **values)


def _chain(agency):
    return SearchRequest.objects.filter(agency=agency).order_by("pk")


@pytest.mark.django_db(transaction=True)
def test_rows_link_per_agency_and_verify_after_a_round_trip(user_a, user_b):
    first = _record(user_a)
    other_agency = _record(user_b)
    second = _record(user_a, outcome=SearchRequest.Outcome.REFUSED, refusal_codes=["x"])
    assert first.prev_hash == GENESIS_HASH
    assert other_agency.prev_hash == GENESIS_HASH  # one chain per agency
    assert second.prev_hash == first.row_hash
    assert chain_verify(_chain(user_a.agency)) is None


@pytest.mark.django_db(transaction=True)
def test_database_refuses_update_and_delete(user_a):
    row = _record(user_a)
    with pytest.raises(DATABASE_REFUSALS), transaction.atomic():
        SearchRequest.objects.filter(pk=row.pk).update(result_count=0)
    with pytest.raises(DATABASE_REFUSALS), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM queries_searchrequest WHERE id = %s", [row.pk])
    assert SearchRequest.objects.get(pk=row.pk).result_count == 2


def _bypassing_trigger(sql, params):
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE queries_searchrequest DISABLE TRIGGER ALL")
        cursor.execute(sql, params)
        cursor.execute("ALTER TABLE queries_searchrequest ENABLE TRIGGER ALL")


@pytest.mark.django_db(transaction=True)
def test_verifier_names_an_edited_row(user_a):
    _record(user_a)
    edited = _record(user_a)
    _record(user_a)
    _bypassing_trigger(
        "UPDATE queries_searchrequest SET justification = 'investigation' WHERE id = %s",
        [edited.pk],
    )
    broken = chain_verify(_chain(user_a.agency))
    assert broken is not None
    assert broken.pk == edited.pk
    assert broken.problem == "content changed"


@pytest.mark.django_db(transaction=True)
def test_verifier_names_the_row_after_a_deleted_one(user_a):
    _record(user_a)
    removed = _record(user_a)
    after = _record(user_a)
    _bypassing_trigger("DELETE FROM queries_searchrequest WHERE id = %s", [removed.pk])
    broken = chain_verify(_chain(user_a.agency))
    assert broken is not None
    assert broken.pk == after.pk
    assert broken.problem.startswith("link broken")


@pytest.mark.django_db(transaction=True)
def test_retention_delete_removes_the_oldest_and_the_rest_still_verifies(user_a):
    oldest = _record(user_a)
    _record(user_a)
    _record(user_a)
    assert retention_delete(SearchRequest.objects.filter(pk=oldest.pk)) == 1
    assert chain_verify(_chain(user_a.agency)) is None
    # The trigger is back in force after the purge.
    with pytest.raises(DATABASE_REFUSALS), transaction.atomic():
        SearchRequest.objects.filter(agency=user_a.agency).delete()


@pytest.mark.django_db(transaction=True)
def test_governance_record_keeps_before_and_after_and_refuses_edits(admin_a, user_a):
    from accounts.models import GovernanceRecord
    from accounts.services import governance_record, snapshot

    before = snapshot(user_a, ["status", "job_classification"])
    record = governance_record(
        actor=admin_a,
        agency=admin_a.agency,
        action="access_revoked",
        subject=user_a,
        before=before,
        after={**before, "status": "revoked"},
        reason="Left the unit",
        client_address="10.1.2.3",
    )
    stored = GovernanceRecord.objects.get(pk=record.pk)
    assert stored.subject_user_id == user_a.pk
    assert stored.division_id == user_a.division_id
    assert stored.before["status"] == "active"
    assert stored.after["status"] == "revoked"
    assert (
        chain_verify(GovernanceRecord.objects.filter(agency=admin_a.agency).order_by("pk")) is None
    )
    with pytest.raises(DATABASE_REFUSALS), transaction.atomic():
        GovernanceRecord.objects.filter(pk=record.pk).update(reason="")

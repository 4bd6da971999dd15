"""GET /api/v1/audit-cycles and /api/v1/audit-cycles/{id}: only cycles the caller may open."""

from datetime import timedelta

import pytest
from django.utils import timezone

from audits import services
from tests.audits.helpers import access, compiled, open_cycle


@pytest.mark.django_db
def test_the_list_holds_only_cycles_the_caller_may_open(
    admin_a, admin_a2, admin_b, auditor_a, api_client_for
):
    ours = open_cycle(admin_a)
    open_cycle(admin_a2)
    open_cycle(admin_b)
    body = api_client_for(admin_a).get("/api/v1/audit-cycles").json()
    assert [c["id"] for c in body["results"]] == [ours.pk]
    assert api_client_for(auditor_a).get("/api/v1/audit-cycles").json()["results"] == []
    services.cycle_auditor_assign(actor=admin_a, cycle=ours, auditor=auditor_a)
    assert api_client_for(auditor_a).get("/api/v1/audit-cycles").json()["count"] == 1


@pytest.mark.django_db
def test_the_list_costs_a_fixed_number_of_queries(
    admin_a, api_client_for, django_assert_max_num_queries
):
    client = api_client_for(admin_a)
    start = open_cycle(admin_a).period_start
    for _ in range(7):
        end = start - timedelta(days=1)
        start = end - timedelta(days=20)
        open_cycle(admin_a, start=start, end=end)
    with django_assert_max_num_queries(12):
        assert client.get("/api/v1/audit-cycles").json()["count"] == 8


@pytest.mark.django_db
def test_a_cycle_with_its_items(admin_a, division_a, api_client_for, run_after_commit):
    access(admin_a, at=timezone.now(), justification="ICE asked us")
    cycle = compiled(admin_a, open_cycle(admin_a), run_after_commit)
    body = api_client_for(admin_a).get(f"/api/v1/audit-cycles/{cycle.pk}").json()
    assert body["state"] == "in_review"
    assert body["figures"]["searches_run"] == 1
    assert {item["code"] for item in body["items"]} >= {"justification_fails_rules", "sample"}


@pytest.mark.django_db
def test_another_agencys_cycle_answers_404_in_the_one_error_shape(admin_a, admin_b, api_client_for):
    cycle = open_cycle(admin_a)
    response = api_client_for(admin_b).get(f"/api/v1/audit-cycles/{cycle.pk}")
    assert response.status_code == 404
    assert response.json()["errors"][0]["code"]

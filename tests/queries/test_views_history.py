"""The person's own search history: every search and view of theirs, run or refused, with codes
and counts, and never anyone else's."""

import pytest

from queries import rules
from tests.accounts.provisioning_helpers import gate_passing
from tests.queries.conftest import store
from tests.queries.test_views_search import URL, form

pytestmark = pytest.mark.django_db


def test_history_lists_runs_and_refusals_with_codes_and_counts(client_for, searcher, camera_a):
    store(camera_a, "7ABC123")
    client = client_for(searcher)
    client.post(URL, form(plate="7ABC123"))
    client.post(URL, form(plate="7ABC123", justification="inv"))
    response = client.get("/search/history/")
    assert response.status_code == 200
    records = list(response.context["page"])
    assert [r.outcome for r in records] == ["refused", "run"]
    assert records[1].result_count == 1
    content = response.content.decode()
    assert rules.JUSTIFICATION_TOO_VAGUE in content
    assert "plate: 7ABC123" in content


def test_history_never_shows_a_colleagues_searches(client_for, searcher, division_a, camera_a):
    store(camera_a, "7ABC123")
    client_for(searcher).post(URL, form(plate="7ABC123"))
    colleague = gate_passing(division_a)
    response = client_for(colleague).get("/search/history/")
    assert list(response.context["page"]) == []


def test_history_costs_a_bounded_number_of_queries(
    client_for, searcher, camera_a, django_assert_max_num_queries
):
    store(camera_a, "7ABC123")
    client = client_for(searcher)
    for _ in range(5):
        client.post(URL, form(plate="7ABC123"))
    with django_assert_max_num_queries(12):
        response = client.get("/search/history/")
    assert len(response.context["page"]) == 5

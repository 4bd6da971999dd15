"""The person's own search history sorts, filters and searches, and its pages keep those
(issue 11, item 8)."""

import re

import pytest

from tests.queries.conftest import store
from tests.queries.test_views_search import URL, form

pytestmark = pytest.mark.django_db

HISTORY = "/search/history/"


@pytest.fixture
def searched(client_for, searcher, camera_a):
    """Three records of the searcher: two searches run (one finds a read), one refused."""
    store(camera_a, "7ABC123")
    client = client_for(searcher)
    client.post(URL, form(plate="7ABC123"))
    client.post(URL, form(plate="7ABC123", justification="inv"))
    client.post(URL, form(plate="7ZZZ999"))
    return client


def _plates(page: str) -> list[str]:
    return re.findall(r"plate: (7[A-Z0-9]+)", page)


def test_history_filters_by_outcome(searched):
    refused = searched.get(HISTORY, {"outcome": "refused"}).content.decode()
    assert _plates(refused) == ["7ABC123"]
    assert "1 record found" in refused
    run = searched.get(HISTORY, {"outcome": "run"}).content.decode()
    assert _plates(run) == ["7ZZZ999", "7ABC123"]


def test_history_sorts_by_reads_found_and_by_time(searched):
    most = searched.get(HISTORY, {"sort": "-reads"}).content.decode()
    assert _plates(most)[0] == "7ABC123"
    oldest = searched.get(HISTORY, {"sort": "at"}).content.decode()
    assert _plates(oldest) == ["7ABC123", "7ABC123", "7ZZZ999"]
    assert 'aria-sort="ascending"' in oldest


def test_history_pages_keep_the_filter(searched, monkeypatch):
    monkeypatch.setattr("queries.views.HISTORY_PAGE_SIZE", 1)
    page = searched.get(HISTORY, {"outcome": "run", "sort": "at"}).content.decode()
    assert _plates(page) == ["7ABC123"]
    link = re.search(r'<a href="(\?[^"]+)">Next</a>', page).group(1).replace("&amp;", "&")
    assert "outcome=run" in link and "sort=at" in link
    assert _plates(searched.get(HISTORY + link).content.decode()) == ["7ZZZ999"]


@pytest.mark.parametrize("params", [{"sort": "user"}, {"page": "abc"}, {"outcome": "maybe"}])
def test_bad_history_parameters_give_a_page(searched, params):
    response = searched.get(HISTORY, params)
    assert response.status_code == 200
    assert len(_plates(response.content.decode())) == 3

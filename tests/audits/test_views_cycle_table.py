"""The audit cycle list sorts, filters and searches (issue 11, item 8)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.audits.helpers import open_cycle

pytestmark = pytest.mark.django_db

URL = "/audits/"


@pytest.fixture
def cycles(admin_a, agency_admin_a, division_a2):
    today = timezone.localdate()
    made = []
    for days_ago, division in ((200, None), (100, None), (150, division_a2)):
        start = today - timedelta(days=days_ago)
        actor = agency_admin_a if division else admin_a
        cycle = open_cycle(actor, start=start, end=start + timedelta(days=10), division=division)
        made.append(f"{cycle.period_start:%Y-%m-%d}")
    return made


def _periods(page: str, periods) -> list[str]:
    found = [(page.index(p), p) for p in periods if p in page]
    return [p for _, p in sorted(found)]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, [1, 2, 0]),  # newest period first
        ({"sort": "period"}, [0, 2, 1]),
        ({"sort": "-division"}, [2, 1, 0]),
        ({"sort": "bogus", "page": "abc"}, [1, 2, 0]),
    ],
)
def test_the_agency_administrator_sorts_cycles(
    params, expected, cycles, agency_admin_a, client_for
):
    page = client_for(agency_admin_a).get(URL, params).content.decode()
    assert _periods(page, cycles) == [cycles[i] for i in expected]


def test_cycles_filter_by_division_and_state(cycles, agency_admin_a, division_a2, client_for):
    client = client_for(agency_admin_a)
    page = client.get(URL, {"division": division_a2.pk}).content.decode()
    assert _periods(page, cycles) == [cycles[2]]
    page = client.get(URL, {"state": "signed"}).content.decode()
    assert _periods(page, cycles) == []
    assert "No cycle matches these filters." in page


def test_a_division_administrator_sorts_only_their_divisions_cycles(cycles, admin_a, client_for):
    page = client_for(admin_a).get(URL, {"sort": "period"}).content.decode()
    assert _periods(page, cycles) == [cycles[0], cycles[1]]

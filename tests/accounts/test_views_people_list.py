"""The people list (Provisioning): sorted by any column, filtered, searched, a page at a time, and
a fixed number of queries whatever its length (issue 11, item 8)."""

import re

import pytest
from django.contrib.auth import get_user_model

from accounts.models import AccountStatus, Role
from tests import factories

URL = "/provisioning/"


def _person(division, username, *, last_name, first_name="", **fields):
    person = factories.user(division, username=username, first_name=first_name, **fields)
    # The factory names everyone "TesterN"; these tests need names of their own.
    get_user_model().objects.filter(pk=person.pk).update(last_name=last_name)
    return person


def _order(page: str, usernames) -> list[str]:
    """The usernames as they appear down the page."""
    found = [(page.index(f"<small>{name}</small>"), name) for name in usernames if name in page]
    return [name for _, name in sorted(found)]


@pytest.fixture
def crew(division_a, division_a2):
    """Five people of two divisions, named so that every column sorts them differently."""
    people = [
        _person(division_a, "crew-car10", last_name="Patrol car 10", first_name="Ann"),
        _person(
            division_a,
            "crew-car9",
            last_name="Patrol car 9",
            first_name="Bo",
            status=AccountStatus.PENDING,
        ),
        _person(
            division_a2, "crew-car2", last_name="patrol car 2", first_name="Cy", role=Role.AUDITOR
        ),
        _person(
            division_a2,
            "crew-adams",
            last_name="Adams",
            first_name="Di",
            status=AccountStatus.SUSPENDED,
            job_classification="Zookeeper",
        ),
        _person(
            division_a,
            "crew-young",
            last_name="Young",
            first_name="Ed",
            status=AccountStatus.REVOKED,
            job_classification="Analyst 12",
        ),
    ]
    return [p.username for p in people]


@pytest.fixture
def agency_admin_a(division_a):
    return factories.user(division_a, role=Role.AGENCY_ADMIN)


def test_names_sort_naturally_numbers_as_numbers_and_case_ignored(crew, agency_admin_a, client_for):
    page = client_for(agency_admin_a).get(URL).content.decode()
    assert _order(page, crew) == [
        "crew-adams",
        "crew-car2",
        "crew-car9",
        "crew-car10",
        "crew-young",
    ]


def test_names_sort_naturally_in_reverse(crew, agency_admin_a, client_for):
    page = client_for(agency_admin_a).get(URL, {"sort": "-name"}).content.decode()
    assert _order(page, crew) == [
        "crew-young",
        "crew-car10",
        "crew-car9",
        "crew-car2",
        "crew-adams",
    ]


@pytest.mark.parametrize(
    ("sort", "first", "last"),
    [
        # division_a's code sorts before division_a2's; ties keep the order people were added,
        # reversed with the column
        ("division", "crew-car10", "crew-adams"),
        ("-division", "crew-adams", "crew-car10"),
        ("classification", "crew-young", "crew-adams"),
        ("-classification", "crew-adams", "crew-young"),
        ("role", "crew-car2", "crew-young"),  # "auditor" before "end_user"
        ("-role", "crew-young", "crew-car2"),
        ("status", "crew-car10", "crew-adams"),  # active … suspended
        ("-status", "crew-adams", "crew-car10"),
    ],
)
def test_each_column_sorts_both_ways(sort, first, last, crew, agency_admin_a, client_for):
    page = client_for(agency_admin_a).get(URL, {"sort": sort}).content.decode()
    order = _order(page, crew)
    assert order[0] == first, order
    assert order[-1] == last, order


def test_the_sorted_column_says_so_to_screen_readers_and_offers_the_reverse(
    crew, agency_admin_a, client_for
):
    page = client_for(agency_admin_a).get(URL, {"sort": "status", "q": "crew"}).content.decode()
    header = re.search(
        r'<th scope="col" aria-sort="ascending"><a class="sort" href="([^"]+)">'
        r"Account",
        page,
    )
    assert header, "the Account column is marked as sorted ascending"
    assert "sort=-status" in header.group(1) and "q=crew" in header.group(1)
    assert page.count("aria-sort=") == 1


def test_filters_narrow_by_state_role_and_division(crew, agency_admin_a, division_a2, client_for):
    client = client_for(agency_admin_a)
    pending = client.get(URL, {"status": "pending"}).content.decode()
    assert _order(pending, crew) == ["crew-car9"]
    auditors = client.get(URL, {"role": "auditor"}).content.decode()
    assert _order(auditors, crew) == ["crew-car2"]
    second = client.get(URL, {"division": division_a2.pk}).content.decode()
    assert _order(second, crew) == ["crew-adams", "crew-car2"]
    both = client.get(URL, {"division": division_a2.pk, "status": "suspended"}).content.decode()
    assert _order(both, crew) == ["crew-adams"]
    assert "1 person found" in both


def test_search_finds_by_name_or_username_every_word_counting(crew, agency_admin_a, client_for):
    client = client_for(agency_admin_a)
    assert _order(client.get(URL, {"q": "patrol"}).content.decode(), crew) == [
        "crew-car2",
        "crew-car9",
        "crew-car10",
    ]
    assert _order(client.get(URL, {"q": "car 9"}).content.decode(), crew) == ["crew-car9"]
    assert _order(client.get(URL, {"q": "CREW-YOUNG"}).content.decode(), crew) == ["crew-young"]
    assert _order(client.get(URL, {"q": "Ed Young"}).content.decode(), crew) == ["crew-young"]
    nobody = client.get(URL, {"q": "nobody-by-that-name"}).content.decode()
    assert "Nobody matches these filters." in nobody


def test_pages_keep_the_sort_filters_and_search(crew, agency_admin_a, client_for, monkeypatch):
    monkeypatch.setattr("alpr_governance.tables.PER_PAGE", 2)
    client = client_for(agency_admin_a)
    first = client.get(URL, {"q": "crew", "sort": "-name", "status": ""}).content.decode()
    assert _order(first, crew) == ["crew-young", "crew-car10"]
    link = re.search(r'<a href="(\?[^"]+)">Next</a>', first).group(1).replace("&amp;", "&")
    assert "q=crew" in link and "sort=-name" in link and "page=2" in link
    second = client.get(URL + link).content.decode()
    assert _order(second, crew) == ["crew-car9", "crew-car2"]
    back = re.search(r'<a href="(\?[^"]+)">Previous</a>', second).group(1)
    assert "q=crew" in back and "sort=-name" in back


@pytest.mark.parametrize(
    "params",
    [
        {"sort": "password"},
        {"sort": "-"},
        {"sort": "access"},  # shown, but not a database column
        {"page": "abc"},
        {"page": "-3"},
        {"page": "99999"},
        {"status": "emperor"},
        {"division": "not-a-number"},
        {"q": "x" * 500},
    ],
)
def test_bad_parameters_give_a_page_not_an_error(params, crew, agency_admin_a, client_for):
    response = client_for(agency_admin_a).get(URL, params)
    assert response.status_code == 200
    page = response.content.decode()
    if "sort" in params or "page" in params:
        # The default order (by name), all five people on the one page there is.
        assert _order(page, crew) == [
            "crew-adams",
            "crew-car2",
            "crew-car9",
            "crew-car10",
            "crew-young",
        ]
    else:
        assert 'class="error"' in page  # the filter's problem is said, next to it


def test_a_choice_outside_the_list_does_not_filter(crew, agency_admin_a, client_for):
    page = client_for(agency_admin_a).get(URL, {"status": "emperor"}).content.decode()
    assert len(_order(page, crew)) == 5


def test_a_division_administrator_filters_only_within_their_division(
    crew, division_a, division_a2, client_for
):
    admin = factories.user(division_a, role=Role.DIVISION_ADMIN_PRIMARY, rank_title="Lieutenant")
    client = client_for(admin)
    page = client.get(URL).content.decode()
    assert _order(page, crew) == ["crew-car9", "crew-car10", "crew-young"]
    # The other division is not offered, and asking for it by id shows nobody of it.
    assert f'value="{division_a2.pk}"' not in page
    other = client.get(URL, {"division": division_a2.pk}).content.decode()
    assert _order(other, crew) == ["crew-car9", "crew-car10", "crew-young"]


def test_access_reasons_read_as_words_with_the_code_as_tooltip(crew, agency_admin_a, client_for):
    page = client_for(agency_admin_a).get(URL, {"q": "crew-car9"}).content.decode()
    assert '<span class="badge bad" title="agreement_missing">Agreement not signed</span>' in page
    assert ">agreement_missing<" not in page

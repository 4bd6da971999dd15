"""The disclosure list sorts, filters and searches (issue 11, item 8)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Role
from sharing import services
from tests import factories

pytestmark = pytest.mark.django_db

URL = "/sharing/disclosures/"


@pytest.fixture
def agency_admin_a(division_a):
    return factories.user(division_a, role=Role.AGENCY_ADMIN)


@pytest.fixture
def plates(agency_a, agency_admin_a):
    partner = services.partner_for_system_agency(agency=agency_a, other=factories.agency("doj"))
    made = []
    for plate, case in (("7AAA111", "24-1183"), ("7BBB222", "24-9"), ("7CCC333", "24-10")):
        services.disclosure_request(
            actor=agency_admin_a,
            partner=partner,
            requester_name="Agent L. Chen",
            requester_contact="",
            purpose="Locating the vehicle of a wanted homicide suspect, case 24-1183",
            need="The suspect is believed to live in the city; state cameras saw nothing",
            case_number=case,
            plate=plate,
            window_start=timezone.now() - timedelta(days=2),
            window_end=timezone.now(),
        )
        made.append(plate)
    return made


def _order(page, plates):
    return [p for _, p in sorted((page.index(p), p) for p in plates if p in page)]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["7CCC333", "7BBB222", "7AAA111"]),  # newest first
        ({"sort": "case"}, ["7BBB222", "7CCC333", "7AAA111"]),  # 24-9, 24-10, 24-1183
        ({"sort": "-request"}, ["7CCC333", "7BBB222", "7AAA111"]),
        ({"q": "bbb"}, ["7BBB222"]),
        ({"status": "pending", "sort": "request"}, ["7AAA111", "7BBB222", "7CCC333"]),
        ({"status": "denied"}, []),
        ({"sort": "purpose", "page": "x"}, ["7CCC333", "7BBB222", "7AAA111"]),
    ],
)
def test_disclosures_sort_filter_and_search(params, expected, plates, agency_admin_a, client_for):
    response = client_for(agency_admin_a).get(URL, params)
    assert response.status_code == 200
    assert _order(response.content.decode(), plates) == expected

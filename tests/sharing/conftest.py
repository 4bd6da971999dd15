"""Fixtures of sharing: agency B (county sheriff) owns a camera and may grant agency A (city
police) search of its reads; agency C (DOJ) is a third agency that is granted nothing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Role
from sharing import services
from tests import factories
from tests.queries.conftest import (  # noqa: F401 (fixtures)
    GOOD_PURPOSE,
    agency_admin_a,
    camera_b,
    searcher,
    searcher_b,
    store,
    window,
)

AGREEMENT_PURPOSE = "Joint auto-theft task force: locating stolen vehicles crossing the county line"


@pytest.fixture
def county_admin(division_b):
    return factories.user(division_b, role=Role.AGENCY_ADMIN)


@pytest.fixture
def county_admin_2(division_b):
    return factories.user(division_b, role=Role.AGENCY_ADMIN)


@pytest.fixture
def city_as_partner(agency_b, agency_a):
    return services.partner_for_system_agency(agency=agency_b, other=agency_a)


def grant(admin, partner, *, days=30, starts_days_ago=0):
    today = timezone.localdate()
    return services.agreement_approve(
        actor=admin,
        partner=partner,
        purpose=AGREEMENT_PURPOSE,
        starts_on=today - timedelta(days=starts_days_ago),
        ends_on=today + timedelta(days=days),
    )


@pytest.fixture
def agreement(county_admin, city_as_partner):
    return grant(county_admin, city_as_partner)

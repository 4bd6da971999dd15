"""accounts.permissions: the one place that says what a role may do."""

import pytest

from accounts import permissions
from accounts.models import AccountStatus, Role
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_higher_role_outranks_a_lower_one_and_nobody_outranks_their_equal(division_a):
    agency_admin = factories.user(division_a, role=Role.AGENCY_ADMIN)
    primary = factories.user(division_a, role=Role.DIVISION_ADMIN_PRIMARY)
    secondary = factories.user(division_a, role=Role.DIVISION_ADMIN_SECONDARY)
    end_user = factories.user(division_a, role=Role.END_USER)
    assert permissions.outranks(agency_admin, primary)
    assert permissions.outranks(primary, secondary)
    assert permissions.outranks(secondary, end_user)
    assert not permissions.outranks(secondary, primary)
    assert not permissions.outranks(primary, primary)


def test_the_agency_administrator_administers_every_division_of_their_agency_only(
    division_a, division_a2, division_b
):
    agency_admin = factories.user(division_a, role=Role.AGENCY_ADMIN)
    assert permissions.administers_division(agency_admin, division_a2.pk)
    assert not permissions.administers_division(agency_admin, division_b.pk)
    assert permissions.administers_agency(agency_admin, division_a.agency_id)
    assert not permissions.administers_agency(agency_admin, division_b.agency_id)


def test_a_division_administrator_administers_their_own_division_not_a_sibling(
    admin_a, division_a, division_a2
):
    assert permissions.administers_division(admin_a, division_a.pk)
    assert not permissions.administers_division(admin_a, division_a2.pk)
    assert not permissions.administers_agency(admin_a, division_a.agency_id)


def test_an_administrator_replaced_by_an_end_user_role_administers_nothing(admin_a, division_a):
    """A leftover object permission must not outlive the role (53060.5(b))."""
    admin_a.role = Role.END_USER
    assert not permissions.administers_division(admin_a, division_a.pk)


def test_an_auditor_audits_their_division_and_administers_none(division_a, division_a2):
    auditor = factories.user(division_a, role=Role.AUDITOR)
    assert permissions.audits_division(auditor, division_a.pk)
    assert not permissions.audits_division(auditor, division_a2.pk)
    assert not permissions.administers_division(auditor, division_a.pk)
    assert permissions.audits_agency(auditor, division_a.agency_id)


def test_a_separated_administrator_has_no_role_at_all(admin_a, division_a):
    admin_a.status = AccountStatus.SEPARATED
    assert not permissions.is_people_admin(admin_a)
    assert not permissions.administers_division(admin_a, division_a.pk)
    assert not permissions.sees_administrative_pages(admin_a)


def test_nobody_may_act_on_themselves(admin_a):
    assert permissions.refusal_reason(admin_a, admin_a).startswith("Nobody provisions themselves")
    assert not permissions.may_act_on(admin_a, admin_a)


def test_ending_a_higher_role_needs_that_role(division_a):
    primary = factories.user(division_a, role=Role.DIVISION_ADMIN_PRIMARY)
    secondary = factories.user(division_a, role=Role.DIVISION_ADMIN_SECONDARY)
    assert not permissions.may_act_on(secondary, primary, ending=True)
    assert "or higher" in permissions.refusal_reason(secondary, primary, ending=True)


def test_an_administrator_of_another_agency_may_not_act(admin_b, user_a):
    assert not permissions.may_act_on(admin_b, user_a)

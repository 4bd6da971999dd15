"""Tenant isolation over the whole URLconf: every route that takes an id is tried on agency A's
object as each kind of agency B user, and as an administrator of another division of agency A,
and must answer exactly as for an id that does not exist. Every list route is read as each of
them and must not show agency A's (or the other division's) object.

Each app lists its routes in tests/<app>/isolation_cases.py:
- ISOLATION_CASES maps a URL name with an id to `make_kwargs(world)`, which creates an object of
  agency A (division A) and returns the URL's kwargs;
- AGENCY_WIDE names the id routes whose objects every administrator of the agency may reach
  (agency settings of a division, a division's public API detail): only agency B is tried there;
- LIST_CASES maps a list route to `ListCase(make, viewer)`: `make(world)` creates agency A's
  object and returns text that shows it; `viewer` (an attribute of the world) must see that text,
  so the test cannot pass on an empty page;
- NO_TENANT_DATA maps a list route that shows no tenant's objects (sign-in, forms, the schema) to
  why.
A route that no table lists fails the suite, so a new page cannot skip this test.
"""

from dataclasses import dataclass
from importlib import import_module
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.models import Role
from tests import factories
from tests.conftest import token_client, verified_client
from tests.isolation_tables import ListCase

TESTS_DIR = Path(__file__).parent


def _load(attribute: str) -> dict:
    found = {}
    for path in sorted(TESTS_DIR.glob("*/isolation_cases.py")):
        module = import_module(f"tests.{path.parent.name}.isolation_cases")
        table = getattr(module, attribute, {})
        found.update(table if isinstance(table, dict) else dict.fromkeys(table))
    return found


def _walk(resolver, namespace="", *, with_ids: bool):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry, ns, with_ids=with_ids)
        elif (
            isinstance(entry, URLPattern)
            and entry.name
            and bool(entry.pattern.converters) == with_ids
        ):
            yield f"{namespace}{entry.name}"


def _routes(*, with_ids: bool) -> list[str]:
    names = set(_walk(get_resolver(), with_ids=with_ids))
    return sorted(name for name in names if not name.startswith("admin:"))


CASES = _load("ISOLATION_CASES")
AGENCY_WIDE = set(_load("AGENCY_WIDE"))
LIST_CASES = _load("LIST_CASES")
NO_TENANT_DATA = _load("NO_TENANT_DATA")
ROUTES_WITH_IDS = _routes(with_ids=True)
LIST_ROUTES = _routes(with_ids=False)


@dataclass
class World:
    agency_a: object
    division_a: object
    agency_admin_a: object
    division_admin_a: object
    end_user_a: object
    auditor_a: object


@pytest.fixture
def world(agency_a, division_a):
    return World(
        agency_a=agency_a,
        division_a=division_a,
        agency_admin_a=factories.user(division_a, role=Role.AGENCY_ADMIN),
        division_admin_a=factories.user(
            division_a, role=Role.DIVISION_ADMIN_PRIMARY, rank_title="Lieutenant"
        ),
        end_user_a=factories.user(division_a),
        auditor_a=factories.user(division_a, role=Role.AUDITOR),
    )


@pytest.fixture
def other_division_admin(division_a2):
    """An administrator of agency A's other division: same tenant, not this division."""
    return factories.user(division_a2, role=Role.DIVISION_ADMIN_PRIMARY, rank_title="Lieutenant")


@pytest.fixture
def strangers(division_b):
    """Agency B's people in every role, and an end-user and an agency administrator of B who
    pass the access gate (so routes behind the gate are tried past it, at the scoped lookup)."""
    from tests.accounts.provisioning_helpers import gate_passing

    return [
        factories.user(division_b, role=role, rank_title="Lieutenant")
        for role in (Role.AGENCY_ADMIN, Role.DIVISION_ADMIN_PRIMARY, Role.AUDITOR, Role.END_USER)
    ] + [
        gate_passing(division_b, role=Role.END_USER),
        gate_passing(division_b, role=Role.AGENCY_ADMIN),
    ]


def test_every_route_with_an_id_is_in_an_isolation_table():
    missing = [name for name in ROUTES_WITH_IDS if name not in CASES]
    assert not missing, f"add these routes to tests/<app>/isolation_cases.py: {missing}"


def test_every_list_route_is_in_an_isolation_table():
    listed = set(LIST_CASES) | set(NO_TENANT_DATA)
    missing = [name for name in LIST_ROUTES if name not in listed]
    assert not missing, (
        f"add these routes to LIST_CASES or NO_TENANT_DATA in tests/<app>/isolation_cases.py: "
        f"{missing}"
    )
    assert not set(LIST_CASES) & set(NO_TENANT_DATA)


def _missing_kwargs(kwargs: dict) -> dict:
    return {
        key: 987654321 if isinstance(value, int) else "0" * len(str(value))
        for key, value in kwargs.items()
    }


def _statuses(client, url: str) -> tuple[int, int]:
    return client.get(url).status_code, client.post(url).status_code


@pytest.mark.django_db
@pytest.mark.parametrize("route", sorted(CASES))
def test_another_agency_cannot_tell_our_object_from_a_missing_one(route, world, strangers):
    kwargs = CASES[route](world)
    url = reverse(route, kwargs=kwargs)
    missing_url = reverse(route, kwargs=_missing_kwargs(kwargs))
    saw_not_found = False
    for stranger in strangers:
        client = token_client(stranger) if url.startswith("/api/") else verified_client(stranger)
        ours = _statuses(client, url)
        missing = _statuses(client, missing_url)
        assert ours == missing, (stranger.role, url, ours, missing)
        assert set(ours) <= {403, 404, 405}, (stranger.role, url, ours)
        saw_not_found = saw_not_found or 404 in ours
    assert saw_not_found, f"{route}: no stranger reached the scoped lookup (only 403/405 seen)"


def _client(user, url: str):
    return token_client(user) if url.startswith("/api/") else verified_client(user)


@pytest.mark.django_db
@pytest.mark.parametrize("route", sorted(set(CASES) - AGENCY_WIDE))
def test_another_divisions_administrator_cannot_tell_our_object_from_a_missing_one(
    route, world, other_division_admin
):
    kwargs = CASES[route](world)
    url = reverse(route, kwargs=kwargs)
    missing_url = reverse(route, kwargs=_missing_kwargs(kwargs))
    client = _client(other_division_admin, url)
    ours = _statuses(client, url)
    assert ours == _statuses(client, missing_url), (url, ours)
    assert set(ours) <= {403, 404, 405}, (url, ours)


@pytest.mark.django_db
@pytest.mark.parametrize("route", sorted(LIST_CASES))
def test_a_list_never_shows_another_agencys_or_divisions_object(
    route, world, strangers, other_division_admin
):
    case: ListCase = LIST_CASES[route]
    marker = case.make(world)
    url = reverse(route)
    viewer = getattr(world, case.viewer)
    seen = _client(viewer, url).get(url)
    assert seen.status_code == 200 and marker in seen.content.decode(), (
        f"{route}: {case.viewer} should see {marker!r}; the test would prove nothing"
    )
    outsiders = strangers if case.agency_wide else [*strangers, other_division_admin]
    for outsider in outsiders:
        response = _client(outsider, url).get(url)
        assert marker not in response.content.decode(), (outsider.role, url)

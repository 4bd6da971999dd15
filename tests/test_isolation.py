"""Tenant isolation over the whole URLconf: every route that takes an id is tried on agency A's
object as each kind of agency B user, and must answer exactly as for an id that does not exist.

Each app lists its routes in tests/<app>/isolation_cases.py: ISOLATION_CASES maps a URL name to
`make_kwargs(world)`, which creates an object of agency A and returns the URL's kwargs. A route
with an id that no table lists fails the suite, so a new page cannot skip this test.
"""

from dataclasses import dataclass
from importlib import import_module
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.models import Role
from tests import factories
from tests.conftest import token_client, verified_client

TESTS_DIR = Path(__file__).parent


def _load_cases() -> dict:
    cases = {}
    for path in sorted(TESTS_DIR.glob("*/isolation_cases.py")):
        module = import_module(f"tests.{path.parent.name}.isolation_cases")
        cases.update(module.ISOLATION_CASES)
    return cases


def _walk(resolver, namespace=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry, ns)
        elif isinstance(entry, URLPattern) and entry.name and entry.pattern.converters:
            yield f"{namespace}{entry.name}"


CASES = _load_cases()
ROUTES_WITH_IDS = sorted(set(_walk(get_resolver())) - {"admin"})
ROUTES_WITH_IDS = [name for name in ROUTES_WITH_IDS if not name.startswith("admin:")]


@dataclass
class World:
    agency_a: object
    division_a: object
    agency_admin_a: object
    division_admin_a: object
    end_user_a: object


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
    )


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

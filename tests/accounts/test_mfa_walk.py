"""The second factor is mandatory: walk the URLconf, never a hand-kept list of pages."""

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from accounts.middleware import HALF_SIGNED_IN_URL_NAMES, PUBLIC_URL_NAMES
from accounts.models import Role
from tests import factories

pytestmark = pytest.mark.django_db


def _walk(resolver, prefix="", namespace=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), f"{namespace}{entry.name}" if entry.name else None


def _concrete(route: str) -> str:
    """A path for the route, with 1 for each converter (an id that need not exist)."""
    path = re.sub(r"<(?:\w+:)?\w+>", "1", route)
    path = re.sub(r"\^|\$|\\Z|\(\?P<\w+>[^)]*\)", "", path)
    return "/" + path


def browser_routes():
    for route, name in _walk(get_resolver()):
        path = _concrete(route)
        if path.startswith(("/api/", "/static/")):
            continue  # the API authenticates every request itself (tests/accounts/test_api_*.py)
        if name in PUBLIC_URL_NAMES:
            continue
        yield pytest.param(path, name, id=name or path)


ROUTES = list(browser_routes())


def test_the_walk_found_the_pages():
    names = {p.values[1] for p in ROUTES}
    assert {"accounts:home", "accounts:jobruns", "accounts:security_log"} <= names


@pytest.mark.parametrize(("path", "name"), ROUTES)
def test_anonymous_visitor_is_sent_to_sign_in(path, name):
    for method in ("get", "post"):
        response = getattr(Client(), method)(path)
        assert response.status_code == 302, (method, path)
        assert response["Location"].startswith("/sign-in/"), (method, path)


@pytest.mark.parametrize(("path", "name"), ROUTES)
def test_password_alone_reaches_no_page_but_the_second_factor(path, name, division_a):
    user = factories.user(division_a, role=Role.AGENCY_ADMIN)
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get(path)
    if name in HALF_SIGNED_IN_URL_NAMES:
        assert response.status_code in (200, 302, 405)
        return
    assert response.status_code == 302, path
    assert response["Location"] == "/sign-in/second-factor/"


@pytest.mark.parametrize(("path", "name"), ROUTES)
def test_password_alone_without_authenticator_is_sent_to_enrolment(path, name, division_a):
    user = factories.user(division_a, role=Role.AGENCY_ADMIN, with_totp=False)
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get(path)
    if name in HALF_SIGNED_IN_URL_NAMES:
        return
    assert response.status_code == 302, path
    assert response["Location"] == "/sign-in/enrol/"

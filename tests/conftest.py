"""Shared fixtures: three agencies (A the actor's, B a stranger, C that shares with A),
signed-in clients with a verified second factor, API clients with a real token."""

import pytest
from django.core.cache import cache
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from accounts import services
from accounts.models import Role
from tests import factories


@pytest.fixture(autouse=True)
def _isolated_cache():
    # Rate-limit counters live in Redis; each test starts with none.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["tests.hashers.FastArgon2PasswordHasher"]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    # Uploaded agreements, certificates and read images go to a throwaway folder.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def agency_a(db):
    return factories.agency("city_police", slug="agency-a")


@pytest.fixture
def agency_b(db):
    return factories.agency("county_sheriff", slug="agency-b")


@pytest.fixture
def agency_c(db):
    return factories.agency("doj", slug="agency-c")


@pytest.fixture
def division_a(agency_a):
    return agency_a.divisions.order_by("code").first()


@pytest.fixture
def division_a2(agency_a):
    return agency_a.divisions.order_by("code").last()


@pytest.fixture
def division_b(agency_b):
    return agency_b.divisions.order_by("code").first()


@pytest.fixture
def user_a(division_a):
    return factories.user(division_a, role=Role.END_USER)


@pytest.fixture
def admin_a(division_a):
    return factories.user(division_a, role=Role.DIVISION_ADMIN_PRIMARY, rank_title="Lieutenant")


@pytest.fixture
def user_b(division_b):
    return factories.user(division_b, role=Role.END_USER)


@pytest.fixture
def admin_b(division_b):
    return factories.user(division_b, role=Role.DIVISION_ADMIN_PRIMARY, rank_title="Lieutenant")


def verified_client(user) -> Client:
    """A browser session signed in with password and a verified second factor."""
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def token_client(user) -> APIClient:
    """An API client holding a personal token, as if issued after password and TOTP."""
    issued = services.auth.api_token_create(user=user, ip_address="127.0.0.1")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {issued.token}")
    return client


@pytest.fixture
def client_for():
    return verified_client


@pytest.fixture
def api_client_for():
    return token_client

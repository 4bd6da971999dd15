"""Production by accident (issue 9, item 8): no silent embedded database, credentials keyed apart
from SECRET_KEY."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.checks import Warning as CheckWarning

from accounts.services import api_token_lookup
from accounts.services.auth import api_token_create
from alpr_governance.checks import credentials_key_check
from camera_ingest.services import camera_authenticate, camera_create

ROOT = Path(__file__).resolve().parents[2]
READ_SETTINGS = (
    "import django; django.setup(); from django.conf import settings; settings.DATABASES"
)


def _start(**env) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.endswith(("_URL", "SERVICES", "DEBUG"))}
    return subprocess.run(
        [sys.executable, "-c", READ_SETTINGS],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "alpr_governance.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_debug_off_without_a_database_url_refuses_to_start_and_says_how_to_fix_it():
    started = _start(DEBUG="0", SECRET_KEY="x" * 50)
    assert started.returncode != 0
    assert "DATABASE_URL is not set and DEBUG is off" in started.stderr
    assert "EMBEDDED_SERVICES=1" in started.stderr


def test_debug_off_with_database_and_redis_urls_starts():
    started = _start(
        DEBUG="0",
        SECRET_KEY="x" * 50,
        DATABASE_URL="postgres://alpr@db.invalid/alpr",
        REDIS_URL="redis://redis.invalid:6379/0",
    )
    assert started.returncode == 0, started.stderr


@pytest.mark.django_db
def test_rotating_secret_key_keeps_every_camera_and_api_token_working(settings, agency_a, user_a):
    settings.CREDENTIALS_KEY = "credentials-key-one-0123456789abcdefghijklmnop"
    camera = camera_create(
        actor=None, agency=agency_a, name="Gate 1", latitude=34.05, longitude=-118.24
    ).secret
    token = api_token_create(user=user_a, ip_address=None).token

    settings.SECRET_KEY = "a-brand-new-secret-key-0123456789abcdefghijklmnopqrstuvwxyz"

    assert camera_authenticate(camera) is not None
    assert api_token_lookup(token) is not None


@pytest.mark.django_db
def test_a_rotated_credentials_key_verifies_old_credentials_only_while_listed_as_previous(
    settings, agency_a, user_a
):
    settings.CREDENTIALS_KEY = "credentials-key-one-0123456789abcdefghijklmnop"
    camera = camera_create(
        actor=None, agency=agency_a, name="Gate 1", latitude=34.05, longitude=-118.24
    ).secret
    token = api_token_create(user=user_a, ip_address=None).token

    settings.CREDENTIALS_KEY = "credentials-key-two-0123456789abcdefghijklmnop"
    settings.CREDENTIALS_KEYS_PREVIOUS = ["credentials-key-one-0123456789abcdefghijklmnop"]
    assert camera_authenticate(camera) is not None
    assert api_token_lookup(token) is not None

    settings.CREDENTIALS_KEYS_PREVIOUS = []
    assert camera_authenticate(camera) is None
    assert api_token_lookup(token) is None


def test_check_deploy_warns_when_credentials_are_keyed_with_secret_key(settings):
    settings.CREDENTIALS_KEY_FROM_SECRET_KEY = True
    warnings = credentials_key_check(None)
    assert [w.id for w in warnings] == ["alpr.W001"]
    assert all(isinstance(w, CheckWarning) for w in warnings)
    settings.CREDENTIALS_KEY_FROM_SECRET_KEY = False
    assert credentials_key_check(None) == []

"""The conformance run (`make conformance`): real vendors' published payloads, read in place from
../shared/data/vendor-payloads (or VENDOR_PAYLOADS_DIR), posted to a live server against a real
PostgreSQL database. Never copy those files into this repository."""

import os
from pathlib import Path

import pytest
from django.core.cache import cache

ROOT = Path(__file__).resolve().parent.parent
PAYLOADS = Path(
    os.environ.get("VENDOR_PAYLOADS_DIR", ROOT.parent / "shared" / "data" / "vendor-payloads")
)

# Playwright is not used here, but the live server runs in a thread next to the ORM calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_configure(config):
    if not PAYLOADS.is_dir():
        raise pytest.UsageError(
            f"Conformance: the vendor payload folder {PAYLOADS} is missing. It holds the vendors' "
            "published payloads (see ../shared/data/README.md); point VENDOR_PAYLOADS_DIR at it."
        )


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    cache.clear()
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["tests.hashers.FastArgon2PasswordHasher"]
    yield
    cache.clear()

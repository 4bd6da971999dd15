"""Hostile request bodies sent to every API operation that takes one (issue 9, item 5 and "keep it
fixed"): each must get a 4xx in the one error shape, never a 500 or an HTML page.

The operations come from the OpenAPI schema, so a new endpoint is covered the day it is added.
"""

import json

import pytest
from django.test import Client

from tests.security.test_api_fuzz import CAMERA_PATHS, OPERATIONS, error_shape_problems

BODY_OPERATIONS = [
    op for op in OPERATIONS if (op.definition.raw.get("requestBody") or {}).get("content")
]
BOUNDARY = "hostile-boundary"


def _multipart(name: str) -> bytes:
    return (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\nABC123\r\n'
        f"--{BOUNDARY}--\r\n"
    ).encode()


def _huge_numbers(value):
    """A plausible body whose every number is too large for a float."""
    if isinstance(value, dict):
        return {key: _huge_numbers(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_huge_numbers(item) for item in value]
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return 10**400
    return value


PLAUSIBLE = {
    "plate": "7ABC123",
    "seen_at": "2026-01-01T00:00:00Z",
    "lat": 34.05,
    "lon": -118.24,
    "latitude": 34.05,
    "longitude": -118.24,
    "confidence": 0.9,
    "radius_m": 100,
    "limit": 10,
}
HOSTILE = {
    "nested-brackets": ("application/json", b"[" * 1024, {}),
    "nested-objects": ("application/json", b'{"a":' * 1024, {}),
    "huge-numbers": (
        "application/json",
        json.dumps(_huge_numbers({**PLAUSIBLE, "reads": [PLAUSIBLE]})).encode(),
        {},
    ),
    "not-utf8": ("application/json", b'{"plate": "\xff\xfe"}', {}),
    "multipart-non-ascii-digit-name": (
        f"multipart/form-data; boundary={BOUNDARY}",
        _multipart("\u00b2.plate"),
        {},
    ),
    "multipart-without-boundary": ("multipart/form-data", _multipart("plate"), {}),
    "non-numeric-content-length": ("application/json", b"{}", {"CONTENT_LENGTH": "abc"}),
    "negative-content-length": ("application/json", b"{}", {"CONTENT_LENGTH": "-5"}),
}

# Bodies no parser can accept: a 4xx whatever the operation. The others may be accepted by an
# operation that ignores what they spoil, but never with a server error.
MALFORMED = {"nested-brackets", "nested-objects", "not-utf8", "multipart-without-boundary"}


@pytest.mark.django_db
@pytest.mark.parametrize("kind", list(HOSTILE))
@pytest.mark.parametrize(
    "operation", BODY_OPERATIONS, ids=lambda op: f"{op.method.upper()} {op.path}"
)
def test_a_hostile_body_gets_a_4xx_in_the_error_shape(operation, kind, fuzz_credentials):
    content_type, body, extra = HOSTILE[kind]
    path = operation.path.replace("{id}", "1").replace("{pk}", "1")
    secret = fuzz_credentials["camera" if path.startswith(CAMERA_PATHS) else "user"]
    response = Client().generic(
        operation.method.upper(),
        path,
        data=body,
        content_type=content_type,
        HTTP_AUTHORIZATION=f"Bearer {secret}",
        **extra,
    )
    where = f"{operation.method.upper()} {path} with {kind} -> {response.status_code}"
    assert response.status_code < 500, where
    if kind in MALFORMED:
        assert response.status_code >= 400, where
    if response.status_code >= 400:
        assert error_shape_problems(response.content) == [], where

"""The API fuzzed from its own OpenAPI schema (issue 9, "keep it fixed"): every operation, as a
provisioned end user holding a personal token and as a camera holding its secret, with valid and
invalid inputs. No answer may be a server error, and every error is in the one documented shape
`{"errors": [{"code", "field", "message"}]}`.

Fixed seed (derandomize) and a bounded number of examples per operation, so the run is the same
every time and takes a minute or two on two cores.
"""

import json

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.generation.modes import GenerationMode

from alpr_governance.wsgi import application

EXAMPLES_PER_OPERATION = 30
CAMERA_PATHS = "/api/v1/ingest/"


@pytest.fixture(autouse=True)
def _requests_inside_the_test_transaction(db):
    # Requests go straight to the WSGI app inside the test's transaction; like Django's test
    # client, keep the end-of-request hook from closing that connection.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


# Loaded when the module is collected (the schema view touches no database). Each operation is
# its own test case, drawing valid and invalid requests from schemathesis' strategies (its
# pytest loaders do not run under pytest 9).
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", application)
OPERATIONS = [result.ok() for result in schema.get_all_operations()]


def error_shape_problems(body: bytes) -> list[str]:
    try:
        document = json.loads(body)
    except ValueError:
        return ["the body is not JSON"]
    errors = document.get("errors") if isinstance(document, dict) else None
    if not isinstance(errors, list) or not errors:
        return ['no non-empty "errors" list']
    return [
        f"error {n} is not {{code, field, message}}: {error!r}"
        for n, error in enumerate(errors)
        if not (isinstance(error, dict) and {"code", "field", "message"} <= error.keys())
    ]


def test_the_fuzz_run_covers_the_whole_schema():
    documented = {
        (method.upper(), path)
        for path, item in schema.raw_schema["paths"].items()
        for method in item
        if method in {"get", "post", "put", "patch", "delete"}
    }
    assert {(op.method.upper(), op.path) for op in OPERATIONS} == documented
    assert ("POST", "/api/v1/ingest/reads") in documented


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda op: f"{op.method.upper()} {op.path}")
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
@given(data=st.data())
def test_no_api_operation_answers_a_server_error_or_an_error_of_another_shape(
    operation, fuzz_credentials, data
):
    case = data.draw(
        st.one_of(
            operation.as_strategy(GenerationMode.POSITIVE),
            operation.as_strategy(GenerationMode.NEGATIVE),
        )
    )
    secret = fuzz_credentials["camera" if case.path.startswith(CAMERA_PATHS) else "user"]
    response = case.call(headers={"Authorization": f"Bearer {secret}"})
    where = (
        f"{case.method} {case.formatted_path} -> {response.status_code}\n{case.as_curl_command()}"
    )
    assert response.status_code < 500, where
    if response.status_code >= 400:
        assert error_shape_problems(response.content) == [], where

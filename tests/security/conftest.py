"""Credentials the API attacks are made with: a cleared end user's token and a camera's secret."""

import pytest

from accounts.models import Role
from accounts.services.auth import api_token_create
from camera_ingest.services import camera_create
from tests import factories
from tests.accounts.provisioning_helpers import provisioned


@pytest.fixture
def fuzz_credentials(division_a):
    """A demo-like end user cleared by the access gate, and a fixed camera of the same agency."""
    admin = factories.user(division_a, role=Role.DIVISION_ADMIN_PRIMARY, rank_title="Lieutenant")
    person = provisioned(division_a, admin)
    token = api_token_create(user=person, ip_address=None).token
    camera = camera_create(
        actor=None, agency=division_a.agency, name="Fuzz gate", latitude=34.05, longitude=-118.24
    ).secret
    return {"user": token, "camera": camera}

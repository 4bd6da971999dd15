import base64
import io

import pytest
from PIL import Image
from rest_framework.test import APIClient

from accounts.models import Role
from camera_ingest import services
from camera_ingest.models import Camera
from tests import factories


@pytest.fixture
def agency_admin_a(division_a):
    # Holds reach reads, so the administrator placing them passes the access gate.
    from tests.accounts.provisioning_helpers import gate_passing

    return gate_passing(division_a, role=Role.AGENCY_ADMIN)


@pytest.fixture
def agency_admin_b(division_b):
    return factories.user(division_b, role=Role.AGENCY_ADMIN)


@pytest.fixture
def fixed_camera(agency_a, agency_admin_a):
    return services.camera_create(
        actor=agency_admin_a,
        agency=agency_a,
        name="Broadway & 14th",
        latitude=37.8044,
        longitude=-122.2712,
    )


@pytest.fixture
def mobile_camera(agency_a, agency_admin_a):
    return services.camera_create(
        actor=agency_admin_a, agency=agency_a, name="Patrol 7", kind=Camera.Kind.MOBILE
    )


@pytest.fixture
def camera_b(agency_b, agency_admin_b):
    return services.camera_create(
        actor=agency_admin_b, agency=agency_b, name="County gate", latitude=37.67, longitude=-122.08
    )


def camera_client(issued) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {issued.secret}")
    return client


@pytest.fixture
def post_reads():
    def post(issued, body, **extra):
        return camera_client(issued).post("/api/v1/ingest/reads", body, format="json", **extra)

    return post


def jpeg_bytes(size=(32, 16)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 180, 40)).save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.fixture
def jpeg_b64():
    return base64.b64encode(jpeg_bytes()).decode()

"""Fixtures of the search side: a searcher of agency A who passes the gate, cameras of A and B,
reads stored through the read store's own bulk path."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Role
from camera_ingest import services as ingest
from camera_ingest.rules import ValidRead
from queries.services import SearchPurpose
from tests import factories
from tests.accounts.provisioning_helpers import gate_passing

NOW = timezone.now().replace(microsecond=0)
# City police (agency A's preset), Investigations division: its case-number format.
GOOD_PURPOSE = SearchPurpose(
    case_number="INV-26-00418",
    purpose_category="criminal_investigation",
    justification="Armed robbery of a pharmacy: locating the grey getaway sedan that witnesses "
    "described",
)
GOOD_PURPOSE_FIELDS = {
    "case_number": GOOD_PURPOSE.case_number,
    "purpose_category": GOOD_PURPOSE.purpose_category,
    "justification": GOOD_PURPOSE.justification,
}


@pytest.fixture
def searcher(division_a):
    return gate_passing(division_a)


@pytest.fixture
def searcher_b(division_b):
    return gate_passing(division_b)


@pytest.fixture
def agency_admin_a(division_a):
    return factories.user(division_a, role=Role.AGENCY_ADMIN)


@pytest.fixture
def camera_a(agency_a, agency_admin_a):
    return ingest.camera_create(
        actor=agency_admin_a,
        agency=agency_a,
        name="Broadway & 14th",
        latitude=37.80,
        longitude=-122.27,
    ).camera


@pytest.fixture
def camera_a2(agency_a, agency_admin_a):
    return ingest.camera_create(
        actor=agency_admin_a, agency=agency_a, name="Harbor gate", latitude=37.70, longitude=-122.20
    ).camera


@pytest.fixture
def camera_b(agency_b, division_b):
    admin = factories.user(division_b, role=Role.AGENCY_ADMIN)
    return ingest.camera_create(
        actor=admin, agency=agency_b, name="County gate", latitude=37.80, longitude=-122.27
    ).camera


_events = iter(range(1, 10**9))


def store(
    camera, plate, *, hours_ago=1.0, lat=None, lon=None, region="US-CA", candidates=None, images=()
):
    """Store one read of `camera` through the read store's bulk path; returns its id."""
    seen = NOW - timedelta(hours=hours_ago)
    read = ValidRead(
        event_id=f"t-{next(_events)}",
        plate=plate,
        plate_raw=None,
        candidates=candidates,
        region=region,
        seen_at=seen,
        latitude=camera.latitude if lat is None else lat,
        longitude=camera.longitude if lon is None else lon,
        confidence=0.9,
        vehicle=None,
        images=list(images),
    )
    ingest.reads_store(
        agency_id=camera.agency_id, camera_id=camera.pk, reads=[read], received_at=seen
    )
    from camera_ingest.models import PlateRead

    return (
        PlateRead.objects.unscoped(reason="test: the id of the read just stored")
        .get(camera_id=camera.pk, event_id=read.event_id)
        .pk
    )


def window(days=7) -> dict:
    return {"start": (NOW - timedelta(days=days)).isoformat(), "end": NOW.isoformat()}

"""Reads, searches and misread reports for the search pages' tests, made through the real
services (the camera ingest path, the search service)."""

import io
from datetime import timedelta

from django.utils import timezone
from PIL import Image

from camera_ingest import services as ingest
from camera_ingest.models import PlateRead
from camera_ingest.rules import ValidRead


def jpeg(colour=(200, 180, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 32), colour).save(buffer, "JPEG")
    return buffer.getvalue()


def camera(agency, admin, name="Broadway & 14th", lat=37.8044, lon=-122.2712):
    return ingest.camera_create(
        actor=admin, agency=agency, name=name, latitude=lat, longitude=lon
    ).camera


def store_reads(camera, plates, *, hours_ago=2, with_image=True, candidates=None):
    """Store one read per plate, an hour apart, newest first in `plates`; returns them."""
    now = timezone.now()
    reads = [
        ValidRead(
            event_id=f"t-{camera.pk}-{plate}-{number}",
            plate=plate,
            plate_raw=None,
            candidates=candidates,
            region="US-CA",
            seen_at=now - timedelta(hours=hours_ago + number),
            latitude=camera.latitude + 0.001 * number,
            longitude=camera.longitude - 0.001 * number,
            confidence=0.91,
            vehicle=None,
            images=[("plate", jpeg(), "image/jpeg")] if with_image else [],
        )
        for number, plate in enumerate(plates)
    ]
    ingest.reads_store(
        agency_id=camera.agency_id, camera_id=camera.pk, reads=reads, received_at=now
    )
    return list(
        PlateRead.objects.for_agencies([camera.agency_id])
        .filter(camera_id=camera.pk, plate__in=plates)
        .order_by("-seen_at")
    )


def provisioned_searcher(division, admin, **fields):
    """An end-user granted access through the real workflow (agreement, training, grant)."""
    from tests.accounts.provisioning_helpers import provisioned

    return provisioned(division, admin, **fields)


def good_purpose(division, **overrides):
    """A purpose the city police rules accept, in the division's own case-number format."""
    from queries.services import SearchPurpose

    values = {
        "case_number": division.case_number_example,
        "purpose_category": "criminal_investigation",
        "justification": "Burglary series on Alder St: the getaway car was seen by a witness.",
        **overrides,
    }
    return SearchPurpose(**values)


def search(person, *, days=3, **criteria):
    """Run a search through the service and return its access record."""
    from queries.services import search_run

    now = timezone.now()
    criteria.setdefault("start", (now - timedelta(days=days)).isoformat())
    criteria.setdefault("end", now.isoformat())
    outcome = search_run(
        actor=person,
        purpose=good_purpose(person.division),
        criteria=criteria,
        client_address="10.0.0.7",
    )
    assert not outcome.refused, outcome.violations
    return outcome.record


def standing_division_admin(division, role=None):
    """A Division Administrator whose own standing allows administering (53060.5(c)(1)):
    agreement signed, training recorded and access granted by the agency administrator."""
    from accounts import services as account_services
    from accounts.models import AccountStatus, Role
    from tests import factories
    from tests.accounts.provisioning_helpers import sign, train

    agency_admin = factories.user(division, role=Role.AGENCY_ADMIN)
    person = factories.user(
        division,
        role=role or Role.DIVISION_ADMIN_PRIMARY,
        status=AccountStatus.PENDING,
        rank_title="Lieutenant",
    )
    sign(person)
    train(agency_admin, person)
    account_services.access_grant(actor=agency_admin, subject=person)
    person.refresh_from_db()
    return person

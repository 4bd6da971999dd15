"""Objects of agency A behind each search route with an id (see tests/test_isolation.py)."""

from datetime import timedelta

from camera_ingest import services as ingest
from camera_ingest.rules import ValidRead
from queries import services
from tests.accounts.provisioning_helpers import gate_passing
from tests.isolation_tables import ListCase
from tests.queries import search_helpers as helpers
from tests.queries.conftest import GOOD_PURPOSE, NOW, window

# The smallest valid JPEG is not needed: the route must 404 for strangers before any image.
_JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"


def _read(world, images=()):
    camera = ingest.camera_create(
        actor=None,
        agency=world.agency_a,
        name="Isolation search cam",
        latitude=37.0,
        longitude=-122.0,
    ).camera
    read = ValidRead(
        "iso-q-1",
        "1ISOQ11",
        None,
        None,
        "US-CA",
        NOW - timedelta(hours=1),
        37.0,
        -122.0,
        0.9,
        None,
        images=list(images),
    )
    ingest.reads_store(
        agency_id=world.agency_a.pk, camera_id=camera.pk, reads=[read], received_at=NOW
    )
    return camera


def _search(world):
    _read(world)
    outcome = services.search_run(
        actor=world.end_user_a,
        purpose=GOOD_PURPOSE,
        criteria={**window(), "plate": "1ISOQ11"},
        client_address=None,
        page_size=1,
    )
    assert not outcome.refused, outcome.violations
    return outcome


def _search_kwargs(world):
    return {"pk": _search(world).record.pk}


def _read_kwargs(world):
    return {"pk": _search(world).record.read_ids[0]}


def _read_with_photo_kwargs(world):
    _read(world, images=[("overview", _JPEG, "image/jpeg")])
    outcome = services.search_run(
        actor=world.end_user_a,
        purpose=GOOD_PURPOSE,
        criteria={**window(), "plate": "1ISOQ11"},
        client_address=None,
    )
    return {"pk": outcome.record.read_ids[0]}


# --- Browser pages (/search/) ---


def _page_searched(world):
    """A searcher of A who ran a search returning a read with a photo, and reported it."""
    from queries.services import misread_report_create

    camera = helpers.camera(world.agency_a, world.agency_admin_a, name="Isolation page cam")
    read = helpers.store_reads(camera, ["6ISO123"])[0]
    person = gate_passing(world.division_a)
    record = helpers.search(person, plate="6ISO123")
    report = misread_report_create(
        actor=person, search_request=record, read=read, description="Photo shows 6ISO128."
    )
    return record, read, report


def _page_search(world):
    return {"pk": _page_searched(world)[0].pk}


def _page_read(world):
    return {"read_id": _page_searched(world)[1].pk}


def _page_read_image(world):
    return {"read_id": _page_searched(world)[1].pk, "kind": "plate"}


def _page_misread(world):
    return {"pk": _page_searched(world)[2].pk}


ISOLATION_CASES = {
    "api:queries_api:search_detail": _search_kwargs,
    "api:queries_api:search_results": _search_kwargs,
    "api:queries_api:read_detail": _read_kwargs,
    "api:queries_api:read_photo": _read_with_photo_kwargs,
    "queries:search_next": _page_search,
    "queries:read_detail": _page_read,
    "queries:read_image": _page_read_image,
    "queries:misread_report": _page_read,
    "queries:misread_detail": _page_misread,
    "queries:misread_notice": _page_misread,
    "queries:misread_close": _page_misread,
}


# --- List routes (tests/test_isolation.py: LIST_CASES, NO_TENANT_DATA) ---


def _history(world):
    """A gate-passing searcher of A ran a search; its justification shows on their history."""
    person = gate_passing(world.division_a)
    record = helpers.search(person, plate="6ISO123")
    world.searcher = person
    return f"{record.case_number} · "


def _misread_queue(world):
    report = _page_searched(world)[2]
    return f"/search/misreads/{report.pk}/"


LIST_CASES = {
    "queries:history": ListCase(_history, "searcher"),
    "queries:misread_list": ListCase(_misread_queue, "division_admin_a"),
}

NO_TENANT_DATA = {
    "queries:search": "the search form; results come only through the gate and the access record",
    "queries:purpose_check": "the live purpose check of the text typed (no records)",
    "api:queries_api:purpose_categories": "the purpose categories (no records)",
    "api:queries_api:purpose_checks": "the purpose check of the posted text (POST)",
    "api:queries_api:searches": "runs a search (POST); its records are read by id, tried above",
}

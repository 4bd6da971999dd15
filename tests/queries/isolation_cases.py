"""Objects of agency A behind each search route with an id (see tests/test_isolation.py)."""

from tests.accounts.provisioning_helpers import gate_passing
from tests.queries import search_helpers as helpers


def _searched(world):
    """A searcher of A who ran a search returning a read with a photo, and reported it."""
    from queries.services import misread_report_create

    camera = helpers.camera(world.agency_a, world.agency_admin_a, name="Isolation search cam")
    read = helpers.store_reads(camera, ["6ISO123"])[0]
    person = gate_passing(world.division_a)
    record = helpers.search(person, plate="6ISO123")
    report = misread_report_create(
        actor=person, search_request=record, read=read, description="Photo shows 6ISO128."
    )
    return record, read, report


def _search(world):
    return {"pk": _searched(world)[0].pk}


def _read(world):
    return {"read_id": _searched(world)[1].pk}


def _read_image(world):
    return {"read_id": _searched(world)[1].pk, "kind": "plate"}


def _misread(world):
    return {"pk": _searched(world)[2].pk}


ISOLATION_CASES = {
    "queries:search_next": _search,
    "queries:read_detail": _read,
    "queries:read_image": _read_image,
    "queries:misread_report": _read,
    "queries:misread_detail": _misread,
    "queries:misread_notice": _misread,
    "queries:misread_close": _misread,
}

"""Every list page and list endpoint reads in a fixed number of queries, whatever its length
(issue 11, item 8; NetBox pins its views the same way).

QUERY_CASES maps each list route to who reads it and how one more row of it is made. The test
reads the route with one row and again with several more: the count must not change, and stays
under a ceiling. A list route of the isolation tables (tests/<app>/isolation_cases.py LIST_CASES)
that is missing here fails the suite, so a new list cannot skip its pin.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import count

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Division, ReapprovalItem, Role
from tests import factories
from tests.accounts.provisioning_helpers import gate_passing, provisioned
from tests.conftest import token_client, verified_client
from tests.test_isolation import LIST_CASES

CEILING = 40  # no list page needs more; a page near it deserves a look
MORE = 4  # rows added after the first

_n = count(1)


@dataclass(frozen=True)
class QueryCase:
    viewer: str  # an attribute of the World below
    add: Callable  # add(world) makes one more row the viewer sees


class World:
    """Agency A's people in each role the lists are read by."""

    def __init__(self, division_a):
        self.agency_a = division_a.agency
        self.division_a = division_a
        self.agency_admin_a = gate_passing(division_a, role=Role.AGENCY_ADMIN)
        self.division_admin_a = factories.user(
            division_a, role=Role.DIVISION_ADMIN_PRIMARY, rank_title="Lieutenant"
        )
        self.end_user_a = factories.user(division_a)
        self.auditor_a = factories.user(division_a, role=Role.AUDITOR)
        self.searcher = gate_passing(division_a)


# --- accounts ------------------------------------------------------------------------------------


def _person(world):
    provisioned(world.division_a, world.division_admin_a)


def _reapproval(world):
    person = factories.user(world.division_a)
    ReapprovalItem.objects.create(agency=world.agency_a, user=person, due_at=timezone.now())


def _provisioning_event(world):
    from accounts import services

    services.access_request(
        actor=world.division_admin_a,
        division=world.division_a,
        username=f"qc-request-{next(_n)}",
        first_name="Quinn",
        last_name=f"Count {next(_n)}",
        email="qc@example.invalid",
        job_classification=world.agency_a.eligible_classifications[0],
        reason="Query count 26-118342",
    )


def _security_event(world):
    from accounts import services

    services.security_event_record(kind="sign_in_failed", user=factories.user(world.division_a))


def _job_run(world):
    from accounts.jobs import run_job

    run_job(f"qc_job_{next(_n)}", lambda counts: None, agency=world.agency_a)


def _division(world):
    number = next(_n)
    Division.objects.create(
        agency=world.agency_a,
        code=f"Q{number}",
        name=f"Query count division {number}",
        case_number_pattern=r"^Q-\d{4}$",
        case_number_example="Q-0001",
    )


# --- cameras -------------------------------------------------------------------------------------


def _camera(world, name=None):
    from camera_ingest import services

    return services.camera_create(
        actor=world.agency_admin_a,
        agency=world.agency_a,
        name=name or f"QC camera {next(_n)}",
        latitude=37.0,
        longitude=-122.0,
    ).camera


def _hold(world):
    from camera_ingest import services
    from camera_ingest.rules import ValidRead

    number = next(_n)
    plate = f"8QC{number:04d}"
    camera = _camera(world)
    seen = timezone.now() - timedelta(days=1)
    read = ValidRead(f"qc-{number}", plate, None, None, None, seen, 37.0, -122.0, 0.9, None)
    services.reads_store(
        agency_id=world.agency_a.pk, camera_id=camera.pk, reads=[read], received_at=seen
    )
    services.legal_hold_place(
        actor=world.agency_admin_a,
        case_number=f"INV-26-{number:05d}",
        reason="evidence",
        description="Evidence: the vehicle seen at the armed robbery of the corner store",
        plate=plate,
        start=seen - timedelta(hours=1),
        end=seen + timedelta(hours=1),
    )


def _dead_letter(world):
    from camera_ingest import services
    from camera_ingest.vendors.base import Body

    services.dead_letter_record(
        camera=_camera(world),
        vendor="openalpr",
        body=Body(raw=b"{"),
        body_size=1,
        status_code=400,
        errors=[{"code": "malformed_json", "field": None, "message": "The body is not JSON."}],
    )


# --- searches ------------------------------------------------------------------------------------


def _search(world):
    from tests.queries import search_helpers

    search_helpers.search(world.searcher, plate=f"6QC{next(_n):04d}")


def _misread(world):
    from queries.services import misread_report_create
    from tests.queries import search_helpers

    plate = f"5QC{next(_n):04d}"
    camera = _camera(world)
    read = search_helpers.store_reads(camera, [plate])[0]
    record = search_helpers.search(world.searcher, plate=plate)
    misread_report_create(
        actor=world.searcher, search_request=record, read=read, description="Photo shows 5QC0000."
    )


# --- audits, training, sharing -----------------------------------------------------------------


def _cycle(world):
    from tests.audits.helpers import open_cycle

    start = timezone.localdate() - timedelta(days=400 + 20 * next(_n))
    open_cycle(world.division_admin_a, start=start, end=start + timedelta(days=13))


def _training_record(world):
    from training import services
    from training.models import Course

    course = Course.objects.filter(agency=world.agency_a).first()
    services.training_record_create(
        actor=world.division_admin_a,
        subject=factories.user(world.division_a),
        course=course,
        completed_on=date.today(),
        certificate=SimpleUploadedFile("c.pdf", b"%PDF-1.4 certificate", "application/pdf"),
    )


def _course(world):
    from training import services

    number = next(_n)
    services.course_create(
        # An administrator in standing (factories give one); courses change who may search.
        actor=factories.user(world.division_a, role=Role.AGENCY_ADMIN),
        agency=world.agency_a,
        code=f"qc-{number}",
        name=f"Query count course {number}",
    )


def _partner(world):
    from sharing import services

    services.partner_record(
        actor=world.agency_admin_a,
        name=f"Query Count County District Attorney {next(_n)}",
        jurisdiction_state="CA",
        kind="prosecutor",
        verification_evidence="County charter",
    )


def _agreement(world):
    from tests.sharing.isolation_cases import _agreement

    _agreement(world)


def _disclosure(world):
    from tests.sharing.isolation_cases import _disclosure

    _disclosure(world)


QUERY_CASES = {
    "accounts:provisioning": QueryCase("division_admin_a", _person),
    "api:accounts_api:user_list": QueryCase("division_admin_a", _person),
    "accounts:reapprovals": QueryCase("division_admin_a", _reapproval),
    "accounts:provisioning_log": QueryCase("division_admin_a", _provisioning_event),
    "accounts:security_log": QueryCase("division_admin_a", _security_event),
    "accounts:jobruns": QueryCase("agency_admin_a", _job_run),
    "accounts:home": QueryCase("division_admin_a", _provisioning_event),
    "accounts:provisioning_log_csv": QueryCase("division_admin_a", _provisioning_event),
    "accounts:security_log_csv": QueryCase("division_admin_a", _security_event),
    "accounts:jobruns_csv": QueryCase("agency_admin_a", _job_run),
    "accounts:oversight_people": QueryCase("auditor_a", _person),
    "accounts:oversight_cameras": QueryCase("auditor_a", _camera),
    "accounts:oversight_holds": QueryCase("auditor_a", _hold),
    "accounts:agency_settings": QueryCase("agency_admin_a", _division),
    "api:accounts_api:division_list": QueryCase("end_user_a", _division),
    "camera_ingest:camera_list": QueryCase("agency_admin_a", _camera),
    "camera_ingest:hold_list": QueryCase("agency_admin_a", _hold),
    "camera_ingest:dead_letter_list": QueryCase("agency_admin_a", _dead_letter),
    "queries:history": QueryCase("searcher", _search),
    "queries:misread_list": QueryCase("division_admin_a", _misread),
    "audits:cycle_list": QueryCase("division_admin_a", _cycle),
    "api:audits_api:cycle_list": QueryCase("division_admin_a", _cycle),
    "training:division_training": QueryCase("division_admin_a", _training_record),
    "training:course_list": QueryCase("agency_admin_a", _course),
    "sharing:partner_list": QueryCase("agency_admin_a", _partner),
    "api:sharing_api:partners": QueryCase("agency_admin_a", _partner),
    "sharing:agreement_list": QueryCase("agency_admin_a", _agreement),
    "api:sharing_api:agreements": QueryCase("agency_admin_a", _agreement),
    "sharing:disclosure_list": QueryCase("division_admin_a", _disclosure),
    "api:sharing_api:disclosures": QueryCase("auditor_a", _disclosure),
    "sharing:ledger": QueryCase("agency_admin_a", _disclosure),
    "sharing:ledger_csv": QueryCase("auditor_a", _disclosure),
    "api:sharing_api:ledger": QueryCase("agency_admin_a", _disclosure),
}


def test_every_list_route_has_its_query_count_pinned():
    missing = sorted(set(LIST_CASES) - set(QUERY_CASES))
    assert not missing, f"add these list routes to QUERY_CASES in {__name__}: {missing}"


def _queries(user, url: str) -> int:
    client = token_client(user) if url.startswith("/api/") else verified_client(user)
    client.get(url)  # warm: the first request of a session may touch the session and device rows
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured)


@pytest.mark.django_db
@pytest.mark.parametrize("route", sorted(QUERY_CASES))
def test_a_list_costs_the_same_queries_for_one_row_and_for_many(route, division_a):
    case = QUERY_CASES[route]
    world = World(division_a)
    viewer = getattr(world, case.viewer)
    url = reverse(route)
    case.add(world)
    with_one = _queries(viewer, url)
    for _ in range(MORE):
        case.add(world)
    with_many = _queries(viewer, url)
    assert with_many == with_one, f"{route}: {with_one} queries with one row, {with_many} with more"
    assert with_one <= CEILING, f"{route}: {with_one} queries"

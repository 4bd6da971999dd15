"""Read-only pages for auditors: people with their standing, the agency's cameras and its legal
holds. No forms, no secrets, never a plate; scoped to what the reader may audit; a fixed number of
queries whatever the number of rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import AccountStatus, Role
from camera_ingest import services as camera_services
from tests import factories
from tests.accounts.provisioning_helpers import provisioned

pytestmark = pytest.mark.django_db


@pytest.fixture
def auditor(division_a):
    return factories.user(division_a, role=Role.AUDITOR)


@pytest.fixture
def agency_admin(division_a):
    return factories.user(division_a, role=Role.AGENCY_ADMIN)


def _main(response) -> str:
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.index('<main id="main"') : html.index("</main>")]


def _camera(agency_admin, name):
    return camera_services.camera_create(
        actor=agency_admin, agency=agency_admin.agency, name=name, latitude=37.0, longitude=-122.0
    )


def test_people_show_their_standing_in_words_with_the_code_in_the_tooltip(
    division_a, admin_a, auditor, client_for
):
    allowed = provisioned(division_a, admin_a, first_name="Dana")
    waiting = factories.user(division_a, status=AccountStatus.PENDING, first_name="Eli")
    main = _main(client_for(auditor).get("/oversight/people/"))
    row = main[main.index(allowed.username) :]
    assert '<span class="badge ok">Allowed</span>' in row[: row.index("</tr>")]
    row = main[main.index(waiting.username) :]
    row = row[: row.index("</tr>")]
    assert 'title="agreement_missing" data-code="agreement_missing">Agreement not signed' in row
    assert 'data-code="account_not_active">Account not granted or not active' in row
    assert "You have not signed" not in main and "Your account" not in main
    assert "<form" not in main


def test_people_are_those_of_the_divisions_the_auditor_audits(
    division_a, division_a2, auditor, client_for
):
    ours = factories.user(division_a)
    theirs = factories.user(division_a2)
    main = _main(client_for(auditor).get("/oversight/people/"))
    assert ours.username in main and theirs.username not in main


def test_cameras_show_state_and_last_post_never_the_secret(agency_admin, auditor, client_for):
    issued = _camera(agency_admin, "Main St northbound")
    camera_services.camera_revoke(actor=agency_admin, camera=_camera(agency_admin, "Old").camera)
    main = _main(client_for(auditor).get("/oversight/cameras/"))
    assert "Main St northbound" in main and "Revoked" in main and "Active" in main
    assert issued.secret not in main and issued.camera.secret_prefix not in main
    assert "<form" not in main


def test_holds_show_case_who_window_and_state_never_a_plate(
    division_a, agency_admin, auditor, client_for
):
    from tests.camera_ingest.isolation_cases import _hold

    world = type("World", (), {"agency_admin_a": agency_admin, "agency_a": division_a.agency})
    _hold(world)
    main = _main(client_for(auditor).get("/oversight/holds/"))
    assert "INV-26-00001" in main and "Evidence in a criminal or civil action" in main
    assert agency_admin.display_name in main and "Held" in main
    assert " to " in main  # the window
    assert "1ISO111" not in main and "armed robbery" not in main
    assert "<form" not in main


@pytest.mark.parametrize("path", ["/oversight/cameras/", "/oversight/holds/"])
def test_division_administrators_and_end_users_do_not_oversee_agency_equipment(
    path, admin_a, user_a, client_for
):
    assert client_for(admin_a).get(path).status_code == 403
    assert client_for(user_a).get(path).status_code == 403


def test_end_users_do_not_oversee_people(user_a, client_for):
    assert client_for(user_a).get("/oversight/people/").status_code == 403


def test_the_auditor_finds_the_oversight_pages_in_the_navigation(auditor, client_for):
    html = client_for(auditor).get("/").content.decode()
    for path in ("/oversight/people/", "/oversight/cameras/", "/oversight/holds/"):
        assert f'href="{path}"' in html


def _queries(client, path) -> int:
    client.get(path)  # warm the process-wide caches (content types), as a server is
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured)


def test_the_people_page_costs_the_same_queries_for_one_person_and_many(
    division_a, admin_a, auditor, client_for
):
    client = client_for(auditor)
    provisioned(division_a, admin_a)
    one = _queries(client, "/oversight/people/")
    for _ in range(12):
        provisioned(division_a, admin_a)
    assert _queries(client, "/oversight/people/") == one
    assert one <= 20


def _held_reads(agency_admin, camera, count: int) -> None:
    """`count` holds, each of one stored read chosen by id, placed by the agency administrator."""
    from datetime import timedelta

    from django.utils import timezone

    from camera_ingest.models import PlateRead
    from camera_ingest.rules import ValidRead

    seen = timezone.now() - timedelta(days=1)
    reads = [
        ValidRead(f"q-{i}", f"7QRY{i:03d}", None, None, None, seen, 37.0, -122.0, 0.9, None)
        for i in range(count)
    ]
    camera_services.reads_store(
        agency_id=agency_admin.agency_id, camera_id=camera.pk, reads=reads, received_at=seen
    )
    ids = PlateRead.objects.unscoped(reason="test set-up").filter(camera_id=camera.pk)
    for read_id in ids.values_list("id", flat=True):
        camera_services.legal_hold_place(
            actor=agency_admin, case_number="INV-26-00002", reason="evidence", read_ids=[read_id]
        )


def test_the_cameras_and_holds_pages_cost_the_same_queries_for_one_row_and_many(
    agency_admin, auditor, client_for
):
    client = client_for(auditor)
    camera = _camera(agency_admin, "Camera 0").camera
    _held_reads(agency_admin, camera, 1)
    cameras, holds = _queries(client, "/oversight/cameras/"), _queries(client, "/oversight/holds/")
    for index in range(1, 8):
        _camera(agency_admin, f"Camera {index}")
    _held_reads(agency_admin, _camera(agency_admin, "Camera 9").camera, 4)
    main = _main(client.get("/oversight/holds/"))
    assert main.count("reads chosen one by one") == 5 and "7QRY" not in main
    assert _queries(client, "/oversight/cameras/") == cameras
    assert _queries(client, "/oversight/holds/") == holds
    assert max(cameras, holds) <= 14

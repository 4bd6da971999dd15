"""The camera, legal hold and dead letter lists: sorted, filtered, searched, a page at a time
(issue 11, item 8)."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from camera_ingest import services
from camera_ingest.models import Camera, DeadLetter, LegalHold
from camera_ingest.vendors.base import Body

pytestmark = pytest.mark.django_db

URL = "/cameras/"


def _names(page: str, names) -> list[str]:
    """The camera names as they appear down the page (each is a link's text)."""
    found = [(page.index(f">{name}</a>"), name) for name in names if f">{name}</a>" in page]
    return [name for _, name in sorted(found)]


@pytest.fixture
def fleet(agency_a, agency_admin_a):
    """Five cameras whose every sortable column orders them differently."""
    now = timezone.now()

    def camera(name, **fields):
        kind = fields.pop("kind", Camera.Kind.FIXED)
        place = {"latitude": 37.8, "longitude": -122.2} if kind == Camera.Kind.FIXED else {}
        issued = services.camera_create(
            actor=agency_admin_a, agency=agency_a, name=name, kind=kind, **place
        )
        Camera.objects.filter(pk=issued.camera.pk).update(**fields)
        return name

    return [
        camera("Patrol car 10", kind=Camera.Kind.MOBILE, last_read_at=now - timedelta(hours=1)),
        camera("Patrol car 9", kind=Camera.Kind.MOBILE, last_read_at=now - timedelta(hours=5)),
        camera("patrol car 2", kind=Camera.Kind.MOBILE, enabled=False),
        camera(
            "Broadway 14",
            vendor_format="openalpr",
            last_read_at=now - timedelta(days=2),
            last_error="bad json",
            last_error_at=now - timedelta(minutes=3),
        ),
        camera(
            "Airport gate",
            vendor_format="genetec",
            revoked_at=now,
            last_read_at=now - timedelta(minutes=1),
        ),
    ]


def test_camera_names_sort_naturally(fleet, agency_admin_a, client_for):
    page = client_for(agency_admin_a).get(URL).content.decode()
    assert _names(page, fleet) == [
        "Airport gate",
        "Broadway 14",
        "patrol car 2",
        "Patrol car 9",
        "Patrol car 10",
    ]
    reverse = client_for(agency_admin_a).get(URL, {"sort": "-name"}).content.decode()
    assert _names(reverse, fleet) == [
        "Patrol car 10",
        "Patrol car 9",
        "patrol car 2",
        "Broadway 14",
        "Airport gate",
    ]


@pytest.mark.parametrize(
    ("sort", "expected_first", "expected_last"),
    [
        ("kind", "Broadway 14", "patrol car 2"),  # fixed before mobile; ties as added
        ("-kind", "patrol car 2", "Broadway 14"),
        ("format", "Airport gate", "Broadway 14"),  # genetec, native…, openalpr
        ("-format", "Broadway 14", "Airport gate"),
        ("last_read", "Broadway 14", "patrol car 2"),  # oldest first; never posted last
        ("-last_read", "Airport gate", "patrol car 2"),  # newest first; never posted last
        ("last_error", "Broadway 14", "Airport gate"),  # the others have none: as added
        ("-last_error", "Broadway 14", "Patrol car 10"),
    ],
)
def test_each_camera_column_sorts_both_ways(
    sort, expected_first, expected_last, fleet, agency_admin_a, client_for
):
    page = client_for(agency_admin_a).get(URL, {"sort": sort}).content.decode()
    order = _names(page, fleet)
    assert (order[0], order[-1]) == (expected_first, expected_last), order


def test_the_format_sort_puts_native_cameras_between(fleet, agency_admin_a, client_for):
    page = client_for(agency_admin_a).get(URL, {"sort": "format"}).content.decode()
    assert _names(page, fleet) == [
        "Airport gate",
        "Patrol car 10",
        "Patrol car 9",
        "patrol car 2",
        "Broadway 14",
    ]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"state": "active"}, ["Broadway 14", "Patrol car 9", "Patrol car 10"]),
        ({"state": "disabled"}, ["patrol car 2"]),
        ({"state": "revoked"}, ["Airport gate"]),
        ({"state": "failing"}, ["Broadway 14"]),
        ({"kind": "fixed"}, ["Airport gate", "Broadway 14"]),
        ({"format": "openalpr"}, ["Broadway 14"]),
        ({"q": "patrol"}, ["patrol car 2", "Patrol car 9", "Patrol car 10"]),
        ({"q": "car 1"}, ["Patrol car 10"]),
        ({"q": "patrol", "state": "active"}, ["Patrol car 9", "Patrol car 10"]),
    ],
)
def test_camera_filters_and_search(params, expected, fleet, agency_admin_a, client_for):
    page = client_for(agency_admin_a).get(URL, params).content.decode()
    assert _names(page, fleet) == expected


def test_camera_pages_keep_sort_and_filters(fleet, agency_admin_a, client_for, monkeypatch):
    monkeypatch.setattr("alpr_governance.tables.PER_PAGE", 2)
    client = client_for(agency_admin_a)
    first = client.get(URL, {"kind": "mobile", "sort": "-name"}).content.decode()
    assert _names(first, fleet) == ["Patrol car 10", "Patrol car 9"]
    assert "3 cameras found · page 1 of 2" in first
    link = re.search(r'<a href="(\?[^"]+)">Next</a>', first).group(1).replace("&amp;", "&")
    second = client.get(URL + link).content.decode()
    assert _names(second, fleet) == ["patrol car 2"]


@pytest.mark.parametrize(
    "params",
    [{"sort": "secret_hash"}, {"sort": "location"}, {"page": "abc"}, {"page": "0"}, {"state": "x"}],
)
def test_bad_camera_parameters_give_a_page(params, fleet, agency_admin_a, client_for):
    response = client_for(agency_admin_a).get(URL, params)
    assert response.status_code == 200
    assert len(_names(response.content.decode(), fleet)) == 5


def test_the_camera_list_sorts_and_filters_only_the_own_agency(
    fleet, camera_b, agency_admin_b, client_for
):
    page = client_for(agency_admin_b).get(URL, {"q": "a", "sort": "-name"}).content.decode()
    assert _names(page, [*fleet, camera_b.camera.name]) == [camera_b.camera.name]


# --- Legal holds --------------------------------------------------------------------------------


def _hold(actor, case_number, *, reason="evidence", released=False, placed_days_ago=0):
    from camera_ingest.rules import ValidRead

    camera = Camera.objects.filter(agency=actor.agency).first()
    seen = timezone.now() - timedelta(days=1)
    plate = f"7{case_number[-3:].replace('-', '0')}ABC"[:7]
    read = ValidRead(case_number, plate, None, None, None, seen, 37.0, -122.0, 0.9, None)
    services.reads_store(
        agency_id=actor.agency_id, camera_id=camera.pk, reads=[read], received_at=seen
    )
    hold = services.legal_hold_place(
        actor=actor,
        case_number=case_number,
        reason=reason,
        description=f"Evidence for {case_number}: the vehicle seen leaving the robbery",
        plate=plate,
        start=seen - timedelta(hours=1),
        end=seen + timedelta(hours=1),
    )
    LegalHold.objects.filter(pk=hold.pk).update(
        placed_at=timezone.now() - timedelta(days=placed_days_ago)
    )
    if released:
        services.legal_hold_release(actor=actor, hold=hold, reason="Case closed")
    return case_number


@pytest.fixture
def holds(fixed_camera, agency_admin_a):
    return [
        _hold(agency_admin_a, "INV-26-00010", placed_days_ago=1),
        _hold(agency_admin_a, "INV-26-00009", placed_days_ago=3, reason="court_order"),
        _hold(agency_admin_a, "INV-26-00100", placed_days_ago=2, released=True),
    ]


def _cases(page: str, cases) -> list[str]:
    found = [(page.index(f">{case}</a>"), case) for case in cases if f">{case}</a>" in page]
    return [case for _, case in sorted(found)]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["INV-26-00010", "INV-26-00100", "INV-26-00009"]),  # newest placed first
        ({"sort": "case"}, ["INV-26-00009", "INV-26-00010", "INV-26-00100"]),
        ({"sort": "-case"}, ["INV-26-00100", "INV-26-00010", "INV-26-00009"]),
        ({"sort": "placed"}, ["INV-26-00009", "INV-26-00100", "INV-26-00010"]),
        ({"sort": "reason"}, ["INV-26-00009", "INV-26-00010", "INV-26-00100"]),  # court order first
        ({"sort": "released"}, ["INV-26-00100", "INV-26-00010", "INV-26-00009"]),  # held ones last
        ({"state": "held"}, ["INV-26-00010", "INV-26-00009"]),
        ({"state": "released"}, ["INV-26-00100"]),
        ({"reason": "court_order"}, ["INV-26-00009"]),
        ({"q": "0010"}, ["INV-26-00010", "INV-26-00100"]),
        ({"sort": "nope", "page": "abc"}, ["INV-26-00010", "INV-26-00100", "INV-26-00009"]),
    ],
)
def test_holds_sort_filter_and_search(params, expected, holds, agency_admin_a, client_for):
    response = client_for(agency_admin_a).get("/cameras/holds/", params)
    assert response.status_code == 200
    assert _cases(response.content.decode(), holds) == expected


def test_each_hold_shows_how_many_reads_it_keeps(holds, agency_admin_a, client_for):
    page = client_for(agency_admin_a).get("/cameras/holds/", {"state": "held"}).content.decode()
    assert page.count("<td>1</td>") == 2


# --- Dead letters -------------------------------------------------------------------------------


@pytest.fixture
def letters(fixed_camera, mobile_camera):
    made = []
    for camera, vendor, replayed in (
        (fixed_camera.camera, "openalpr", False),
        (mobile_camera.camera, "genetec", True),
        (fixed_camera.camera, "genetec", False),
    ):
        letter = services.dead_letter_record(
            camera=camera,
            vendor=vendor,
            body=Body(raw=b"{"),
            body_size=1,
            status_code=400,
            errors=[{"code": "malformed_json", "field": None, "message": "Not JSON."}],
        )
        if replayed:
            DeadLetter.objects.filter(pk=letter.pk).update(replayed_at=timezone.now())
        made.append(letter.pk)
    return made


def _letters(page: str, pks) -> list[int]:
    found = [
        (page.index(f"/cameras/dead-letters/{pk}/"), pk)
        for pk in pks
        if f"/cameras/dead-letters/{pk}/" in page
    ]
    return [pk for _, pk in sorted(found)]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, [2, 1, 0]),  # newest first
        ({"sort": "received"}, [0, 1, 2]),
        ({"sort": "camera"}, [0, 2, 1]),  # "Broadway & 14th" before "Patrol 7"
        ({"sort": "-format"}, [0, 2, 1]),
        ({"sort": "replayed"}, [1, 0, 2]),  # waiting ones last
        ({"state": "waiting"}, [2, 0]),
        ({"state": "replayed"}, [1]),
        ({"format": "genetec"}, [2, 1]),
        ({"q": "patrol"}, [1]),
        ({"page": "999"}, [2, 1, 0]),
    ],
)
def test_dead_letters_sort_filter_and_search(params, expected, letters, agency_admin_a, client_for):
    response = client_for(agency_admin_a).get("/cameras/dead-letters/", params)
    assert response.status_code == 200
    assert _letters(response.content.decode(), letters) == [letters[i] for i in expected]

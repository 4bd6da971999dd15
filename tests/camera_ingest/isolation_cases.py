"""Objects of agency A behind each camera_ingest route with an id (see tests/test_isolation.py)."""

from camera_ingest import services
from tests.isolation_tables import ListCase


def _camera(world):
    issued = services.camera_create(
        actor=world.agency_admin_a,
        agency=world.agency_a,
        name="Isolation cam",
        latitude=37.0,
        longitude=-122.0,
    )
    return {"pk": issued.camera.pk}


def _hold(world):
    from datetime import timedelta

    from django.utils import timezone

    from camera_ingest.rules import ValidRead

    camera = services.camera_create(
        actor=world.agency_admin_a,
        agency=world.agency_a,
        name="Hold cam",
        latitude=37.0,
        longitude=-122.0,
    ).camera
    seen = timezone.now() - timedelta(days=1)
    read = ValidRead("iso-1", "1ISO111", None, None, None, seen, 37.0, -122.0, 0.9, None)
    services.reads_store(
        agency_id=world.agency_a.pk, camera_id=camera.pk, reads=[read], received_at=seen
    )
    hold = services.legal_hold_place(
        actor=world.agency_admin_a,
        case_number="INV-26-00001",
        reason="evidence",
        description="Evidence: the vehicle seen at the armed robbery of the corner store",
        plate="1ISO111",
        start=seen - timedelta(hours=1),
        end=seen + timedelta(hours=1),
    )
    return {"pk": hold.pk}


ISOLATION_CASES = {
    "camera_ingest:camera_detail": _camera,
    "camera_ingest:camera_rotate": _camera,
    "camera_ingest:camera_revoke": _camera,
    "camera_ingest:camera_enabled": _camera,
    "camera_ingest:hold_detail": _hold,
    "camera_ingest:hold_release": _hold,
}


def _camera_list(world):
    services.camera_create(
        actor=world.agency_admin_a,
        agency=world.agency_a,
        name="Isolation marker cam A",
        latitude=37.0,
        longitude=-122.0,
    )
    return "Isolation marker cam A"


def _hold_list(world):
    from camera_ingest.models import LegalHold

    _hold(world)
    return LegalHold.objects.get(agency=world.agency_a).case_number


LIST_CASES = {
    "camera_ingest:camera_list": ListCase(_camera_list, "agency_admin_a"),
    "camera_ingest:hold_list": ListCase(_hold_list, "agency_admin_a"),
}

NO_TENANT_DATA = {
    "camera_ingest:camera_create": "form",
    "camera_ingest:hold_create": "form",
    "api:camera_ingest_api:ingest_reads": "camera posts (POST); answers only about the post",
}


def _dead_letter(world):
    from camera_ingest.vendors.base import Body

    camera = services.camera_create(
        actor=world.agency_admin_a,
        agency=world.agency_a,
        name="Dead letter cam",
        latitude=37.0,
        longitude=-122.0,
    ).camera
    letter = services.dead_letter_record(
        camera=camera,
        vendor="openalpr",
        body=Body(raw=b"{"),
        body_size=1,
        status_code=400,
        errors=[{"code": "malformed_json", "field": None, "message": "The body is not JSON."}],
    )
    return {"pk": letter.pk}


ISOLATION_CASES.update(
    {
        "camera_ingest:camera_vendor": _camera,
        "camera_ingest:dead_letter_detail": _dead_letter,
        "camera_ingest:dead_letter_replay": _dead_letter,
    }
)


def _dead_letter_list(world):
    _dead_letter(world)
    return "Dead letter cam"


LIST_CASES["camera_ingest:dead_letter_list"] = ListCase(_dead_letter_list, "agency_admin_a")
NO_TENANT_DATA.update(
    {
        f"api:camera_ingest_api:ingest_{vendor}": "camera posts (POST); answers only about the post"
        for vendor in (
            "openalpr",
            "platerecognizer",
            "genetec",
            "axis",
            "hikvision",
            "verkada",
            "survision",
            "frigate",
        )
    }
)

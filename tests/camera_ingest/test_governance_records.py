"""Cameras and legal holds are administrative acts: each lands on the governance record with its
values before and after, in the act's own transaction (issue 8, one record of every change)."""

from datetime import UTC, datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import GovernanceRecord
from camera_ingest import services
from camera_ingest.models import Camera, LegalHold
from tests.camera_ingest.test_services_retention import store

pytestmark = pytest.mark.django_db


def _actions(subject) -> list[str]:
    return list(
        GovernanceRecord.objects.filter(
            subject_type=subject._meta.label_lower, subject_id=str(subject.pk)
        )
        .order_by("pk")
        .values_list("action", flat=True)
    )


def test_a_cameras_life_is_on_the_record_without_its_secret(agency_admin_a, client_for):
    """GIVEN an agency administrator in the browser
    WHEN they register a camera, rotate its secret, disable, enable and revoke it
    THEN each act is one governance row with before/after, actor and client address, and no
    row holds the secret or its hash."""
    client = client_for(agency_admin_a)
    client.post(
        "/cameras/new/",
        {
            "name": "Main St",
            "kind": "fixed",
            "latitude": "37.8",
            "longitude": "-122.27",
            "vendor_format": "native",
        },
    )
    camera = Camera.objects.get(name="Main St")
    first_prefix = camera.secret_prefix
    client.post(f"/cameras/{camera.pk}/rotate/", {"confirmed": "1"})
    client.post(f"/cameras/{camera.pk}/enabled/", {"enabled": "0"})
    client.post(f"/cameras/{camera.pk}/enabled/", {"enabled": "1"})
    client.post(f"/cameras/{camera.pk}/revoke/", {"confirmed": "1"})
    client.post(f"/cameras/{camera.pk}/revoke/", {"confirmed": "1"})  # already revoked: nothing new
    assert _actions(camera) == [
        "camera_created",
        "camera_secret_rotated",
        "camera_disabled",
        "camera_enabled",
        "camera_revoked",
    ]
    camera.refresh_from_db()
    rows = GovernanceRecord.objects.filter(subject_type="camera_ingest.camera")
    rotated = rows.get(action="camera_secret_rotated")
    assert rotated.before["secret_prefix"] == first_prefix
    assert rotated.after["secret_prefix"] != first_prefix
    assert rows.get(action="camera_disabled").after == {"enabled": False}
    for row in rows:
        assert row.actor == agency_admin_a
        assert row.client_address == "127.0.0.1"
        assert camera.secret_hash not in str(row.before) + str(row.after)


def test_placing_and_releasing_a_hold_is_on_the_record(agency_admin_a, fixed_camera, agency_a):
    read = store(fixed_camera.camera, plate="EV1", seen_at=datetime(2026, 11, 1, tzinfo=UTC))
    hold = services.legal_hold_place(
        actor=agency_admin_a,
        case_number="26-118342",
        reason=LegalHold.Reason.EVIDENCE,
        description="Hit and run",
        read_ids=[read.id],
        client_address="10.1.2.3",
    )
    services.legal_hold_release(actor=agency_admin_a, hold=hold, reason="Case closed")
    placed = GovernanceRecord.objects.get(action="legal_hold_placed")
    assert placed.after["criteria"] == {"read_ids": [read.id], "reads_held": 1}
    assert placed.after["case_number"] == "26-118342"
    assert placed.client_address == "10.1.2.3"
    released = GovernanceRecord.objects.get(action="legal_hold_released")
    assert released.before == {"released_at": None}
    assert released.reason == "Case closed"
    assert released.agency == agency_a


def test_a_refused_hold_writes_no_record(agency_admin_a, fixed_camera):
    with pytest.raises(ValidationError):
        services.legal_hold_place(
            actor=agency_admin_a,
            case_number="26-1",
            reason=LegalHold.Reason.EVIDENCE,
            read_ids=[987654321],
        )
    assert not GovernanceRecord.objects.filter(action="legal_hold_placed").exists()


def test_a_refused_camera_act_is_recorded_and_changes_nothing(fixed_camera, admin_a_camera):
    camera = fixed_camera.camera
    with pytest.raises(PermissionDenied):
        services.camera_revoke(actor=admin_a_camera, camera=camera, client_address="10.9.8.7")
    refused = GovernanceRecord.objects.get(action="refused", actor=admin_a_camera)
    assert refused.after == {"attempted": "manage cameras and legal holds"}
    camera.refresh_from_db()
    assert camera.revoked_at is None


@pytest.fixture
def admin_a_camera(division_a):
    """A Division Administrator in good standing: not the agency's administrator."""
    from accounts.models import Role
    from tests import factories

    return factories.user(division_a, role=Role.DIVISION_ADMIN_PRIMARY, rank_title="Lieutenant")

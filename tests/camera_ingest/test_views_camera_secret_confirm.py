"""Rotating or revoking a camera's secret asks first, saying when the device last posted and that
it will be refused; Cancel (not confirming) changes nothing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import GovernanceRecord
from camera_ingest.models import Camera

pytestmark = pytest.mark.django_db


def _impact(response) -> str:
    html = response.content.decode()
    start = html.index('data-testid="impact"')
    return html[start : html.index("</ul>", start)]


def _state(pk: int) -> tuple:
    camera = Camera.objects.get(pk=pk)
    return camera.secret_prefix, camera.secret_hash, camera.revoked_at, camera.enabled


@pytest.mark.parametrize(
    ("act", "consequence"),
    [
        ("rotate", "it will be refused until it is reconfigured with the new secret."),
        ("revoke", "it will be refused until a new secret is issued."),
    ],
)
def test_the_confirmation_says_when_the_camera_last_posted_and_changes_nothing(
    act, consequence, fixed_camera, agency_admin_a, client_for
):
    pk = fixed_camera.camera.pk
    Camera.objects.filter(pk=pk).update(
        last_read_at=timezone.now() - timedelta(minutes=5),
        last_heartbeat_at=timezone.now() - timedelta(minutes=2, seconds=10),
    )
    before = _state(pk)
    records = GovernanceRecord.objects.count()

    response = client_for(agency_admin_a).post(f"/cameras/{pk}/{act}/")

    assert response.status_code == 200
    impact = _impact(response)
    assert "Broadway &amp; 14th last posted 2 minutes ago (" in impact
    assert consequence in impact
    assert f'href="/cameras/{pk}/"' in response.content.decode()  # Cancel: back to the camera
    assert _state(pk) == before
    assert GovernanceRecord.objects.count() == records


@pytest.mark.parametrize("act", ["rotate", "revoke"])
def test_a_camera_that_never_posted_says_so(act, fixed_camera, agency_admin_a, client_for):
    response = client_for(agency_admin_a).post(f"/cameras/{fixed_camera.camera.pk}/{act}/")
    assert "Broadway &amp; 14th has never posted;" in _impact(response)


def test_confirming_the_rotation_issues_a_new_secret(fixed_camera, agency_admin_a, client_for):
    pk = fixed_camera.camera.pk
    before = _state(pk)
    response = client_for(agency_admin_a).post(f"/cameras/{pk}/rotate/", {"confirmed": "1"})
    assert response.status_code == 302
    assert _state(pk)[0] != before[0]
    assert GovernanceRecord.objects.filter(action="camera_secret_rotated").count() == 1


def test_confirming_the_revocation_revokes(fixed_camera, agency_admin_a, client_for):
    pk = fixed_camera.camera.pk
    response = client_for(agency_admin_a).post(f"/cameras/{pk}/revoke/", {"confirmed": "1"})
    assert response.status_code == 302
    assert Camera.objects.get(pk=pk).revoked_at is not None


def test_reissuing_a_revoked_secret_says_it_can_post_again(
    fixed_camera, agency_admin_a, client_for
):
    client = client_for(agency_admin_a)
    pk = fixed_camera.camera.pk
    client.post(f"/cameras/{pk}/revoke/", {"confirmed": "1"})
    client.post(f"/cameras/{pk}/enabled/", {"enabled": "0"})
    impact = _impact(client.post(f"/cameras/{pk}/rotate/"))
    assert "its secret was revoked" in impact
    assert "can post again once it is reconfigured with the new secret" in impact
    assert "is disabled: its posts stay refused until it is enabled" in impact


def test_another_agencys_camera_is_not_found_before_any_confirmation(
    fixed_camera, agency_admin_b, client_for
):
    for act in ("rotate", "revoke"):
        response = client_for(agency_admin_b).post(f"/cameras/{fixed_camera.camera.pk}/{act}/")
        assert response.status_code == 404

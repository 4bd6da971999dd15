"""Cross-agency and cross-division access to users and divisions is refused, answered as 404."""

import pytest

from accounts.models import Role
from tests import factories

pytestmark = pytest.mark.django_db


def test_user_of_another_agency_is_404_in_the_api(user_a, admin_b, api_client_for):
    client = api_client_for(admin_b)
    response = client.get(f"/api/v1/users/{user_a.pk}")
    assert response.status_code == 404
    assert response.json()["errors"][0]["code"] == "not_found"
    missing = client.get("/api/v1/users/999999")
    assert missing.json() == response.json()  # "not yours" reads exactly like "not there"


def test_division_of_another_agency_is_404_in_the_api(division_a, admin_b, api_client_for):
    response = api_client_for(admin_b).get(f"/api/v1/divisions/{division_a.pk}")
    assert response.status_code == 404


def test_lists_hold_only_the_own_agency(user_a, admin_a, admin_b, division_a, api_client_for):
    users = api_client_for(admin_b).get("/api/v1/users").json()["results"]
    assert user_a.username not in {u["username"] for u in users}
    divisions = api_client_for(admin_b).get("/api/v1/divisions").json()["results"]
    assert division_a.pk not in {d["id"] for d in divisions}
    assert len(divisions) == admin_b.agency.divisions.count()
    own = api_client_for(admin_a).get("/api/v1/users").json()["results"]
    assert user_a.username in {u["username"] for u in own}


def test_end_user_sees_only_themselves(user_a, division_a, api_client_for):
    colleague = factories.user(division_a)
    usernames = {
        u["username"] for u in api_client_for(user_a).get("/api/v1/users").json()["results"]
    }
    assert usernames == {user_a.username}
    assert api_client_for(user_a).get(f"/api/v1/users/{colleague.pk}").status_code == 404


def test_division_admin_cannot_unlock_a_user_of_another_division(division_a2, admin_a, client_for):
    other = factories.user(division_a2)
    response = client_for(admin_a).post(f"/users/{other.pk}/unlock/")
    assert response.status_code == 404


def test_admin_of_another_agency_cannot_unlock(user_a, admin_b, client_for):
    assert client_for(admin_b).post(f"/users/{user_a.pk}/unlock/").status_code == 404


def test_agency_admin_administers_every_division_of_the_agency_only(
    division_a, division_a2, division_b, api_client_for
):
    agency_admin = factories.user(division_a, role=Role.AGENCY_ADMIN)
    in_a2 = factories.user(division_a2)
    in_b = factories.user(division_b)
    client = api_client_for(agency_admin)
    assert client.get(f"/api/v1/users/{in_a2.pk}").status_code == 200
    assert client.get(f"/api/v1/users/{in_b.pk}").status_code == 404

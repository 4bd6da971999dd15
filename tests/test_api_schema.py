import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def test_openapi_schema_describes_the_api():
    response = APIClient().get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    for path in (
        "/api/v1/auth/token",
        "/api/v1/me",
        "/api/v1/me/access",
        "/api/v1/users",
        "/api/v1/divisions",
        "/api/v1/ingest/reads",
        "/api/v1/purpose-categories",
        "/api/v1/purpose-checks",
        "/api/v1/searches",
        "/api/v1/searches/{id}",
        "/api/v1/searches/{id}/results",
        "/api/v1/reads/{id}",
        "/api/v1/reads/{id}/photo",
    ):
        assert path in schema["paths"], path
    assert schema["components"]["securitySchemes"]["personalToken"]["scheme"] == "bearer"
    assert schema["components"]["securitySchemes"]["cameraSecret"]["scheme"] == "bearer"
    assert "reads" in schema["components"]["schemas"]["ReadBatch"]["properties"]


def test_unknown_api_path_is_a_json_404_not_an_html_page():
    response = APIClient().get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.json()["errors"][0]["code"] == "not_found"

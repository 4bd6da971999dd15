from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import ApiToken, SecurityEvent
from tests import factories

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token"


def _issue(user, otp=None, password=factories.TEST_PASSWORD):
    return APIClient().post(
        TOKEN_URL,
        {"username": user.username, "password": password, "otp": otp or factories.totp_code(user)},
        format="json",
    )


def test_token_issued_after_password_and_totp_and_opens_me(user_a):
    response = _issue(user_a)
    assert response.status_code == 201
    body = response.json()
    assert body["token"].startswith("alpr_")
    assert body["expires_at"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {body['token']}")
    me = client.get("/api/v1/me")
    assert me.status_code == 200
    assert me.json() == {
        "username": user_a.username,
        "role": "end_user",
        "agency": {"slug": "agency-a", "name": user_a.agency.name, "preset": "city_police"},
        "division": {
            "code": user_a.division.code,
            "name": user_a.division.name,
            "case_number_pattern": user_a.division.case_number_pattern,
            "case_number_example": user_a.division.case_number_example,
        },
    }


def test_token_refused_with_wrong_totp_and_recorded(user_a):
    response = _issue(user_a, otp="000000")
    assert response.status_code == 401
    assert response.json()["errors"][0]["code"] == "invalid_otp"
    assert SecurityEvent.objects.filter(user=user_a, kind=SecurityEvent.Kind.OTP_FAILED).exists()


def test_token_refused_with_wrong_password(user_a):
    response = _issue(user_a, password="wrong")
    assert response.status_code == 401
    assert response.json()["errors"][0]["code"] == "invalid_credentials"


def test_reused_totp_code_is_refused(user_a):
    code = factories.totp_code(user_a)
    assert _issue(user_a, otp=code).status_code == 201
    second = _issue(user_a, otp=code)
    assert second.status_code == 401
    assert second.json()["errors"][0]["code"] == "invalid_otp"


def test_backup_code_works_once(user_a):
    from accounts.services import backup_codes_regenerate

    code = backup_codes_regenerate(user=user_a)[0]
    assert _issue(user_a, otp=code).status_code == 201
    assert _issue(user_a, otp=code).status_code == 401


def test_malformed_token_request_names_the_missing_fields():
    response = APIClient().post(TOKEN_URL, {"username": "x"}, format="json")
    assert response.status_code == 400
    fields = {e["field"] for e in response.json()["errors"]}
    assert fields == {"password", "otp"}


def test_expired_token_is_refused(user_a, api_client_for):
    client = api_client_for(user_a)
    ApiToken.objects.filter(user=user_a).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json()["errors"][0]["code"] == "invalid_token"


def test_revoked_token_is_refused(user_a):
    token = _issue(user_a).json()["token"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert client.delete(TOKEN_URL).status_code == 204
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert SecurityEvent.objects.filter(user=user_a, kind=SecurityEvent.Kind.TOKEN_REVOKED).exists()


def test_api_without_token_is_401_json():
    response = APIClient().get("/api/v1/me")
    assert response.status_code == 401
    assert response.json()["errors"][0]["code"] == "not_authenticated"


def test_platform_operator_without_agency_gets_nulls_from_me(api_client_for):
    from accounts.models import User

    operator = User.objects.create_superuser(
        "operator", "op@example.invalid", factories.TEST_PASSWORD
    )
    response = api_client_for(operator).get("/api/v1/me")
    assert response.status_code == 200
    assert response.json()["agency"] is None


@pytest.mark.parametrize(
    ("proxies", "real_entry"),
    [(0, ""), (1, ", 198.51.100.7")],
    ids=["no-proxy", "behind-caddy"],
)
def test_twenty_five_token_requests_with_forged_forwarded_headers_are_throttled(
    settings, proxies, real_entry
):
    """GIVEN a client that writes a new X-Forwarded-For on every request, THEN its own address is
    still the one counted and the token endpoint answers 429 before the 25th try."""
    settings.TRUSTED_PROXY_COUNT = proxies
    statuses = [
        APIClient()
        .post(
            TOKEN_URL,
            {"username": f"guess{n}", "password": "wrong", "otp": "000000"},
            format="json",
            REMOTE_ADDR="172.18.0.2",
            HTTP_X_FORWARDED_FOR=f"10.66.{n}.{n}{real_entry}",
        )
        .status_code
        for n in range(25)
    ]
    assert 429 in statuses
    assert set(statuses) == {401, 429}


def test_the_token_endpoint_counts_failures_per_address_and_answers_429(settings, division_a):
    settings.SIGN_IN_RATE_LIMIT = 2
    for n in range(2):
        assert (
            APIClient()
            .post(TOKEN_URL, {"username": f"x{n}", "password": "y", "otp": "0"}, format="json")
            .status_code
            == 401
        )
    person = factories.user(division_a)
    refused = _issue(person)
    assert refused.status_code == 429
    assert refused.json()["errors"][0]["code"] == "too_many_attempts"

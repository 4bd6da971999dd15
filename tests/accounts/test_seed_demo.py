import base64
import json

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django_otp.oath import TOTP

from accounts.models import Agency, Role

pytestmark = pytest.mark.django_db

LOGIN_KEYS = {"username", "password", "totp_secret", "role", "agency", "division"}


@pytest.fixture
def logins(tmp_path, settings):
    settings.DEBUG = True
    out = tmp_path / "logins.json"
    call_command("seed_demo", out=str(out))
    return json.loads(out.read_text())


def test_demo_has_four_preset_agencies_with_every_role_in_every_division(logins):
    assert sorted(Agency.objects.values_list("preset", flat=True)) == sorted(
        ["cdcr", "doj", "county_sheriff", "city_police"]
    )
    for agency in Agency.objects.all():
        for division in agency.divisions.all():
            roles = {
                u["role"]
                for u in logins["users"]
                if u["agency"] == agency.slug and u["division"] == division.code
            }
            assert {Role.END_USER, Role.DIVISION_ADMIN_PRIMARY, Role.AUDITOR} <= roles, division
    assert all(set(u) >= LOGIN_KEYS for u in logins["users"])


def test_a_demo_login_works_with_the_password_and_the_totp_secret_from_the_file(logins):
    login = next(u for u in logins["users"] if u["role"] == Role.DIVISION_ADMIN_PRIMARY)
    client = Client()
    response = client.post(
        "/sign-in/", {"username": login["username"], "password": login["password"]}
    )
    assert response["Location"] == "/sign-in/second-factor/"
    secret = login["totp_secret"]
    code = str(TOTP(base64.b32decode(secret + "=" * (-len(secret) % 8))).token()).zfill(6)
    response = client.post("/sign-in/second-factor/", {"code": code})
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200


def test_seed_demo_refuses_with_debug_off_unless_forced(tmp_path, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("seed_demo", out=str(tmp_path / "x.json"))
    assert not Agency.objects.exists()


def test_demo_gate_examples_show_each_reason_the_gate_reports(logins):
    from django.test import RequestFactory

    from accounts.models import User
    from accounts.services import access, check_access
    from accounts.services.auth import api_token_create

    examples = [u for u in logins["users"] if "gate_reasons" in u]
    assert len(examples) == 5 * 4  # five per agency
    for login in examples:
        user = User.objects.get(username=login["username"])
        api_token_create(user=user, ip_address=None)
        request = RequestFactory().get("/")
        request.user = user
        request.auth = user.api_tokens.first()  # signed in with a second factor
        assert check_access(user, request).codes == login["gate_reasons"], login["username"]
    shown = {code for login in examples for code in login["gate_reasons"]}
    assert {
        access.ACCOUNT_NOT_ACTIVE,
        access.AGREEMENT_MISSING,
        access.AGREEMENT_OUTDATED,
        access.TRAINING_EXPIRED,
        access.CLASSIFICATION_NOT_ELIGIBLE,
    } <= shown
    regular = [u for u in logins["users"] if u["username"].endswith(".enduser")]
    for login in regular:
        assert check_access(User.objects.get(username=login["username"]), None).codes == [
            access.SECOND_FACTOR_MISSING
        ]  # fully provisioned: only this session's second factor is missing

import time

import pytest
from django.http import Http404
from django.test import Client

from accounts import services
from accounts.middleware import SESSION_LAST_SEEN
from accounts.models import SecurityEvent, User
from tests import factories

pytestmark = pytest.mark.django_db


def test_session_ends_after_thirty_idle_minutes(user_a, client_for, settings):
    client = client_for(user_a)
    assert client.get("/").status_code == 200
    session = client.session
    session[SESSION_LAST_SEEN] = int(time.time()) - settings.SESSION_IDLE_TIMEOUT_SECONDS - 1
    session.save()
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/sign-in/"
    assert client.get("/").status_code == 302  # signed out for good, not just this request
    assert SecurityEvent.objects.filter(user=user_a, kind="session_idle_expired").count() == 1


def test_activity_inside_thirty_minutes_keeps_the_session(user_a, client_for, settings):
    client = client_for(user_a)
    session = client.session
    session[SESSION_LAST_SEEN] = int(time.time()) - settings.SESSION_IDLE_TIMEOUT_SECONDS + 60
    session.save()
    assert client.get("/").status_code == 200


def test_sign_out_everywhere_ends_other_sessions_and_revokes_tokens(
    user_a, client_for, api_client_for
):
    laptop = client_for(user_a)
    phone = client_for(user_a)
    api = api_client_for(user_a)
    assert phone.get("/").status_code == 200
    assert api.get("/api/v1/me").status_code == 200

    laptop.post("/sign-out/everywhere/", {"confirmed": "1"})

    assert phone.get("/").status_code == 302
    assert api.get("/api/v1/me").status_code == 401
    assert SecurityEvent.objects.filter(user=user_a, kind="signed_out_everywhere").count() == 1


def test_sign_out_needs_a_post_with_csrf(user_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user_a, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post("/sign-out/")
    assert response.status_code == 403


def test_sign_in_form_without_csrf_token_is_refused():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/sign-in/", {"username": "x", "password": "y"})
    assert response.status_code == 403


def test_wrong_password_is_a_form_error_and_recorded(user_a):
    response = Client().post("/sign-in/", {"username": user_a.username, "password": "nope"})
    assert response.status_code == 200
    assert "The username or password is not right." in response.content.decode()
    assert SecurityEvent.objects.filter(user=user_a, kind="login_failed").count() == 1


def test_unknown_username_is_answered_like_a_wrong_password():
    response = Client().post("/sign-in/", {"username": "nobody", "password": "nope"})
    assert "The username or password is not right." in response.content.decode()
    assert SecurityEvent.objects.filter(username="nobody", kind="login_failed").count() == 1


def test_lockout_after_five_failures_lasts_thirty_minutes_and_admin_can_unlock(
    user_a, admin_a, client_for, settings
):
    for _ in range(5):
        Client().post("/sign-in/", {"username": user_a.username, "password": "nope"})
    user_a.refresh_from_db()
    assert user_a.is_locked()
    remaining = (user_a.locked_until - SecurityEvent.objects.latest("at").at).total_seconds()
    assert abs(remaining - settings.LOGIN_LOCKOUT_MINUTES * 60) < 5

    right = Client().post(
        "/sign-in/", {"username": user_a.username, "password": factories.TEST_PASSWORD}
    )
    assert "locked" in right.content.decode()
    assert SecurityEvent.objects.filter(user=user_a, kind="login_refused_locked").exists()

    response = client_for(admin_a).post(f"/users/{user_a.pk}/unlock/")
    assert response.status_code == 302
    user_a.refresh_from_db()
    assert not user_a.is_locked()
    unlock = SecurityEvent.objects.get(user=user_a, kind="account_unlocked")
    assert unlock.actor == admin_a
    signed_in = Client().post(
        "/sign-in/", {"username": user_a.username, "password": factories.TEST_PASSWORD}
    )
    assert signed_in["Location"] == "/sign-in/second-factor/"


def test_wrong_second_factor_codes_count_toward_the_lockout(user_a):
    client = Client()
    client.post("/sign-in/", {"username": user_a.username, "password": factories.TEST_PASSWORD})
    for _ in range(4):
        response = client.post("/sign-in/second-factor/", {"code": "000000"})
        assert "That code is not valid" in response.content.decode()
    response = client.post("/sign-in/second-factor/", {"code": "000000"})
    assert response["Location"] == "/sign-in/"
    user_a.refresh_from_db()
    assert user_a.is_locked()


def test_end_user_gets_403_on_administrative_pages(user_a, client_for):
    client = client_for(user_a)
    assert client.get("/security-log/").status_code == 403
    assert client.get("/jobs/").status_code == 403


def test_failed_sign_ins_from_one_address_are_limited_across_accounts(settings, division_a):
    settings.SIGN_IN_RATE_LIMIT = 3
    victims = [factories.user(division_a) for _ in range(4)]
    client = Client()
    for victim in victims[:3]:
        response = client.post("/sign-in/", {"username": victim.username, "password": "guess"})
        assert "not right" in response.content.decode()
    response = client.post(
        "/sign-in/", {"username": victims[3].username, "password": factories.TEST_PASSWORD}
    )
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_shift_change_behind_one_address_is_never_refused_for_its_successes(settings, division_a):
    """GIVEN a station behind one address and a limit of 3 failures, WHEN ten officers sign in
    with their right passwords (and one mistypes once), THEN every one reaches the second factor."""
    settings.SIGN_IN_RATE_LIMIT = 3
    officers = [factories.user(division_a) for _ in range(10)]
    Client().post("/sign-in/", {"username": officers[0].username, "password": "typo"})
    for officer in officers:
        response = Client().post(
            "/sign-in/", {"username": officer.username, "password": factories.TEST_PASSWORD}
        )
        assert response["Location"] == "/sign-in/second-factor/"


def test_a_real_address_behind_the_proxy_is_limited_apart_from_its_neighbours(settings, division_a):
    """Behind one trusted proxy, the limit keys on the client Caddy saw, not on the proxy."""
    settings.TRUSTED_PROXY_COUNT = 1
    settings.SIGN_IN_RATE_LIMIT = 2
    sprayer = {"REMOTE_ADDR": "172.18.0.2", "HTTP_X_FORWARDED_FOR": "203.0.113.66"}
    neighbour = {"REMOTE_ADDR": "172.18.0.2", "HTTP_X_FORWARDED_FOR": "198.51.100.7"}
    victim = factories.user(division_a)
    for n in range(3):
        Client().post("/sign-in/", {"username": f"guess{n}", "password": "x"}, **sprayer)
    refused = Client().post(
        "/sign-in/", {"username": victim.username, "password": factories.TEST_PASSWORD}, **sprayer
    )
    assert "Too many failed sign-in attempts" in refused.content.decode()
    allowed = Client().post(
        "/sign-in/",
        {"username": victim.username, "password": factories.TEST_PASSWORD},
        **neighbour,
    )
    assert allowed["Location"] == "/sign-in/second-factor/"
    assert (
        SecurityEvent.objects.filter(user=victim, kind="login_succeeded").count() == 0
    )  # the second factor is still to come


def test_token_endpoint_is_throttled_with_a_json_429():
    from rest_framework.test import APIClient

    client = APIClient()
    statuses = [
        client.post(
            "/api/v1/auth/token",
            {"username": f"guess{n}", "password": "wrong", "otp": "000000"},
            format="json",
        ).status_code
        for n in range(11)
    ]
    assert statuses[:10] == [401] * 10
    assert statuses[10] == 429
    last = client.post("/api/v1/auth/token", {}, format="json")
    assert last.json()["errors"][0]["code"] == "throttled"
    assert "Retry-After" in last


def test_passwords_are_stored_as_argon2_hashes(user_a):
    from alpr_governance import settings as production_settings

    assert production_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert user_a.password.startswith("argon2$")
    assert factories.TEST_PASSWORD not in user_a.password


def test_an_administrator_out_of_standing_cannot_unlock_and_the_refusal_is_recorded(
    user_a, admin_a
):
    """GIVEN a locked account and its division's administrator, suspended since
    WHEN the administrator tries to unlock it
    THEN it stays locked and the refusal is on the governance record."""
    from django.core.exceptions import PermissionDenied
    from django.utils import timezone

    from accounts.models import AccountStatus, GovernanceRecord

    User.objects.filter(pk=user_a.pk).update(
        locked_until=timezone.now() + timezone.timedelta(minutes=30), failed_login_count=5
    )
    User.objects.filter(pk=admin_a.pk).update(status=AccountStatus.SUSPENDED)
    admin_a.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.account_unlock(actor=admin_a, account=user_a)
    user_a.refresh_from_db()
    assert user_a.is_locked()
    assert GovernanceRecord.objects.filter(actor=admin_a, action="refused").exists()


def test_nobody_unlocks_their_own_account(admin_a):
    from django.core.exceptions import PermissionDenied
    from django.utils import timezone

    User.objects.filter(pk=admin_a.pk).update(
        locked_until=timezone.now() + timezone.timedelta(minutes=30)
    )
    admin_a.refresh_from_db()
    with pytest.raises((PermissionDenied, Http404)):
        services.account_unlock(actor=admin_a, account=admin_a)
    admin_a.refresh_from_db()
    assert admin_a.is_locked()

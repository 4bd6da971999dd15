"""New backup codes and "sign out everywhere" ask first, with the person's own counts; not
confirming (Cancel) changes nothing."""

import time

import pytest
from django_otp.plugins.otp_static.models import StaticToken

from accounts import services
from accounts.middleware import SESSION_LAST_SEEN
from accounts.models import ApiToken, SecurityEvent
from tests.conftest import token_client, verified_client

pytestmark = pytest.mark.django_db


def _impact(response) -> str:
    html = response.content.decode()
    start = html.index('data-testid="impact"')
    return html[start : html.index("</ul>", start)]


def _codes(user) -> list[str]:
    return sorted(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))


def test_new_backup_codes_say_how_many_current_ones_stop_working(user_a, client_for):
    codes = services.backup_codes_regenerate(user=user_a)
    for code in codes[:3]:
        services.second_factor_verify(user=user_a, code=code, ip_address="10.0.0.5")
    client = client_for(user_a)
    before = _codes(user_a)

    response = client.post("/account/backup-codes/")

    assert response.status_code == 200
    assert "Your 10 current codes (7 unused) will stop working." in _impact(response)
    assert 'href="/account/backup-codes/"' in response.content.decode()  # Cancel
    assert _codes(user_a) == before

    confirmed = client.post("/account/backup-codes/", {"confirmed": "1"}, follow=True)
    shown = confirmed.content.decode()
    assert 'data-testid="backup-codes"' in shown
    assert len(_codes(user_a)) == 10
    assert not set(_codes(user_a)) & set(before)


def test_all_codes_used_reads_none_unused(user_a, client_for):
    for code in services.backup_codes_regenerate(user=user_a):
        services.second_factor_verify(user=user_a, code=code, ip_address="10.0.0.5")
    response = client_for(user_a).post("/account/backup-codes/")
    assert "Your 10 current codes (none unused) will stop working." in _impact(response)


def test_first_backup_codes_need_no_confirmation(user_a, client_for):
    response = client_for(user_a).post("/account/backup-codes/", follow=True)
    assert 'data-testid="backup-codes"' in response.content.decode()
    assert len(_codes(user_a)) == 10


def test_sign_out_everywhere_counts_live_sessions_and_usable_tokens(user_a, user_b):
    laptop, phone = verified_client(user_a), verified_client(user_a)
    idle = verified_client(user_a)
    session = idle.session
    session[SESSION_LAST_SEEN] = int(time.time()) - 2 * 60 * 60  # ended by the idle timeout
    session.save()
    verified_client(user_b)  # someone else's session
    assert phone.get("/").status_code == 200
    token_client(user_a)
    token_client(user_a)
    ApiToken.objects.create(
        user=user_a, prefix="gone", key_hash="x", expires_at="2020-01-01T00:00Z"
    )
    token_client(user_b)

    response = laptop.post("/sign-out/everywhere/")

    assert response.status_code == 200
    assert (
        "You will be signed out of 2 sessions (including this one) and your 2 API tokens will "
        "be revoked." in _impact(response)
    )
    assert 'href="/"' in response.content.decode()  # Cancel: home
    assert phone.get("/").status_code == 200  # nothing ended
    assert ApiToken.objects.filter(user=user_a, revoked_at__isnull=True).count() == 3
    assert not SecurityEvent.objects.filter(user=user_a, kind="signed_out_everywhere").exists()


def test_one_session_and_no_token_read_as_such(user_a):
    response = verified_client(user_a).post("/sign-out/everywhere/")
    assert (
        "You will be signed out of 1 session (this one) and you have no API token to revoke."
        in _impact(response)
    )

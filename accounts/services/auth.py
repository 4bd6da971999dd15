"""Sign-in, lockout, the second factor, sessions and personal API tokens (DESIGN.md section 11)."""

import contextlib
import functools
import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.hashers import check_password, get_hasher, make_password
from django.core.cache import cache
from django.db import models, transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import TOKEN_PREFIX, ApiToken, SecurityEvent, User
from alpr_governance.credentials import credential_hash, credential_matches

BACKUP_DEVICE_NAME = "backup"


class SignInRefused(Exception):
    """Sign-in refused; `code` is stable (invalid_credentials, account_locked, invalid_otp)."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def security_event_record(
    *,
    kind: str,
    user: User | None = None,
    username: str = "",
    actor: User | None = None,
    ip_address: str | None = None,
    **detail,
) -> SecurityEvent:
    """Record a security-relevant event in the user's agency."""
    return SecurityEvent.objects.create(
        kind=kind,
        user=user,
        agency_id=user.agency_id if user else None,
        actor=actor,
        username=user.username if user else username[:150],
        ip_address=ip_address,
        detail=detail,
    )


# --- Sign-in failures ---------------------------------------------------------------------------
# Three counters, each taken before the password hash is compared, so concurrent guesses cannot
# all slip past one check (issue 9, item 3):
# - per account: failed_login_count on the row, under a row lock; the attempt that would be one
#   past the limit is refused unhashed and locks the account (CJIS 5.5.3);
# - per unknown username: the same count and lock in the cache, so "account locked" after five
#   failures does not tell a real username from an invented one (issue 9, item 4);
# - per client address: failures only, so a shift change behind one address never locks a
#   station out, while spraying one password across many usernames is still slowed.


@dataclass(frozen=True)
class _Attempt:
    number: int
    locked_until: datetime | None  # set when the attempt is refused because the name is locked


def _lockout_length() -> timedelta:
    return timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)


def _locked_refusal(until: datetime) -> SignInRefused:
    return SignInRefused(
        "account_locked",
        f"This account is locked after too many failed attempts. Try again after "
        f"{timezone.localtime(until):%H:%M} ({settings.LOGIN_LOCKOUT_MINUTES} minutes from the "
        f"last failure) or ask your Division Administrator to unlock it.",
    )


def _account_attempt_begin(user: User, now: datetime) -> _Attempt:
    """Count an attempt on the account before its secret is checked; refuse a locked one."""
    with transaction.atomic():
        row = (
            User.objects.select_for_update()
            .only("failed_login_count", "locked_until")
            .get(pk=user.pk)
        )
        if row.is_locked(now):
            return _Attempt(row.failed_login_count, row.locked_until)
        # A lock that has run out starts the count afresh.
        number = (0 if row.locked_until else row.failed_login_count) + 1
        locked_until = now + _lockout_length() if number > settings.LOGIN_MAX_FAILURES else None
        User.objects.filter(pk=row.pk).update(failed_login_count=number, locked_until=locked_until)
    return _Attempt(number, locked_until)


def _account_attempt_refund(user: User) -> None:
    """The attempt counted in advance was not a failure."""
    User.objects.filter(pk=user.pk, failed_login_count__gt=0).update(
        failed_login_count=models.F("failed_login_count") - 1
    )


def _account_attempt_failed(
    user: User, attempt: _Attempt, *, now: datetime, ip_address: str | None, kind: str
) -> datetime | None:
    """Record a failed attempt; the one at the limit locks the account. Returns the lock's end."""
    with transaction.atomic():
        security_event_record(kind=kind, user=user, ip_address=ip_address, attempt=attempt.number)
        if attempt.number < settings.LOGIN_MAX_FAILURES:
            return None
        until = now + _lockout_length()
        User.objects.filter(pk=user.pk).update(locked_until=until)
        security_event_record(
            kind=SecurityEvent.Kind.ACCOUNT_LOCKED,
            user=user,
            ip_address=ip_address,
            until=until.isoformat(),
        )
    return until


def _refused_locked(user: User | None, username: str, until: datetime, ip_address) -> None:
    security_event_record(
        kind=SecurityEvent.Kind.LOGIN_REFUSED_LOCKED,
        user=user,
        username=username,
        ip_address=ip_address,
    )
    raise _locked_refusal(until)


def _cache_incr(key: str, *, timeout: int) -> int:
    cache.add(key, 0, timeout=timeout)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=timeout)
        return 1


def _unknown_key(username: str) -> str:
    return "sign-in-unknown:" + hashlib.sha256(username.encode()).hexdigest()


def _unknown_attempt_begin(username: str, now: datetime) -> _Attempt:
    """The per-account count for a username that has no account, kept in the cache."""
    key = _unknown_key(username)
    until = cache.get(f"{key}:locked")
    if until is not None and until > now:
        return _Attempt(settings.LOGIN_MAX_FAILURES, until)
    number = _cache_incr(key, timeout=24 * 60 * 60)
    if number > settings.LOGIN_MAX_FAILURES:
        return _Attempt(number, _unknown_lock(key, now))
    return _Attempt(number, None)


def _unknown_lock(key: str, now: datetime) -> datetime:
    until = now + _lockout_length()
    cache.set(f"{key}:locked", until, timeout=int(_lockout_length().total_seconds()))
    cache.delete(key)
    return until


def _address_key(ip_address: str | None) -> str:
    return f"sign-in-failures:{ip_address}"


def _address_attempt_begin(ip_address: str | None) -> None:
    """Reserve one failure for the address; refuse when its failures reached the limit."""
    failures = _cache_incr(_address_key(ip_address), timeout=settings.SIGN_IN_RATE_WINDOW_SECONDS)
    if failures > settings.SIGN_IN_RATE_LIMIT:
        security_event_record(
            kind=SecurityEvent.Kind.LOGIN_FAILED, ip_address=ip_address, reason="address_limit"
        )
        raise SignInRefused(
            "too_many_attempts",
            "Too many failed sign-in attempts from this address. Wait a few minutes.",
        )


def _address_attempt_refund(ip_address: str | None) -> None:
    with contextlib.suppress(ValueError):  # the window ended meanwhile: nothing to give back
        cache.decr(_address_key(ip_address))


@functools.cache
def _dummy_hash(hasher_path: str) -> str:
    """A hash made by the configured hasher with its current cost, to compare unknown names with."""
    return make_password(secrets.token_urlsafe(16), hasher=get_hasher("default"))


def _password_matches(user: User | None, password: str) -> bool:
    """Compare the password, spending the same hashing time whether or not the account exists."""
    if user is None or not user.has_usable_password():
        check_password(password, _dummy_hash(settings.PASSWORD_HASHERS[0]))
        return False
    return user.check_password(password)


def password_check(*, username: str, password: str, ip_address: str | None) -> User:
    """First step of sign-in: the password, with lockout (CJIS 5.5.3). Raises SignInRefused."""
    now = timezone.now()
    _address_attempt_begin(ip_address)
    user = User.objects.filter(username=username).first()
    attempt = _account_attempt_begin(user, now) if user else _unknown_attempt_begin(username, now)
    if attempt.locked_until is not None:
        _refused_locked(user, username, attempt.locked_until, ip_address)
    if _password_matches(user, password) and user.is_active:
        _account_attempt_refund(user)
        _address_attempt_refund(ip_address)
        return user
    if user is not None:
        until = _account_attempt_failed(
            user, attempt, now=now, ip_address=ip_address, kind=SecurityEvent.Kind.LOGIN_FAILED
        )
    else:
        security_event_record(
            kind=SecurityEvent.Kind.LOGIN_FAILED,
            username=username,
            ip_address=ip_address,
            attempt=attempt.number,
        )
        key = _unknown_key(username)
        until = _unknown_lock(key, now) if attempt.number >= settings.LOGIN_MAX_FAILURES else None
    if until is not None:
        raise _locked_refusal(until)
    raise SignInRefused("invalid_credentials", "The username or password is not right.")


def _sign_in_succeeded(user: User, ip_address: str | None, **detail) -> None:
    User.objects.filter(pk=user.pk).update(failed_login_count=0, last_login=timezone.now())
    security_event_record(
        kind=SecurityEvent.Kind.LOGIN_SUCCEEDED, user=user, ip_address=ip_address, **detail
    )


def totp_device_for(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def second_factor_verify(*, user: User, code: str, ip_address: str | None):
    """Check a TOTP code or an unused backup code; return the device that accepted it.

    TOTP codes are single-use (django-otp keeps the last accepted time step), backup codes
    are consumed. A failure counts toward the lockout like a wrong password.
    """
    now = timezone.now()
    _address_attempt_begin(ip_address)
    attempt = _account_attempt_begin(user, now)
    if attempt.locked_until is not None:
        _refused_locked(user, user.username, attempt.locked_until, ip_address)
    code = "".join(code.split())
    totp = totp_device_for(user)
    if totp is not None and code.isdigit() and totp.verify_token(code):
        _address_attempt_refund(ip_address)
        _sign_in_succeeded(user, ip_address, factor="totp")
        return totp
    backup = StaticDevice.objects.filter(user=user, name=BACKUP_DEVICE_NAME, confirmed=True).first()
    if backup is not None and backup.verify_token(code.lower()):
        security_event_record(
            kind=SecurityEvent.Kind.BACKUP_CODE_USED, user=user, ip_address=ip_address
        )
        _address_attempt_refund(ip_address)
        _sign_in_succeeded(user, ip_address, factor="backup_code")
        return backup
    until = _account_attempt_failed(
        user, attempt, now=now, ip_address=ip_address, kind=SecurityEvent.Kind.OTP_FAILED
    )
    if until is not None:
        raise _locked_refusal(until)
    raise SignInRefused(
        "invalid_otp", "That code is not valid. Codes change every 30 seconds and work once."
    )


def totp_enrolment_start(*, user: User) -> TOTPDevice:
    """Return the user's unconfirmed TOTP device, creating one (first sign-in enrolment)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    return device


@transaction.atomic
def totp_enrolment_confirm(*, user: User, code: str, ip_address: str | None) -> list[str]:
    """Confirm the authenticator with a first code; return fresh one-time backup codes."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
    if device is None or not device.verify_token("".join(code.split())):
        raise SignInRefused(
            "invalid_otp", "That code does not match. Check the app's clock and retry."
        )
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = backup_codes_regenerate(user=user)
    security_event_record(kind=SecurityEvent.Kind.OTP_ENROLLED, user=user, ip_address=ip_address)
    _sign_in_succeeded(user, ip_address, factor="totp_enrolment")
    return codes


def backup_codes_regenerate(*, user: User) -> list[str]:
    """Replace the user's backup codes; the plain codes are returned once and never shown again."""
    StaticDevice.objects.filter(user=user, name=BACKUP_DEVICE_NAME).delete()
    device = StaticDevice.objects.create(user=user, name=BACKUP_DEVICE_NAME, confirmed=True)
    codes = [secrets.token_hex(5) for _ in range(settings.OTP_BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


def account_unlock(*, actor: User, account: User) -> User:
    """Lift a lockout early; only an administrator of the account's division may, while their own
    standing allows it and never on their own account (the refusal is recorded)."""
    from accounts.selectors import user_get_for_admin
    from accounts.services.refusals import require_may_act

    target = user_get_for_admin(user=actor, pk=account.pk)
    # Outside the unlock's transaction, so the refusal's record is kept.
    require_may_act(actor, target, act="account_unlocked", client_address=None)
    with transaction.atomic():
        target = User.objects.select_for_update().get(pk=target.pk)
        if target.locked_until is None and target.failed_login_count == 0:
            return target
        target.locked_until = None
        target.failed_login_count = 0
        target.save(update_fields=["locked_until", "failed_login_count"])
        security_event_record(kind=SecurityEvent.Kind.ACCOUNT_UNLOCKED, user=target, actor=actor)
    return target


@transaction.atomic
def sign_out_everywhere(*, user: User, ip_address: str | None) -> None:
    """End every session of the user and revoke every API token."""
    User.objects.filter(pk=user.pk).update(session_epoch=user.session_epoch + 1)
    user.session_epoch += 1
    ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    security_event_record(
        kind=SecurityEvent.Kind.SIGNED_OUT_EVERYWHERE, user=user, ip_address=ip_address
    )


@dataclass(frozen=True)
class IssuedToken:
    token: str
    expires_at: object


def api_token_issue(
    *, username: str, password: str, otp: str, ip_address: str | None
) -> IssuedToken:
    """Issue a personal API token after the password and the second factor (TOTP or backup code).

    Not one transaction: a refusal's failure count and security event must stay recorded.
    """
    user = password_check(username=username, password=password, ip_address=ip_address)
    if totp_device_for(user) is None:
        raise SignInRefused(
            "second_factor_not_enrolled",
            "Sign in to the web application once to enrol your authenticator first.",
        )
    second_factor_verify(user=user, code=otp, ip_address=ip_address)
    return api_token_create(user=user, ip_address=ip_address)


@transaction.atomic
def api_token_create(*, user: User, ip_address: str | None) -> IssuedToken:
    """Create a token for a user whose password and second factor were just checked."""
    prefix = secrets.token_hex(6)
    token = f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    api_token = ApiToken.objects.create(
        user=user,
        prefix=prefix,
        key_hash=credential_hash(token),
        expires_at=timezone.now() + settings.API_TOKEN_LIFETIME,
    )
    security_event_record(
        kind=SecurityEvent.Kind.TOKEN_ISSUED, user=user, ip_address=ip_address, prefix=prefix
    )
    return IssuedToken(token=token, expires_at=api_token.expires_at)


def api_token_lookup(token: str) -> ApiToken | None:
    """Find a usable token by its prefix and compare its keyed hash in constant time."""
    if not token.startswith(TOKEN_PREFIX):
        return None
    prefix = token[len(TOKEN_PREFIX) :].split("_", 1)[0]
    api_token = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
    if api_token is None or not credential_matches(api_token.key_hash, token):
        return None
    if not api_token.is_usable():
        return None
    return api_token


def api_token_revoke(*, api_token: ApiToken, ip_address: str | None) -> None:
    """Revoke the token the request was made with."""
    updated = ApiToken.objects.filter(pk=api_token.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if updated:
        security_event_record(
            kind=SecurityEvent.Kind.TOKEN_REVOKED,
            user=api_token.user,
            ip_address=ip_address,
            prefix=api_token.prefix,
        )


def second_factor_verified(request) -> bool:
    """Whether this request carries a verified second factor: an OTP-verified session, or an
    API token (issued only after the second factor)."""
    if isinstance(getattr(request, "auth", None), ApiToken):
        return True
    user = getattr(request, "user", None)
    is_verified = getattr(user, "is_verified", None)  # set by django_otp's middleware
    return bool(user is not None and user.is_authenticated and is_verified and is_verified())


def api_tokens_purge_expired(
    *, older_than: timedelta = timedelta(days=30), dry_run: bool = False
) -> int:
    """Delete tokens expired or revoked more than `older_than` ago (their use stays in the
    security log). Returns how many were (or, in a dry run, would be) deleted."""
    cutoff = timezone.now() - older_than
    stale = ApiToken.objects.filter(
        models.Q(expires_at__lt=cutoff) | models.Q(revoked_at__lt=cutoff)
    )
    if dry_run:
        return stale.count()
    deleted, _ = stale.delete()
    return deleted

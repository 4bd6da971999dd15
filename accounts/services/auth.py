"""Sign-in, lockout, the second factor, sessions and personal API tokens (DESIGN.md section 11)."""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.db import models, transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import TOKEN_PREFIX, ApiToken, SecurityEvent, User

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


def _lockout_failure(user: User, *, ip_address: str | None, kind: str) -> None:
    """Count a failed attempt and lock the account at the limit (CJIS 5.5.3)."""
    with transaction.atomic():
        locked_user = User.objects.select_for_update().get(pk=user.pk)
        locked_user.failed_login_count += 1
        fields = ["failed_login_count"]
        security_event_record(
            kind=kind,
            user=locked_user,
            ip_address=ip_address,
            attempt=locked_user.failed_login_count,
        )
        if locked_user.failed_login_count >= settings.LOGIN_MAX_FAILURES:
            locked_user.locked_until = timezone.now() + timedelta(
                minutes=settings.LOGIN_LOCKOUT_MINUTES
            )
            locked_user.failed_login_count = 0
            fields.append("locked_until")
            security_event_record(
                kind=SecurityEvent.Kind.ACCOUNT_LOCKED,
                user=locked_user,
                ip_address=ip_address,
                until=locked_user.locked_until.isoformat(),
            )
        locked_user.save(update_fields=fields)
    user.refresh_from_db(fields=["failed_login_count", "locked_until"])


def _refuse_if_locked(user: User, ip_address: str | None) -> None:
    if user.is_locked():
        security_event_record(
            kind=SecurityEvent.Kind.LOGIN_REFUSED_LOCKED, user=user, ip_address=ip_address
        )
        minutes = settings.LOGIN_LOCKOUT_MINUTES
        raise SignInRefused(
            "account_locked",
            f"This account is locked after too many failed attempts. Try again after "
            f"{timezone.localtime(user.locked_until):%H:%M} ({minutes} minutes from the last "
            f"failure) or ask your Division Administrator to unlock it.",
        )


def password_check(*, username: str, password: str, ip_address: str | None) -> User:
    """First step of sign-in: the password, with lockout. Raises SignInRefused."""
    user = User.objects.filter(username=username).first()
    if user is not None:
        _refuse_if_locked(user, ip_address)
    authenticated = authenticate(username=username, password=password)
    if authenticated is None:
        if user is not None and user.is_active:
            _lockout_failure(user, ip_address=ip_address, kind=SecurityEvent.Kind.LOGIN_FAILED)
            _refuse_if_locked(user, ip_address)
        else:
            security_event_record(
                kind=SecurityEvent.Kind.LOGIN_FAILED, username=username, ip_address=ip_address
            )
        raise SignInRefused("invalid_credentials", "The username or password is not right.")
    return authenticated


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
    _refuse_if_locked(user, ip_address)
    code = "".join(code.split())
    totp = totp_device_for(user)
    if totp is not None and code.isdigit() and totp.verify_token(code):
        _sign_in_succeeded(user, ip_address, factor="totp")
        return totp
    backup = StaticDevice.objects.filter(user=user, name=BACKUP_DEVICE_NAME, confirmed=True).first()
    if backup is not None and backup.verify_token(code.lower()):
        security_event_record(
            kind=SecurityEvent.Kind.BACKUP_CODE_USED, user=user, ip_address=ip_address
        )
        _sign_in_succeeded(user, ip_address, factor="backup_code")
        return backup
    _lockout_failure(user, ip_address=ip_address, kind=SecurityEvent.Kind.OTP_FAILED)
    _refuse_if_locked(user, ip_address)
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


@transaction.atomic
def account_unlock(*, actor: User, account: User) -> User:
    """Lift a lockout early; only an administrator of the account's division may."""
    from accounts.selectors import user_get_for_admin

    target = user_get_for_admin(user=actor, pk=account.pk)
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


def _token_hash(token: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), token.encode(), hashlib.sha256).hexdigest()


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
        key_hash=_token_hash(token),
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
    if api_token is None or not hmac.compare_digest(api_token.key_hash, _token_hash(token)):
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

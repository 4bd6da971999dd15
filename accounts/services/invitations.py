"""Getting people in: the invitation sent when a person is created, the password and
authenticator resets an administrator gives, and "forgot password?" (issue 11, build item 1).

A link is a random token mailed to the person; only its keyed hash is stored (AccountLink), it
expires, and it is used once. Acts of an administrator are on the governance record with the
person told by mail (53060.5(c)(1)); "forgot password?" answers the same whether or not the
account exists, and a locked, closed or separated account receives nothing usable."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import AccountLink, AccountStatus, ApiToken, SecurityEvent, User
from accounts.notifications import notify
from accounts.services import acts
from accounts.services.auth import (
    SignInRefused,
    _address_attempt_begin,
    _cache_incr,
    security_event_record,
)
from accounts.services.governance import governance_record
from accounts.services.refusals import require_may_act
from alpr_governance.credentials import _hash, credential_hash, credential_matches

INVITATION_VALID = timedelta(hours=72)
RESET_VALID = timedelta(hours=2)
# Requests per account per hour: enough for a lost mail, too few to flood someone's inbox.
FORGOT_PER_ACCOUNT_PER_HOUR = 3

LINK_BROKEN = "This link has expired or was already used. Ask your administrator for a new one."


def _may_receive_link(user: User) -> bool:
    """A closed, separated or locked account gets nothing usable."""
    return (
        user.is_active
        and user.agency_id is not None
        and user.status not in (AccountStatus.SEPARATED,)
        and not user.is_locked()
    )


def _issue(*, user: User, purpose: str, created_by: User | None) -> str:
    """A new link for the user; any link still open is made void, so only the latest works."""
    now = timezone.now()
    AccountLink.objects.filter(user=user, used_at__isnull=True).update(used_at=now)
    token = secrets.token_urlsafe(32)
    valid = INVITATION_VALID if purpose == AccountLink.Purpose.INVITATION else RESET_VALID
    AccountLink.objects.create(
        user=user,
        purpose=purpose,
        token_hash=credential_hash(token),
        created_at=now,
        expires_at=now + valid,
        created_by=created_by,
    )
    return token


def _link_url(link_base: str, token: str) -> str:
    return (link_base or settings.SITE_URL).rstrip("/") + reverse(
        "accounts:account_link", args=[token]
    )


def _mail_invitation(user: User, url: str) -> None:
    hours = int(INVITATION_VALID.total_seconds() // 3600)
    notify(
        user=user,
        subject="You are invited to ALPR Access Governance",
        body=(
            f"Hello {user.display_name},\n\n"
            f"An account was opened for you (username: {user.username}). Open this link to "
            f"choose your password; you will then add an authenticator app:\n\n{url}\n\n"
            f"The link works once and expires in {hours} hours.\n"
        ),
        copy_admins=False,
    )


def _mail_reset(user: User, url: str, *, by_admin: bool) -> None:
    minutes = int(RESET_VALID.total_seconds() // 60)
    who = (
        "Your administrator reset your password."
        if by_admin
        else ("Someone (we hope you) asked to reset your password.")
    )
    notify(
        user=user,
        subject="Set a new password",
        body=(
            f"Hello {user.display_name},\n\n{who} Open this link to choose a new one:\n\n"
            f"{url}\n\nThe link works once and expires in {minutes} minutes. If you did not "
            "ask for this, tell your administrator.\n"
        ),
        copy_admins=False,
    )


def _end_sessions(user: User) -> None:
    """Every session ends (accounts.middleware compares the epoch) and every API token stops."""
    User.objects.filter(pk=user.pk).update(session_epoch=user.session_epoch + 1)
    user.session_epoch += 1
    ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())


def invitation_issue(
    *, actor: User | None, subject: User, link_base: str, client_address: str | None = None
) -> None:
    """Part of creating a person: the invitation, recorded and mailed after commit. Runs inside
    the caller's transaction (accounts.services.people.access_request)."""
    token = _issue(user=subject, purpose=AccountLink.Purpose.INVITATION, created_by=actor)
    _record(actor, subject, acts.INVITATION_SENT, client_address)
    _mail_invitation(subject, _link_url(link_base, token))


def _record(actor, subject, action, client_address, reason=""):
    governance_record(
        actor=actor,
        agency=subject.agency,
        action=action,
        subject=subject,
        before={},
        after={"username": subject.username},
        reason=reason,
        client_address=client_address,
    )


def invitation_resend(
    *, actor: User, subject: User, link_base: str, client_address: str | None = None
) -> None:
    """A new invitation for a person who has not signed in yet; the earlier link stops working."""
    require_may_act(actor, subject, act=acts.INVITATION_SENT, client_address=client_address)
    if subject.last_login is not None:
        raise ValidationError("This person has signed in already: reset their password instead.")
    if not _may_receive_link(subject):
        raise ValidationError("This account is closed or locked; it cannot be invited.")
    with transaction.atomic():
        invitation_issue(
            actor=actor, subject=subject, link_base=link_base, client_address=client_address
        )


def password_reset(
    *, actor: User, subject: User, link_base: str, client_address: str | None = None
) -> None:
    """An administrator resets a person's password: the old one stops working, their sessions
    and API tokens end, and they are mailed a one-time link to choose a new one."""
    require_may_act(actor, subject, act=acts.PASSWORD_RESET, client_address=client_address)
    if not _may_receive_link(subject):
        raise ValidationError("This account is closed or locked; unlock it first.")
    with transaction.atomic():
        person = User.objects.select_for_update().get(pk=subject.pk)
        person.set_unusable_password()
        person.save(update_fields=["password"])
        _end_sessions(person)
        token = _issue(user=person, purpose=AccountLink.Purpose.PASSWORD_RESET, created_by=actor)
        _record(actor, person, acts.PASSWORD_RESET, client_address)
        _mail_reset(person, _link_url(link_base, token), by_admin=True)


def authenticator_reset(*, actor: User, subject: User, client_address: str | None = None) -> None:
    """An administrator removes a person's authenticator and backup codes (a lost phone): their
    sessions end and their next sign-in enrols a new authenticator."""
    require_may_act(actor, subject, act=acts.AUTHENTICATOR_RESET, client_address=client_address)
    with transaction.atomic():
        person = User.objects.select_for_update().get(pk=subject.pk)
        TOTPDevice.objects.filter(user=person).delete()
        StaticDevice.objects.filter(user=person).delete()
        _end_sessions(person)
        _record(actor, person, acts.AUTHENTICATOR_RESET, client_address)
        notify(
            user=person,
            subject="Your authenticator was reset",
            body=(
                f"Hello {person.display_name},\n\nYour administrator removed your authenticator "
                "app and backup codes. At your next sign-in you will add an authenticator "
                "again. If you did not ask for this, tell your administrator.\n"
            ),
            copy_admins=False,
        )


def password_forgot(*, identifier: str, link_base: str, ip_address: str | None) -> None:
    """ "Forgot password?": mail a reset link if the username or e-mail names an account that may
    have one. Returns nothing and raises nothing an unknown name would not, so the answer never
    tells whether an account exists; throttled per address like sign-in. Raises SignInRefused
    only for the address limit, which unknown and known names reach alike."""
    _address_attempt_begin(ip_address)
    identifier = identifier.strip()
    security_event_record(
        kind=SecurityEvent.Kind.PASSWORD_RESET_REQUESTED,
        username=identifier[:150],
        ip_address=ip_address,
    )
    if not identifier:
        return
    matches = list(
        User.objects.filter(Q(username=identifier) | Q(email__iexact=identifier))
        .select_related("agency")
        .order_by("pk")[:2]
    )
    # An e-mail shared by two accounts names neither: the person asks their administrator.
    if len(matches) != 1 or not _may_receive_link(matches[0]):
        return
    user = matches[0]
    sent = _cache_incr(f"password-forgot:{user.pk}", timeout=3600)
    if sent > FORGOT_PER_ACCOUNT_PER_HOUR:
        return
    with transaction.atomic():
        token = _issue(user=user, purpose=AccountLink.Purpose.PASSWORD_RESET, created_by=None)
        _mail_reset(user, _link_url(link_base, token), by_admin=False)


def _link_for(token: str, *, lock: bool = False) -> AccountLink | None:
    if not token or len(token) > 100:
        return None
    keys = (settings.CREDENTIALS_KEY, *settings.CREDENTIALS_KEYS_PREVIOUS)
    query = AccountLink.objects.select_related("user", "user__agency")
    if lock:
        query = query.select_for_update(of=("self",))
    link = query.filter(token_hash__in=[_hash(key, token) for key in keys]).first()
    if link is None or not credential_matches(link.token_hash, token):
        return None
    return link


def account_link_check(*, token: str) -> AccountLink | None:
    """The link the token opens, if it is still usable by its person; else None."""
    link = _link_for(token)
    if link is None or not link.is_usable() or not _may_receive_link(link.user):
        return None
    return link


def account_link_use(
    *, token: str, password: str, password_again: str, ip_address: str | None
) -> User:
    """Set the password through a link, once: the link is spent, other open links are void, and
    any other session of the person ends. Raises ValidationError (field "password") for a
    password Django's validators refuse, SignInRefused for a broken link."""
    with transaction.atomic():
        link = _link_for(token, lock=True)
        if link is None or not link.is_usable() or not _may_receive_link(link.user):
            raise SignInRefused("link_unusable", LINK_BROKEN)
        user = User.objects.select_for_update().get(pk=link.user_id)
        if password != password_again:
            raise ValidationError({"password_again": "The two passwords differ."})
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise ValidationError({"password": error.messages}) from error
        user.set_password(password)
        user.save(update_fields=["password"])
        now = timezone.now()
        AccountLink.objects.filter(user=user, used_at__isnull=True).update(used_at=now)
        _end_sessions(user)
        security_event_record(
            kind=SecurityEvent.Kind.PASSWORD_SET,
            user=user,
            ip_address=ip_address,
            purpose=link.purpose,
        )
    return user


def invitation_state(person: User) -> dict | None:
    """What the person page says about getting in: None once the person has signed in."""
    if person.last_login is not None:
        return None
    link = person.account_links.filter(purpose=AccountLink.Purpose.INVITATION).first()
    if link is None:
        return {"state": "none", "label": "Not invited (no password yet)"}
    if person.has_usable_password():
        return {"state": "used", "label": "Password chosen, not yet signed in", "link": link}
    if link.is_usable():
        return {"state": "invited", "label": "Invited, not yet signed in", "link": link}
    return {"state": "expired", "label": "Invitation expired: resend it", "link": link}

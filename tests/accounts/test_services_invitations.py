"""Getting people in: invitations, resets and "forgot password?" (issue 11, build item 1)."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import services
from accounts.models import AccountLink, AccountStatus, ApiToken, GovernanceRecord, User
from accounts.services import acts
from accounts.services.auth import api_token_create
from tests import factories

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "correct horse battery staple 42"
LINK = re.compile(r"https?://\S+/sign-in/link/([\w-]+)/")


def _token_in(message) -> str:
    return LINK.search(message.body).group(1)


def _create_person(admin, division, capture, **fields):
    with capture(execute=True):
        person = services.access_request(
            actor=admin,
            division=division,
            username=fields.get("username", "newcomer"),
            first_name="Nia",
            last_name="Newcomer",
            email=fields.get("email", "nia@example.invalid"),
            job_classification=division.agency.eligible_classifications[0],
            reason="Burglary series 26-118342",
            link_base="https://alpr.example.invalid/",
        )
    return person


def _use(token, password=NEW_PASSWORD, again=None):
    return services.account_link_use(
        token=token, password=password, password_again=again or password, ip_address="10.0.0.9"
    )


def test_creating_a_person_mails_a_one_time_invitation_and_keeps_only_its_hash(
    division_a, admin_a, django_capture_on_commit_callbacks
):
    person = _create_person(admin_a, division_a, django_capture_on_commit_callbacks)
    [message] = [m for m in mail.outbox if m.to == ["nia@example.invalid"]]
    token = _token_in(message)
    assert message.body.count("https://alpr.example.invalid/sign-in/link/") == 1
    link = AccountLink.objects.get(user=person)
    assert link.purpose == AccountLink.Purpose.INVITATION
    assert token not in link.token_hash
    assert link.expires_at - link.created_at == timedelta(hours=72)
    assert not person.has_usable_password()
    assert services.invitation_state(person)["state"] == "invited"
    assert GovernanceRecord.objects.filter(
        subject_user=person, action=acts.INVITATION_SENT, actor=admin_a
    ).exists()


def test_the_invitation_sets_the_password_once_and_is_refused_the_second_time(
    division_a, admin_a, django_capture_on_commit_callbacks
):
    person = _create_person(admin_a, division_a, django_capture_on_commit_callbacks)
    token = _token_in(mail.outbox[-1])
    user = _use(token)
    assert user.check_password(NEW_PASSWORD)
    assert services.account_link_check(token=token) is None
    with pytest.raises(services.SignInRefused):
        _use(token, password="another long passphrase 77")
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)
    assert services.invitation_state(person)["state"] == "used"


def test_an_expired_invitation_opens_nothing_and_the_person_page_says_expired(
    division_a, admin_a, django_capture_on_commit_callbacks
):
    person = _create_person(admin_a, division_a, django_capture_on_commit_callbacks)
    token = _token_in(mail.outbox[-1])
    AccountLink.objects.filter(user=person).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert services.account_link_check(token=token) is None
    with pytest.raises(services.SignInRefused):
        _use(token)
    person.refresh_from_db()
    assert not person.has_usable_password()
    assert services.invitation_state(person)["state"] == "expired"


def test_a_weak_password_is_refused_by_the_validators_and_the_link_still_works(
    division_a, admin_a, django_capture_on_commit_callbacks
):
    _create_person(admin_a, division_a, django_capture_on_commit_callbacks)
    token = _token_in(mail.outbox[-1])
    with pytest.raises(ValidationError) as refused:
        _use(token, password="password1")
    assert "password" in refused.value.message_dict
    with pytest.raises(ValidationError) as differ:
        _use(token, password=NEW_PASSWORD, again=NEW_PASSWORD + "x")
    assert "password_again" in differ.value.message_dict
    assert services.account_link_check(token=token) is not None


def test_resending_the_invitation_voids_the_earlier_link_and_is_recorded(
    division_a, admin_a, django_capture_on_commit_callbacks
):
    person = _create_person(admin_a, division_a, django_capture_on_commit_callbacks)
    first = _token_in(mail.outbox[-1])
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_resend(actor=admin_a, subject=person, link_base="https://x.invalid")
    second = _token_in(mail.outbox[-1])
    assert services.account_link_check(token=first) is None
    assert services.account_link_check(token=second).user == person
    assert (
        GovernanceRecord.objects.filter(subject_user=person, action=acts.INVITATION_SENT).count()
        == 2
    )


def test_nobody_resends_their_own_invitation_or_resets_themselves_and_the_refusal_is_recorded(
    admin_a,
):
    for act in (services.invitation_resend, services.password_reset):
        with pytest.raises(PermissionDenied):
            act(actor=admin_a, subject=admin_a, link_base="https://x.invalid")
    with pytest.raises(PermissionDenied):
        services.authenticator_reset(actor=admin_a, subject=admin_a)
    assert GovernanceRecord.objects.filter(subject_user=admin_a, action=acts.REFUSED).count() == 3


def test_an_administrator_of_another_agency_may_not_reset_a_person(admin_b, user_a):
    with pytest.raises(PermissionDenied):
        services.password_reset(actor=admin_b, subject=user_a, link_base="https://x.invalid")
    user_a.refresh_from_db()
    assert user_a.check_password(factories.TEST_PASSWORD)


def test_a_password_reset_ends_sessions_and_tokens_and_mails_a_link(
    admin_a, user_a, django_capture_on_commit_callbacks
):
    api_token_create(user=user_a, ip_address=None)
    epoch = user_a.session_epoch
    with django_capture_on_commit_callbacks(execute=True):
        services.password_reset(actor=admin_a, subject=user_a, link_base="https://x.invalid")
    user_a.refresh_from_db()
    assert not user_a.has_usable_password()
    assert user_a.session_epoch == epoch + 1
    assert not ApiToken.objects.filter(user=user_a, revoked_at__isnull=True).exists()
    [message] = [m for m in mail.outbox if m.to == [user_a.email]]
    assert "administrator reset your password" in message.body
    _use(_token_in(message))
    user_a.refresh_from_db()
    assert user_a.check_password(NEW_PASSWORD)
    assert GovernanceRecord.objects.filter(subject_user=user_a, action=acts.PASSWORD_RESET).exists()


def test_using_a_forgot_password_link_ends_the_persons_other_sessions(
    user_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.password_forgot(
            identifier=user_a.username, link_base="https://x.invalid", ip_address="10.0.0.5"
        )
    epoch = User.objects.get(pk=user_a.pk).session_epoch
    _use(_token_in(mail.outbox[-1]))
    assert User.objects.get(pk=user_a.pk).session_epoch == epoch + 1


def test_an_authenticator_reset_removes_the_devices_and_tells_the_person(
    admin_a, user_a, django_capture_on_commit_callbacks
):
    services.backup_codes_regenerate(user=user_a)
    with django_capture_on_commit_callbacks(execute=True):
        services.authenticator_reset(actor=admin_a, subject=user_a)
    assert not TOTPDevice.objects.filter(user=user_a).exists()
    assert not StaticDevice.objects.filter(user=user_a).exists()
    assert any(m.to == [user_a.email] and "authenticator" in m.subject for m in mail.outbox)
    assert GovernanceRecord.objects.filter(
        subject_user=user_a, action=acts.AUTHENTICATOR_RESET
    ).exists()


def test_forgot_password_mails_an_existing_account_and_says_nothing_for_an_unknown_one(
    user_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        known = services.password_forgot(
            identifier=user_a.email, link_base="https://x.invalid", ip_address="10.0.0.5"
        )
        unknown = services.password_forgot(
            identifier="nobody@example.invalid",
            link_base="https://x.invalid",
            ip_address="10.0.0.5",
        )
    assert known is None and unknown is None
    assert [m.to for m in mail.outbox] == [[user_a.email]]
    # Asking is not resetting: the old password still works until the link is used.
    user_a.refresh_from_db()
    assert user_a.check_password(factories.TEST_PASSWORD)


@pytest.mark.parametrize("closed", ["separated", "locked", "inactive"])
def test_forgot_password_gives_a_locked_or_closed_account_nothing_usable(
    user_a, closed, django_capture_on_commit_callbacks
):
    if closed == "separated":
        User.objects.filter(pk=user_a.pk).update(status=AccountStatus.SEPARATED)
    elif closed == "locked":
        User.objects.filter(pk=user_a.pk).update(
            locked_until=timezone.now() + timedelta(minutes=30)
        )
    else:
        User.objects.filter(pk=user_a.pk).update(is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        services.password_forgot(
            identifier=user_a.username, link_base="https://x.invalid", ip_address="10.0.0.5"
        )
    assert mail.outbox == []
    assert not AccountLink.objects.filter(user=user_a).exists()


def test_a_link_stops_working_once_the_account_is_separated(
    admin_a, user_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.password_forgot(
            identifier=user_a.username, link_base="https://x.invalid", ip_address="10.0.0.5"
        )
    token = _token_in(mail.outbox[-1])
    User.objects.filter(pk=user_a.pk).update(status=AccountStatus.SEPARATED)
    with pytest.raises(services.SignInRefused):
        _use(token)


def test_forgot_password_is_throttled_per_address_like_sign_in(settings, user_a):
    settings.SIGN_IN_RATE_LIMIT = 2
    for _ in range(2):
        services.password_forgot(
            identifier="x", link_base="https://x.invalid", ip_address="10.9.9.9"
        )
    with pytest.raises(services.SignInRefused) as refused:
        services.password_forgot(
            identifier=user_a.username, link_base="https://x.invalid", ip_address="10.9.9.9"
        )
    assert refused.value.code == "too_many_attempts"
    assert not AccountLink.objects.filter(user=user_a).exists()


def test_forgot_password_mails_one_account_at_most_three_times_an_hour(
    user_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(5):
            services.password_forgot(
                identifier=user_a.username, link_base="https://x.invalid", ip_address=f"10.0.1.{n}"
            )
    assert len(mail.outbox) == 3

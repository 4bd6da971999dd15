"""The pages of getting people in: "forgot password?", the link page, the person page's actions."""

import re

import pytest
from django.core import mail
from django.test import Client

from accounts.models import AccountLink, GovernanceRecord, User
from accounts.services import acts
from tests import factories

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://[^/\s]+(/sign-in/link/[\w-]+/)")


def test_the_sign_in_page_offers_forgot_password():
    assert b'href="/sign-in/forgot/"' in Client().get("/sign-in/").content


def test_forgot_password_answers_the_same_for_a_known_and_an_unknown_account(
    user_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        known = Client().post("/sign-in/forgot/", {"identifier": user_a.username})
    unknown = Client().post("/sign-in/forgot/", {"identifier": "no.such.person"})
    assert known.status_code == unknown.status_code == 200
    strip = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')
    assert strip.sub(b"", known.content) == strip.sub(b"", unknown.content)
    assert b"is on its way" in known.content
    assert [m.to for m in mail.outbox] == [[user_a.email]]


def test_the_mailed_link_sets_the_password_and_sends_the_person_to_the_second_factor(
    user_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        Client().post("/sign-in/forgot/", {"identifier": user_a.email})
    path = LINK.search(mail.outbox[-1].body).group(1)
    browser = Client()
    assert browser.get(path).status_code == 200
    weak = browser.post(path, {"password": "password1", "password_again": "password1"})
    assert weak.status_code == 200 and b"too common" in weak.content
    done = browser.post(
        path, {"password": "a long new passphrase 9", "password_again": "a long new passphrase 9"}
    )
    assert done.status_code == 302 and done["Location"] == "/sign-in/second-factor/"
    assert User.objects.get(pk=user_a.pk).check_password("a long new passphrase 9")
    assert Client().get(path).status_code == 404


def test_a_person_signed_in_as_someone_else_cannot_use_a_link(
    user_a, admin_a, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        Client().post("/sign-in/forgot/", {"identifier": user_a.username})
    path = LINK.search(mail.outbox[-1].body).group(1)
    response = client_for(admin_a).post(
        path, {"password": "a long new passphrase 9", "password_again": "a long new passphrase 9"}
    )
    assert response.status_code == 404
    assert AccountLink.objects.get(user=user_a).used_at is None


def test_the_person_page_shows_the_invitation_and_the_three_actions(
    division_a, admin_a, client_for, django_capture_on_commit_callbacks
):
    person = factories.user(division_a, status="pending", with_totp=False)
    User.objects.filter(pk=person.pk).update(password="!", last_login=None)
    admin = client_for(admin_a)
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(f"/provisioning/users/{person.pk}/invite/")
    page = admin.get(f"/provisioning/users/{person.pk}/").content.decode()
    assert "Invited, not yet signed in" in page
    for name in ("Resend invitation to", "Reset password of", "Reset authenticator of"):
        assert f"{name} {person.display_name}" in page
    assert GovernanceRecord.objects.filter(
        subject_user=person, action=acts.INVITATION_SENT, actor=admin_a
    ).exists()
    assert any(m.to == [person.email] for m in mail.outbox)


def test_an_administrators_own_page_offers_no_reset(admin_a, client_for):
    page = client_for(admin_a).get(f"/provisioning/users/{admin_a.pk}/").content.decode()
    assert "Reset password of" not in page
    assert "Reset authenticator of" not in page


def test_a_reset_from_the_person_page_is_recorded_and_ends_the_persons_session(
    admin_a, user_a, client_for
):
    theirs = client_for(user_a)
    assert theirs.get("/").status_code == 200
    client_for(admin_a).post(f"/provisioning/users/{user_a.pk}/authenticator-reset/")
    assert theirs.get("/").status_code == 302
    assert GovernanceRecord.objects.filter(
        subject_user=user_a, action=acts.AUTHENTICATOR_RESET
    ).exists()

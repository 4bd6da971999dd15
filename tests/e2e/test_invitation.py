"""Issue 11, build item 1, in Chromium: an administrator creates a person, who is invited by mail,
chooses a password through the link, enrols an authenticator and lands signed in."""

import re

from django.core import mail
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User

LINK = re.compile(r"https?://[^/\s]+(/sign-in/link/[\w-]+/)")
PASSWORD = "correct horse battery staple 42"


def _current_code(person) -> str:
    device = TOTPDevice.objects.get(user=person)
    return str(TOTP(device.bin_key, device.step, device.t0, device.digits).token()).zfill(
        device.digits
    )


def test_an_invited_person_sets_a_password_enrols_an_authenticator_and_is_signed_in(
    page, sign_in, admin_a
):
    """GIVEN a Division Administrator
    WHEN they create a new person, and the person opens the mailed link, chooses a password and
    confirms an authenticator code
    THEN the person is signed in, and the link never works again."""
    sign_in(page, admin_a)
    page.goto("/provisioning/request/")
    page.get_by_label("Username").fill("officer.ines")
    page.get_by_label("First name").fill("Ines")
    page.get_by_label("Last name").fill("Ortega")
    page.get_by_label("Email").fill("ortega@example.invalid")
    page.get_by_label("Job classification").select_option("Detective")
    page.get_by_label("Documented need").fill("Auto theft task force, case 26-118342")
    page.get_by_role("button", name="Create the request").click()
    page.get_by_role("heading", name="Ines Ortega").wait_for()
    assert (
        page.get_by_test_id("invitation-state")
        .inner_text()
        .startswith("Invited, not yet signed in")
    )

    [invitation] = [m for m in mail.outbox if m.to == ["ortega@example.invalid"]]
    link = LINK.search(invitation.body).group(1)
    page.context.clear_cookies()
    page.goto(link)
    page.get_by_role("heading", name="Choose your password").wait_for()
    page.get_by_label("New password").fill(PASSWORD)
    page.get_by_label("The same password again").fill(PASSWORD)
    page.get_by_role("button", name="Set my password").click()

    page.get_by_role("heading", name="Set up your authenticator").wait_for()
    person = User.objects.get(username="officer.ines")
    page.get_by_role("textbox", name="Code from the app").fill(_current_code(person))
    page.get_by_role("button", name="Confirm").click()
    # A new person has not signed the agreement yet: continuing takes them to it.
    page.get_by_role("link", name="I have saved them — continue to the agreement").click()
    page.get_by_role("heading", name="End User Agreement", exact=True).wait_for()

    # Fetched beside the page: a 404 document in the tab would count as a console error.
    page.context.clear_cookies()
    again = page.request.get(link)
    assert again.status == 404
    assert "This link no longer works" in again.text()

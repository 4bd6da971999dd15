"""Issue 11, the first "Done when", in Chromium: from nothing to "Allowed". An administrator
creates a person; the person takes the mailed invitation in their own browser, chooses a
password, enrols an authenticator and signs Form 110 online; the administrator records the
training and grants access; the person's home page then says "Allowed"."""

import base64
import re

import pytest
from django.core import mail
from django.utils import timezone
from django_otp.oath import TOTP

LINK = re.compile(r"https?://[^/\s]+(/sign-in/link/[\w-]+/)")
PASSWORD = "a quiet harbour at dawn 27"


@pytest.fixture
def second_browser(browser, live_server):
    """The new person's own browser: a separate context, held to the same console rule."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    yield tab
    context.close()
    assert errors == [], errors


def _fill_or_choose(page, label: str, value: str) -> None:
    """A text box or a list of choices, whichever the form offers for this field."""
    field = page.get_by_label(label).first
    if field.evaluate("element => element.tagName") == "SELECT":
        field.select_option(label=value)
    else:
        field.fill(value)


def _submit(page, button) -> None:
    """Click, and confirm on the impact page if the act asks for it (alpr_governance.confirm)."""
    button.click()
    page.wait_for_load_state()
    confirm = page.locator("section.confirm form button[type=submit]")
    if confirm.count():
        confirm.click()
        page.wait_for_load_state()


def _code_from_secret(secret_shown: str) -> str:
    """What the person's authenticator app shows, from the key printed under the QR code."""
    secret = secret_shown.replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    return str(TOTP(key).token()).zfill(6)


def _steps_text(page) -> str:
    return " ".join(page.get_by_test_id("onboarding-steps").inner_text().split())


def test_a_new_person_goes_from_invitation_to_allowed(page, second_browser, sign_in, admin_a):
    """GIVEN a Division Administrator signed in
    WHEN they create Dana Reyes in the browser, Dana opens the mailed link, chooses a password,
    enrols an authenticator and signs Form 110 online, and the administrator then records the
    training and grants access
    THEN Dana's home page says "Allowed"; every step on her side said what came next."""
    admin, dana = page, second_browser

    # The administrator creates the person.
    sign_in(admin, admin_a)
    admin.goto("/provisioning/request/")
    admin.get_by_label("Username").fill("dana.reyes")
    admin.get_by_label("First name").fill("Dana")
    admin.get_by_label("Last name").fill("Reyes")
    admin.get_by_label("Email").fill("reyes@example.invalid")
    _fill_or_choose(admin, "Job classification", "Detective")
    admin.get_by_label("Documented need").fill("Auto theft task force, case 26-118342")
    admin.get_by_role("button", name=re.compile(r"^Create the request")).click()
    admin.get_by_role("heading", name="Dana Reyes").wait_for()
    assert admin.get_by_role("link", name="Print Form 110 for Dana Reyes").is_visible()

    # Dana opens the invitation from her e-mail.
    [invitation] = [m for m in mail.outbox if m.to == ["reyes@example.invalid"]]
    dana.goto(LINK.search(invitation.body).group(1))
    dana.get_by_label("New password").fill(PASSWORD)
    dana.get_by_label("The same password again").fill(PASSWORD)
    dana.get_by_role("button", name="Set my password").click()

    dana.get_by_role("heading", name="Set up your authenticator").wait_for()
    secret = dana.get_by_test_id("totp-secret").inner_text()
    dana.get_by_role("textbox", name="Code from the app").fill(_code_from_secret(secret))
    dana.get_by_role("button", name="Confirm").click()

    # The backup codes page says what comes next and leads to the agreement.
    dana.get_by_role("heading", name="Backup codes").wait_for()
    assert "Next Sign the End User Agreement (Form 110)" in _steps_text(dana)
    dana.get_by_role("link", name="I have saved them — continue to the agreement").click()

    dana.get_by_role("heading", name="End User Agreement", exact=True).wait_for()
    assert "Done Add an authenticator app" in _steps_text(dana)
    assert dana.get_by_role("link", name="Print Form 110 for Dana Reyes").is_visible()
    dana.get_by_label("Type your full name").fill("Dana Reyes")
    dana.get_by_label(re.compile(r"^I have read this agreement")).check()
    dana.get_by_role("button", name=re.compile(r"^Sign version \d+")).click()
    dana.get_by_role("heading", name="Welcome, Dana Reyes").wait_for()
    dana.get_by_text(
        "What remains: complete the required training and give your Division Administrator "
        "the certificate, then your Division Administrator grants access."
    ).wait_for()
    assert not dana.get_by_test_id("access-allowed").is_visible()

    # The administrator sees the signature, records the training and grants access.
    admin.reload()
    assert "Signed in the application" in admin.get_by_test_id("signatures").inner_text()
    admin.get_by_label("Completed on").fill(timezone.localdate().isoformat())
    _submit(admin, admin.get_by_role("button", name=re.compile(r"^Record completed training")))
    # The message at the top of the page (the history below names the act too).
    admin.get_by_text("Training recorded").first.wait_for()
    _submit(admin, admin.get_by_role("button", name=re.compile(r"^Grant access")))
    admin.get_by_text("Access granted to Dana Reyes").first.wait_for()

    # Dana, still signed in with her second factor, is allowed.
    dana.goto("/")
    dana.get_by_role("heading", name="Welcome, Dana Reyes").wait_for()
    assert dana.get_by_test_id("access-allowed").inner_text() == "Allowed"

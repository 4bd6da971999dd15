import base64

from django_otp.oath import TOTP

from accounts.models import Role, SecurityEvent
from tests import factories


def test_first_sign_in_enrols_an_authenticator_and_reaches_home(page, division_a):
    """GIVEN a new account without an authenticator
    WHEN the person signs in, scans the enrolment key and types the app's code
    THEN they get backup codes once and reach a home page showing their role, division, agency."""
    user = factories.user(division_a, role=Role.END_USER, with_totp=False)
    page.goto("/")
    assert "/sign-in/" in page.url  # nothing before sign-in
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(factories.TEST_PASSWORD)
    page.get_by_role("button", name="Continue").click()

    page.get_by_role("heading", name="Set up your authenticator").wait_for()
    # Any page but enrolment bounces back here until the second factor is set up.
    page.goto("/jobs/")
    page.get_by_role("heading", name="Set up your authenticator").wait_for()
    secret = page.get_by_test_id("totp-secret").inner_text().replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    page.get_by_label("Code from the app").fill(str(TOTP(key).token()).zfill(6))
    page.get_by_role("button", name="Confirm").click()

    codes = page.get_by_test_id("backup-codes").locator("li")
    assert codes.count() == 10
    # Not signed yet: continuing leads to the agreement first (tests/e2e/test_onboarding.py).
    page.get_by_role("link", name="I have saved them — continue to the agreement").click()
    page.get_by_role("heading", name="End User Agreement", exact=True).wait_for()
    page.goto("/")
    page.get_by_role("heading", name=f"Welcome, {user.display_name}").wait_for()
    assert page.get_by_test_id("role").inner_text() == "End-user"
    assert division_a.code in page.get_by_test_id("division").inner_text()
    assert page.get_by_test_id("agency").inner_text() == division_a.agency.name
    # Backup codes are not shown a second time.
    page.goto("/account/backup-codes/")
    assert page.get_by_test_id("backup-codes").count() == 0


def test_five_wrong_passwords_lock_the_account(page, user_a):
    for _ in range(5):
        page.goto("/sign-in/")
        page.get_by_label("Username").fill(user_a.username)
        page.get_by_label("Password").fill("not-the-password")
        page.get_by_role("button", name="Continue").click()
    assert page.get_by_role("alert").filter(has_text="locked").count() == 1

    # The right password no longer opens the account while it is locked.
    page.goto("/sign-in/")
    page.get_by_label("Username").fill(user_a.username)
    page.get_by_label("Password").fill(factories.TEST_PASSWORD)
    page.get_by_role("button", name="Continue").click()
    assert page.get_by_role("alert").filter(has_text="locked").count() == 1
    assert "/sign-in/" in page.url
    assert (
        SecurityEvent.objects.filter(user=user_a, kind=SecurityEvent.Kind.ACCOUNT_LOCKED).count()
        == 1
    )


def test_signed_in_user_reaches_home_with_password_and_code(page, sign_in, admin_a):
    sign_in(page, admin_a)
    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_role("button", name="Logs").click()
    assert nav.get_by_role("link", name="Security log").count() == 1

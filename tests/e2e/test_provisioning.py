from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from tests.e2e.conftest import nav_to


def test_a_division_administrator_provisions_a_new_end_user_who_then_sees_allowed(
    page, sign_in, admin_a, tmp_path
):
    """GIVEN a Division Administrator
    WHEN they request access for a new person, file the signed Form 110, record the training and grant
    THEN the person, signing in, sees that they are allowed to use ALPR data."""
    sign_in(page, admin_a)
    nav_to(page, "People", "People")
    page.get_by_role("link", name="Request access for a person").click()
    page.get_by_label("Username").fill("officer.rivera")
    page.get_by_label("First name").fill("Ana")
    page.get_by_label("Last name").fill("Rivera")
    page.get_by_label("Email").fill("rivera@example.invalid")
    page.get_by_label("Job classification").select_option("Detective")
    page.get_by_label("Documented need").fill("Auto theft task force, case 26-118342")
    page.get_by_role("button", name="Create the request").click()
    page.get_by_role("heading", name="Ana Rivera").wait_for()

    scan = tmp_path / "form110.pdf"
    scan.write_bytes(b"%PDF-1.4\n% signed Form 110\n")
    page.get_by_label("Signed form (PDF, PNG or JPEG, up to 10 MB)").set_input_files(str(scan))
    page.get_by_label("Date signed").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="File the signed form").click()
    page.get_by_text("Signed agreement filed").wait_for()

    page.get_by_label("Completed on").fill("2026-11-02")
    page.get_by_role("button", name="Record completed training").click()
    page.get_by_text("Training recorded.").wait_for()

    page.get_by_role("button", name="Grant access").click()
    page.get_by_text("Access granted to Ana Rivera.").wait_for()
    assert page.get_by_test_id("account-status").inner_text() == "Active"

    person = User.objects.get(username="officer.rivera")
    person.set_password("correct-horse-battery-staple-42")
    person.save(update_fields=["password"])
    TOTPDevice.objects.create(user=person, name="authenticator", confirmed=True)
    page.context.clear_cookies()
    sign_in(page, person)
    assert page.get_by_test_id("access-allowed").is_visible()

"""Issue 11, in the browser: a destructive action shows its impact and is cancelled without
effect; typed, it is done."""

from accounts.models import AccountStatus, GovernanceRecord
from accounts.services import acts
from tests.accounts.provisioning_helpers import provisioned


def test_a_destructive_action_shows_its_impact_and_is_cancelled_without_effect(
    page, sign_in, division_a, admin_a
):
    """GIVEN a Division Administrator on the page of an active person
    WHEN they ask to close the account, read the impact and cancel
    THEN nothing changed and nothing was recorded;
    WHEN they ask again and type the username
    THEN the account is closed and its page offers no form."""
    person = provisioned(division_a, admin_a)
    type(person).objects.filter(pk=person.pk).update(first_name="Dana", last_name="Reyes")
    person.refresh_from_db()
    sign_in(page, admin_a)
    page.goto(f"/provisioning/users/{person.pk}/")

    page.get_by_label("Reason for separation").fill("Retired")
    page.get_by_role("button", name="Close the account of Dana Reyes").click()
    impact = page.get_by_test_id("impact")
    impact.wait_for()
    assert "Dana Reyes can never sign in again" in impact.inner_text()
    assert "cannot be reopened" in impact.inner_text()
    page.get_by_role("link", name="Cancel").click()
    page.get_by_role("heading", name="Dana Reyes").wait_for()
    assert page.get_by_test_id("account-status").inner_text() == "Active"
    person.refresh_from_db()
    assert person.status == AccountStatus.ACTIVE and person.is_active
    assert not GovernanceRecord.objects.filter(
        subject_user=person, action__in=[acts.ACCOUNT_SEPARATED, acts.REFUSED]
    ).exists()

    page.get_by_label("Reason for separation").fill("Retired")
    page.get_by_role("button", name="Close the account of Dana Reyes").click()
    page.get_by_test_id("impact").wait_for()
    page.get_by_label("Type").fill(person.username)
    page.get_by_role("button", name="Close the account of Dana Reyes").click()
    page.get_by_test_id("account-closed").wait_for()
    assert page.get_by_test_id("account-status").inner_text() == "Separated"
    assert page.locator("main form").count() == 0
    person.refresh_from_db()
    assert person.status == AccountStatus.SEPARATED
    assert GovernanceRecord.objects.filter(
        subject_user=person, action=acts.ACCOUNT_SEPARATED, reason="Retired"
    ).exists()

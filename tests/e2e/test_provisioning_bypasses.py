"""Issue 8, tried through the browser as a Division Administrator: no way back for a suspended
person without retraining, nobody acts on themselves, nobody ends a higher role's account."""

from datetime import timedelta

from django.utils import timezone

from accounts import services
from accounts.models import AccountStatus, GovernanceRecord, Role
from tests import factories
from tests.accounts.provisioning_helpers import provisioned, train

# Posts to an action URL with the page's CSRF token, as a hand-made form or a replayed request
# would: the door must hold even where the page offers no button.
DIRECT_POST = """(url) => {
  const form = document.createElement('form');
  form.method = 'post';
  form.action = url;
  form.appendChild(document.querySelector('input[name=csrfmiddlewaretoken]').cloneNode());
  document.body.appendChild(form);
  form.submit();
}"""


def _status(page) -> str:
    return page.get_by_test_id("account-status").inner_text()


def test_a_suspended_person_with_valid_training_cannot_be_brought_back_without_retraining(
    page, sign_in, division_a, admin_a
):
    """GIVEN a person suspended for inactivity whose training is still valid
    WHEN a Division Administrator posts a grant directly, tries to reactivate, then revokes and
    grants THEN each is refused with the reason, and the person stays without access."""
    secondary = factories.user(division_a, role=Role.DIVISION_ADMIN_SECONDARY)
    person = provisioned(division_a, admin_a, granted_days_ago=400, trained_days_ago=0)
    train(admin_a, person, timezone.localdate() - timedelta(days=30))
    services.accounts_suspend_inactive(agency=division_a.agency)

    sign_in(page, secondary)
    page.goto(f"/provisioning/users/{person.pk}/")
    assert _status(page) == "Suspended"
    assert page.get_by_role("button", name="Grant access").count() == 0

    page.evaluate(DIRECT_POST, f"/provisioning/users/{person.pk}/grant/")
    page.get_by_role("status").get_by_text("A suspended account returns only through").wait_for()
    assert _status(page) == "Suspended"

    # The page offers no reactivation while training is owed; it lists what is missing.
    assert page.get_by_role("button", name="Reactivate").count() == 0
    assert "Not possible yet" in page.get_by_test_id("blocked").inner_text()
    page.evaluate(DIRECT_POST, f"/provisioning/users/{person.pk}/reactivate/")
    page.get_by_role("status").get_by_text("Access cannot be restored yet").wait_for()
    assert _status(page) == "Suspended"

    page.get_by_label("Why access ends").fill("Clearing the suspension")
    page.get_by_role("button", name="Revoke the access of").click()
    page.get_by_role("button", name=f"Revoke the access of {person.display_name}").click()
    page.get_by_role("status").get_by_text("revoked.").wait_for()
    assert page.get_by_role("button", name="Grant access").count() == 0
    page.evaluate(DIRECT_POST, f"/provisioning/users/{person.pk}/grant/")
    page.get_by_role("status").get_by_text("completed again after the suspension").wait_for()
    assert _status(page) == "Revoked"

    person.refresh_from_db()
    assert person.status == AccountStatus.REVOKED
    refused = GovernanceRecord.objects.filter(
        actor=secondary, subject_user=person, action="refused"
    )
    assert refused.count() == 3


def test_an_administrator_cannot_act_on_themselves_nor_end_a_higher_role(
    page, sign_in, division_a, admin_a
):
    """GIVEN a secondary Division Administrator
    WHEN they open their own account and the primary's, and post a revoke to each
    THEN no action is offered on their own account and ending the primary's is not offered;
    both posts are refused and recorded, and both accounts stay active."""
    secondary = factories.user(division_a, role=Role.DIVISION_ADMIN_SECONDARY)
    sign_in(page, secondary)

    page.goto(f"/provisioning/users/{secondary.pk}/")
    page.get_by_test_id("act-refusal").wait_for()
    assert "Nobody provisions themselves" in page.get_by_test_id("act-refusal").inner_text()
    assert page.get_by_role("button", name="Revoke the access").count() == 0
    page.evaluate(DIRECT_POST, f"/provisioning/users/{secondary.pk}/revoke/")
    page.get_by_role("status").get_by_text("Nobody provisions themselves").wait_for()

    page.goto(f"/provisioning/users/{admin_a.pk}/")
    page.get_by_test_id("end-refusal").wait_for()
    assert page.get_by_role("button", name="Revoke the access").count() == 0
    page.evaluate(DIRECT_POST, f"/provisioning/users/{admin_a.pk}/separate/")
    page.get_by_role("status").get_by_text("or higher may end this person's access").wait_for()

    secondary.refresh_from_db()
    admin_a.refresh_from_db()
    assert (secondary.status, admin_a.status) == (AccountStatus.ACTIVE, AccountStatus.ACTIVE)
    assert GovernanceRecord.objects.filter(actor=secondary, action="refused").count() == 2

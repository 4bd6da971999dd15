"""The person page an administrator works on (issue 11): confirmations that state the impact,
classifications from the agency's list, the warning on an expired completion, read-only closed
accounts, and the way back from a suspension or an overdue review."""

import html
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from accounts import services
from accounts.models import AccountStatus, GovernanceRecord, ReapprovalItem, Role
from accounts.services import acts
from tests import factories
from tests.accounts.provisioning_helpers import provisioned, sign, train
from training.models import TrainingRecord

pytestmark = pytest.mark.django_db


def _url(person, action=None) -> str:
    return f"/provisioning/users/{person.pk}/" + (f"{action}/" if action else "")


def _done(person, action) -> bool:
    return GovernanceRecord.objects.filter(subject_user=person, action=action).exists()


def _text(response) -> str:
    return re.sub(r"\s+", " ", html.unescape(response.content.decode()))


def _dana(person):
    type(person).objects.filter(pk=person.pk).update(first_name="Dana", last_name="Reyes")
    person.refresh_from_db()
    return person


def _day(value) -> str:
    return date_format(timezone.localdate(value), "DATE_FORMAT")


# --- Confirmations: revoke and close ------------------------------------------------------------


def test_revoking_first_states_the_impact_and_changes_nothing(division_a, admin_a, client_for):
    person = _dana(provisioned(division_a, admin_a))
    client = client_for(admin_a)
    response = client.post(_url(person, "revoke"), {"revoke-reason": "Left the task force"})
    page = _text(response)
    assert response.status_code == 200
    assert "Dana Reyes loses ALPR access at once" in page
    assert "e-mailed that access was revoked, with the reason: “Left the task force”" in page
    # The reason is carried to the confirmation, and Cancel leads back to the person page.
    assert 'name="revoke-reason" value="Left the task force"' in page
    assert f'href="{_url(person)}">Cancel</a>' in page
    person.refresh_from_db()
    assert person.status == AccountStatus.ACTIVE
    assert not _done(person, acts.ACCESS_REVOKED)
    assert not _done(person, acts.REFUSED)


def test_revoking_once_confirmed_ends_access(division_a, admin_a, client_for):
    person = provisioned(division_a, admin_a)
    response = client_for(admin_a).post(
        _url(person, "revoke"), {"revoke-reason": "Left the task force", "confirmed": "1"}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.status == AccountStatus.REVOKED
    assert GovernanceRecord.objects.get(subject_user=person, action=acts.ACCESS_REVOKED).reason == (
        "Left the task force"
    )


def test_revoking_without_a_reason_asks_for_one_and_nothing_else(division_a, admin_a, client_for):
    person = provisioned(division_a, admin_a)
    response = client_for(admin_a).post(_url(person, "revoke"), {"confirmed": "1"}, follow=True)
    assert "Say why access is revoked." in _text(response)
    person.refresh_from_db()
    assert person.status == AccountStatus.ACTIVE


def test_closing_an_account_states_the_impact_and_asks_for_the_username(
    division_a, admin_a, client_for
):
    person = _dana(provisioned(division_a, admin_a))
    services.auth.api_token_create(user=person, ip_address="10.0.0.5")
    response = client_for(admin_a).post(_url(person, "separate"), {"separate-reason": "Retired"})
    page = _text(response)
    assert response.status_code == 200
    assert "Dana Reyes can never sign in again" in page
    assert "1 API token is revoked" in page
    assert f"Type <code>{person.username}</code> to confirm" in page
    person.refresh_from_db()
    assert person.status == AccountStatus.ACTIVE and person.is_active
    assert not _done(person, acts.ACCOUNT_SEPARATED)


def test_closing_with_the_wrong_username_is_a_form_error_and_changes_nothing(
    division_a, admin_a, client_for
):
    person = provisioned(division_a, admin_a)
    response = client_for(admin_a).post(
        _url(person, "separate"),
        {"separate-reason": "Retired", "confirmed": "1", "typed_confirmation": "someone.else"},
    )
    assert response.status_code == 400
    assert "That does not match" in _text(response)
    person.refresh_from_db()
    assert person.status == AccountStatus.ACTIVE and person.email
    assert not _done(person, acts.ACCOUNT_SEPARATED)


def test_closing_with_the_typed_username_closes_the_account(division_a, admin_a, client_for):
    person = provisioned(division_a, admin_a)
    response = client_for(admin_a).post(
        _url(person, "separate"),
        {"separate-reason": "Retired", "confirmed": "1", "typed_confirmation": person.username},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.status == AccountStatus.SEPARATED and not person.is_active
    assert _done(person, acts.ACCOUNT_SEPARATED)


def test_revoking_at_the_yearly_review_asks_first(division_a, admin_a, client_for):
    person = provisioned(division_a, admin_a)
    item = ReapprovalItem.objects.create(agency=person.agency, user=person, due_at=timezone.now())
    client = client_for(admin_a)
    asked = client.post(f"/provisioning/reapprovals/{item.pk}/", {"approve": "0"})
    assert asked.status_code == 200 and "loses ALPR access at once" in _text(asked)
    item.refresh_from_db()
    assert item.decided_at is None
    client.post(f"/provisioning/reapprovals/{item.pk}/", {"approve": "0", "confirmed": "1"})
    person.refresh_from_db()
    assert person.status == AccountStatus.REVOKED


# --- A closed account is read-only ----------------------------------------------------------


def test_the_page_of_a_closed_account_offers_no_form(division_a, admin_a, client_for):
    person = provisioned(division_a, admin_a)
    services.account_separate(actor=admin_a, subject=person, reason="Retired")
    page = _text(client_for(admin_a).get(_url(person)))
    assert "This account is closed" in page
    assert 'method="post"' not in page.split("<main", 1)[1].split("</main>", 1)[0]
    assert "Retired" in page  # the history stays


def test_an_action_posted_to_a_closed_account_changes_nothing(division_a, admin_a, client_for):
    person = provisioned(division_a, admin_a)
    services.account_separate(actor=admin_a, subject=person, reason="Retired")
    response = client_for(admin_a).post(
        _url(person, "classification"), {"cls-classification": "Detective"}, follow=True
    )
    assert "is closed; nothing changes" in _text(response)
    person.refresh_from_db()
    assert not _done(person, acts.CLASSIFICATION_CHANGED)


# --- Classifications from the agency's list ------------------------------------------------


def test_the_request_form_offers_the_agencys_classifications_and_other(admin_a, client_for):
    page = _text(client_for(admin_a).get("/provisioning/request/"))
    for listed in admin_a.agency.eligible_classifications:
        assert f'<option value="{listed}">{listed}</option>' in page
    assert '<option value="other">Other' in page


def _request(client, division, **overrides):
    data = {
        "division": division.pk,
        "username": "officer.rivera",
        "first_name": "Ana",
        "last_name": "Rivera",
        "email": "rivera@example.invalid",
        "job_classification": "Detective",
        "reason": "Auto theft task force",
    } | overrides
    return client.post("/provisioning/request/", data)


def test_other_without_a_typed_classification_is_a_form_error(division_a, admin_a, client_for):
    response = _request(client_for(admin_a), division_a, job_classification="other")
    assert response.status_code == 200
    assert "Type the classification for" in _text(response)
    assert not type(admin_a).objects.filter(username="officer.rivera").exists()


def test_a_typed_classification_on_the_list_is_stored_in_the_lists_spelling(
    division_a, admin_a, client_for
):
    _request(
        client_for(admin_a),
        division_a,
        job_classification="other",
        other_classification="  crime   ANALYST ",
    )
    person = type(admin_a).objects.get(username="officer.rivera")
    assert person.job_classification == "Crime Analyst"


def test_the_gate_compares_classifications_without_case_or_spacing(division_a, admin_a):
    person = provisioned(division_a, admin_a)
    type(person).objects.filter(pk=person.pk).update(job_classification=" police  OFFICER")
    person.refresh_from_db()
    assert services.access_standing(person).allowed


def test_other_classification_off_the_list_ends_access_on_the_person_page(
    division_a, admin_a, client_for
):
    person = provisioned(division_a, admin_a)
    client_for(admin_a).post(
        _url(person, "classification"),
        {"cls-classification": "other", "cls-other_classification": "Parking Enforcement"},
    )
    person.refresh_from_db()
    assert person.job_classification == "Parking Enforcement"
    assert person.status == AccountStatus.PENDING
    page = _text(client_for(admin_a).get(_url(person)))
    assert "This person's classification, 'Parking Enforcement', is not on the agency's list" in (
        page
    )
    assert 'title="classification_not_eligible"' in page


# --- A completion that has already expired warns ---------------------------------------------


def _course(person):
    from training.selectors import required_courses

    return required_courses(person.agency_id)[0]


def test_an_expired_completion_warns_and_records_nothing(division_a, admin_a, client_for):
    person = factories.user(division_a, status=AccountStatus.PENDING)
    course = _course(person)
    completed = timezone.localdate() - timedelta(days=course.validity() + 10)
    response = client_for(admin_a).post(
        _url(person, "training"),
        {"training-course": course.pk, "training-completed_on": completed.isoformat()},
    )
    expired = date_format(completed + timedelta(days=course.validity()), "DATE_FORMAT")
    page = _text(response)
    assert response.status_code == 200
    assert f"This completion expired on {expired}; it will not count." in page
    assert "Record it as history for" in page
    assert not TrainingRecord.objects.filter(user=person).exists()


def test_an_expired_completion_is_recorded_as_history_when_asked(division_a, admin_a, client_for):
    person = factories.user(division_a, status=AccountStatus.PENDING)
    course = _course(person)
    completed = timezone.localdate() - timedelta(days=course.validity() + 10)
    response = client_for(admin_a).post(
        _url(person, "training"),
        {
            "training-course": course.pk,
            "training-completed_on": completed.isoformat(),
            "training-as_history": "on",
        },
        follow=True,
    )
    assert "recorded as history" in _text(response)
    record = TrainingRecord.objects.get(user=person)
    assert record.expires_on < timezone.localdate()


def test_a_current_completion_is_recorded_without_a_warning(division_a, admin_a, client_for):
    person = factories.user(division_a, status=AccountStatus.PENDING)
    response = client_for(admin_a).post(
        _url(person, "training"),
        {
            "training-course": _course(person).pk,
            "training-completed_on": timezone.localdate().isoformat(),
        },
        follow=True,
    )
    assert "Training recorded." in _text(response)
    assert TrainingRecord.objects.filter(user=person).count() == 1


# --- The way back: why, every condition, and no button whose conditions are not met ---------------


@pytest.fixture
def suspended(division_a, admin_a):
    person = provisioned(division_a, admin_a, granted_days_ago=400, trained_days_ago=0)
    services.accounts_suspend_inactive(agency=division_a.agency)
    person.refresh_from_db()
    assert person.status == AccountStatus.SUSPENDED
    return person


def test_the_person_page_says_why_the_account_is_suspended_and_what_brings_it_back(
    suspended, admin_a, client_for
):
    page = _text(client_for(admin_a).get(_url(suspended)))
    since = _day(suspended.access_granted_at)
    assert (
        f"Suspended on {_day(suspended.suspended_at)}: no ALPR use for 365 days since {since}."
        in page
    )
    course = _course(suspended)
    assert f"{course.name} completed on or after {_day(suspended.suspended_at)}" in page
    assert "Reactivate the account" not in page
    assert "Not possible yet: 1 condition above still to do." in page


def test_the_persons_home_says_why_and_every_condition(suspended, client_for):
    page = _text(client_for(suspended).get("/"))
    assert f"Suspended on {_day(suspended.suspended_at)}: no ALPR use for 365 days" in page
    assert f"completed on or after {_day(suspended.suspended_at)}" in page
    assert "A Division Administrator then reactivates the account." in page


def test_after_retraining_the_page_offers_reactivation_and_it_works(suspended, admin_a, client_for):
    train(admin_a, suspended)
    client = client_for(admin_a)
    page = _text(client.get(_url(suspended)))
    assert "Reactivate the account of" in page and "Not possible yet" not in page
    client.post(_url(suspended, "reactivate"))
    suspended.refresh_from_db()
    assert suspended.status == AccountStatus.ACTIVE


def test_a_pending_person_without_agreement_sees_no_grant_button(division_a, admin_a, client_for):
    person = factories.user(division_a, status=AccountStatus.PENDING)
    train(admin_a, person)
    page = _text(client_for(admin_a).get(_url(person)))
    assert "This person has not signed the End User Agreement." in page
    assert 'title="agreement_missing"' in page and ">agreement_missing<" not in page
    assert "Grant access to" not in page
    sign(person)
    assert "Grant access to" in _text(client_for(admin_a).get(_url(person)))


@pytest.fixture
def doj_overdue():
    agency = factories.agency("doj")
    division = agency.divisions.order_by("code").first()
    admin = factories.user(division, role=Role.DIVISION_ADMIN_PRIMARY, rank_title="Lieutenant")
    person = provisioned(division, admin, granted_days_ago=370, trained_days_ago=0)
    train(admin, person)  # training current; only the review is late
    return admin, person


def test_an_overdue_review_is_explained_and_approved_from_the_person_page(doj_overdue, client_for):
    admin, person = doj_overdue
    client = client_for(admin)
    page = _text(client.get(_url(person)))
    due = _day(person.last_approved_at + timedelta(days=365))
    assert f"Re-approval overdue since {due}" in page
    assert f"Re-approve {person.display_name} for another year" in page
    response = client.post(_url(person, "reapprove"), {"reapprove-note": "Still on the unit"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert services.access_standing(person).allowed
    item = ReapprovalItem.objects.get(user=person)
    assert item.decision == ReapprovalItem.Decision.APPROVED and item.note == "Still on the unit"
    assert _done(person, acts.REAPPROVAL_OPENED) and _done(person, acts.REAPPROVED)


def test_the_reapprovals_page_costs_the_same_queries_for_one_review_or_many(
    division_a, admin_a, client_for, django_assert_max_num_queries
):
    client = client_for(admin_a)

    def review():
        person = factories.user(division_a)
        ReapprovalItem.objects.create(agency=person.agency, user=person, due_at=timezone.now())

    review()
    client.get("/provisioning/reapprovals/")  # warm the session and caches
    with django_assert_max_num_queries(12) as one:
        assert client.get("/provisioning/reapprovals/").status_code == 200
    for _ in range(6):
        review()
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = _text(client.get("/provisioning/reapprovals/"))
    assert "7 open reviews." in page


def test_an_active_person_whose_training_expired_needs_no_button_and_the_page_says_so(
    division_a, admin_a, client_for
):
    person = provisioned(division_a, admin_a, granted_days_ago=100, trained_days_ago=700)
    page = _text(client_for(admin_a).get(_url(person)))
    assert "This person's training expired:" in page
    assert "completed, verified and current" in page
    assert "Access returns by itself once every condition above is met." in page
    for button in ("Grant access to", "Reactivate the account of", "Re-approve"):
        assert button not in page

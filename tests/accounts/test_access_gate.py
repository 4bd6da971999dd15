"""Each reason of the gate appears and disappears as the fact behind it changes."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.utils import timezone

from accounts import services
from accounts.models import AccountStatus, ApiToken
from accounts.services import access
from tests.accounts.provisioning_helpers import pdf, provisioned, sign, train

pytestmark = pytest.mark.django_db


def verified_request(user, address="10.1.2.3"):
    """A request from `address` carrying a second factor (an API token is issued only after one)."""
    request = RequestFactory().get("/", REMOTE_ADDR=address)
    request.user = user
    request.auth = ApiToken(user=user)
    return request


@pytest.fixture
def person(division_a, admin_a):
    return provisioned(division_a, admin_a)


def test_a_provisioned_person_is_allowed(person):
    decision = services.check_access(person, verified_request(person))
    assert decision.allowed
    assert decision.codes == []


def test_account_not_active_comes_and_goes_with_the_status(person, admin_a):
    services.access_revoke(actor=admin_a, subject=person, reason="Reassigned")
    person.refresh_from_db()
    assert services.check_access(person, verified_request(person)).codes == [
        access.ACCOUNT_NOT_ACTIVE
    ]
    services.access_grant(actor=admin_a, subject=person)
    person.refresh_from_db()
    assert services.check_access(person, verified_request(person)).allowed


def test_classification_not_eligible_until_an_exception_is_recorded(division_a, admin_a):
    from tests import factories

    person = factories.user(
        division_a, status=AccountStatus.ACTIVE, job_classification="Parking Enforcement"
    )
    sign(person)
    train(admin_a, person)
    assert access.CLASSIFICATION_NOT_ELIGIBLE in services.access_standing(person).codes
    # The city preset names no exception approver: no exception can be recorded.
    with pytest.raises(
        services.ValidationError if hasattr(services, "ValidationError") else Exception
    ):
        services.exception_approve(
            actor=admin_a,
            subject=person,
            approver_name="X",
            approver_title="Chief",
            approved_on=date.today(),
            reason="Special assignment",
        )


def test_cdcr_exception_by_the_dapo_deputy_director_makes_an_ineligible_classification_eligible():

    from accounts.models import Role
    from tests import factories

    cdcr = factories.agency("cdcr")
    dapo = cdcr.divisions.get(code="DAPO")
    admin = factories.user(dapo, role=Role.DIVISION_ADMIN_PRIMARY, rank_title="Parole Agent III")
    person = factories.user(
        dapo, status=AccountStatus.PENDING, job_classification="Parole Agent I (Adult Parole)"
    )
    sign(person)
    train(admin, person)
    assert access.CLASSIFICATION_NOT_ELIGIBLE in services.access_standing(person).codes
    with pytest.raises(ValidationError):
        services.access_grant(actor=admin, subject=person)
    with pytest.raises(ValidationError):
        services.exception_approve(
            actor=admin,
            subject=person,
            approver_name="J. Smith",
            approver_title="Warden",
            approved_on=date.today(),
            reason="Task force",
        )
    services.exception_approve(
        actor=admin,
        subject=person,
        approver_name="J. Smith",
        approver_title="DAPO Deputy Director",
        approved_on=date.today(),
        reason="Fugitive apprehension task force",
        document=pdf("approval.pdf"),
    )
    assert access.CLASSIFICATION_NOT_ELIGIBLE not in services.access_standing(person).codes
    services.access_grant(actor=admin, subject=person)


def test_agreement_missing_then_signed(division_a, admin_a):
    from tests import factories

    person = factories.user(division_a, status=AccountStatus.PENDING)
    train(admin_a, person)
    assert services.access_standing(person).codes == [
        access.ACCOUNT_NOT_ACTIVE,
        access.AGREEMENT_MISSING,
    ]
    sign(person)
    assert services.access_standing(person).codes == [access.ACCOUNT_NOT_ACTIVE]
    services.access_grant(actor=admin_a, subject=person)
    person.refresh_from_db()
    assert services.access_standing(person).allowed


def test_a_new_agreement_version_makes_the_signature_outdated_until_signed_again(person, agency_a):
    from accounts.models import Role
    from tests import factories

    agency_admin = factories.user(person.division, role=Role.AGENCY_ADMIN)
    services.agreement_version_publish(
        actor=agency_admin, agency=agency_a, title="Form 110", text="v2 text"
    )
    assert services.access_standing(person).codes == [access.AGREEMENT_OUTDATED]
    sign(person)
    assert services.access_standing(person).allowed


def test_training_missing_then_recorded(division_a, admin_a):
    from tests import factories

    person = factories.user(division_a, status=AccountStatus.PENDING)
    sign(person)
    assert services.access_standing(person).codes == [
        access.ACCOUNT_NOT_ACTIVE,
        access.TRAINING_MISSING,
    ]
    train(admin_a, person)
    services.access_grant(actor=admin_a, subject=person)
    person.refresh_from_db()
    assert services.access_standing(person).allowed


def test_training_expires_after_the_agency_validity_and_new_training_restores_access(
    division_a, admin_a, agency_a
):
    validity = agency_a.training_validity_days
    person = provisioned(division_a, admin_a, trained_days_ago=validity - 10)
    assert services.access_standing(person).allowed
    in_eleven_days = timezone.now() + timedelta(days=11)
    assert services.access_standing(person, now=in_eleven_days).codes == [access.TRAINING_EXPIRED]
    train(admin_a, person)  # taken again today: valid for another full period
    assert services.access_standing(person, now=in_eleven_days).allowed


def test_an_unverified_certificate_does_not_count(division_a):
    from tests import factories
    from training import services as training_services
    from training.selectors import required_courses

    person = factories.user(division_a, status=AccountStatus.ACTIVE)
    sign(person)
    training_services.training_record_submit(
        actor=person,
        course=required_courses(person.agency_id).first(),
        completed_on=date.today(),
        certificate=pdf(),
    )
    assert access.TRAINING_MISSING in services.access_standing(person).codes


def test_second_factor_missing_in_a_session_without_a_verified_device(person):
    request = RequestFactory().get("/", REMOTE_ADDR="10.1.2.3")
    request.user = person
    request.auth = None
    assert services.check_access(person, request).codes == [access.SECOND_FACTOR_MISSING]


def test_reapproval_overdue_for_doj_after_a_year_and_cleared_by_re_approval():
    from accounts.models import ReapprovalItem, Role
    from tests import factories

    doj = factories.agency("doj")
    division = doj.divisions.first()
    admin = factories.user(
        division, role=Role.DIVISION_ADMIN_PRIMARY, rank_title="Staff Services Analyst"
    )
    person = provisioned(division, admin, granted_days_ago=370)
    assert services.access_standing(person).codes == [access.REAPPROVAL_OVERDUE]
    assert services.reapproval_open_due(agency=doj) == 1
    assert services.reapproval_open_due(agency=doj) == 0  # idempotent: one open review
    item = ReapprovalItem.objects.get(user=person)
    services.reapproval_decide(actor=admin, item=item, approve=True, note="Still on the task force")
    person.refresh_from_db()
    assert services.access_standing(person).allowed


def test_network_not_allowed_outside_the_agency_networks(person, agency_a):
    agency_a.allowed_networks = ["10.20.0.0/16"]
    agency_a.save(update_fields=["allowed_networks"])
    person.refresh_from_db()
    assert services.check_access(person, verified_request(person, "192.0.2.7")).codes == [
        access.NETWORK_NOT_ALLOWED
    ]
    assert services.check_access(person, verified_request(person, "10.20.4.5")).allowed


def test_every_reason_is_reported_not_just_the_first(division_a):
    from tests import factories

    person = factories.user(division_a, status=AccountStatus.PENDING, job_classification="Cook")
    codes = services.check_access(person, verified_request(person)).codes
    assert codes == [
        access.ACCOUNT_NOT_ACTIVE,
        access.CLASSIFICATION_NOT_ELIGIBLE,
        access.AGREEMENT_MISSING,
        access.TRAINING_MISSING,
    ]


def test_me_access_api_returns_the_decision_with_what_to_do(person, api_client_for):
    body = api_client_for(person).get("/api/v1/me/access", REMOTE_ADDR="10.1.2.3").json()
    assert body == {"allowed": True, "reasons": []}


def test_me_access_api_explains_each_reason(division_a, api_client_for):
    from tests import factories

    person = factories.user(division_a, status=AccountStatus.PENDING)
    body = api_client_for(person).get("/api/v1/me/access").json()
    assert body["allowed"] is False
    assert [r["code"] for r in body["reasons"]] == [
        access.ACCOUNT_NOT_ACTIVE,
        access.AGREEMENT_MISSING,
        access.TRAINING_MISSING,
    ]
    assert all(r["message"] and r["action"] for r in body["reasons"])


def test_home_page_shows_the_decision(person, client_for):
    page = client_for(person).get("/").content.decode()
    assert 'data-testid="access-allowed"' in page


def test_without_a_request_the_gate_fails_closed(person):
    assert services.check_access(person, None).codes == [access.SECOND_FACTOR_MISSING]


def test_an_active_status_without_a_grant_is_not_access(division_a, admin_a):
    from tests import factories

    person = factories.user(division_a, status=AccountStatus.ACTIVE)  # never granted
    sign(person)
    train(admin_a, person)
    assert services.check_access(person, verified_request(person)).codes == [
        access.ACCOUNT_NOT_ACTIVE
    ]

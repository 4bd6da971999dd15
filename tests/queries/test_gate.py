"""The gate entry service: a refusal is recorded with its codes, a pass stamps the last ALPR
access (which the inactivity job reads), and it costs a few fixed queries."""

from datetime import timedelta

import pytest
from django.test import RequestFactory
from django.utils import timezone

from accounts import services as accounts_services
from accounts.models import AccountStatus, ApiToken, SecurityEvent
from accounts.services import access
from accounts.services.gate import gate_enter
from queries.models import SearchRequest
from tests import factories
from tests.conftest import token_client
from tests.queries.conftest import GOOD_PURPOSE_FIELDS, store, window

pytestmark = pytest.mark.django_db


def api_request(user, address="10.1.2.3"):
    request = RequestFactory().get("/api/v1/searches", REMOTE_ADDR=address)
    request.user = user
    request.auth = ApiToken(user=user)  # a token is issued only after the second factor
    return request


def test_a_pass_stamps_the_last_alpr_access(searcher):
    assert searcher.last_alpr_access_at is None
    decision = gate_enter(user=searcher, request=api_request(searcher), route="test")
    assert decision.allowed
    searcher.refresh_from_db()
    assert timezone.now() - searcher.last_alpr_access_at < timedelta(minutes=1)


def test_a_refusal_is_a_security_event_with_its_codes_and_stamps_nothing(division_a):
    untrained = factories.user(division_a)
    decision = gate_enter(user=untrained, request=api_request(untrained), route="api:x")
    assert not decision.allowed
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.ACCESS_REFUSED)
    assert event.user == untrained and event.agency_id == untrained.agency_id
    assert event.ip_address == "10.1.2.3"
    assert event.detail == {"route": "api:x", "codes": decision.codes}
    assert access.TRAINING_MISSING in event.detail["codes"]
    untrained.refresh_from_db()
    assert untrained.last_alpr_access_at is None


def test_the_gate_costs_a_few_fixed_queries(searcher, django_assert_max_num_queries):
    request = api_request(searcher)
    with django_assert_max_num_queries(6):
        gate_enter(user=searcher, request=request, route="test")


def test_a_search_through_the_api_updates_the_last_alpr_access(searcher, camera_a):
    store(camera_a, "7ABC123")
    response = token_client(searcher).post(
        "/api/v1/searches", {**GOOD_PURPOSE_FIELDS, **window(), "plate": "7ABC123"}, format="json"
    )
    assert response.status_code == 201
    searcher.refresh_from_db()
    assert timezone.now() - searcher.last_alpr_access_at < timedelta(minutes=1)


def test_an_idle_account_is_still_suspended_and_a_used_one_is_not(division_a):
    """GIVEN two accounts granted 400 days ago, one of which searched yesterday
    WHEN the inactivity job runs
    THEN only the idle one is suspended (53060.5(c)(2)(D))."""
    from tests.accounts.provisioning_helpers import gate_passing

    idle = gate_passing(division_a)
    used = gate_passing(division_a)
    long_ago = timezone.now() - timedelta(days=400)
    type(idle).objects.filter(pk__in=[idle.pk, used.pk]).update(access_granted_at=long_ago)
    used.refresh_from_db()
    gate_enter(
        user=used, request=api_request(used), route="test", now=timezone.now() - timedelta(days=1)
    )
    suspended = accounts_services.accounts_suspend_inactive(agency=division_a.agency)
    assert suspended == [idle.username]
    idle.refresh_from_db()
    used.refresh_from_db()
    assert idle.status == AccountStatus.SUSPENDED
    assert used.status == AccountStatus.ACTIVE


def test_a_search_refused_by_the_gate_is_recorded_as_a_refused_search(division_a, camera_a):
    untrained = factories.user(division_a)
    response = token_client(untrained).post(
        "/api/v1/searches", {**GOOD_PURPOSE_FIELDS, **window(), "plate": "7abc123"}, format="json"
    )
    assert response.status_code == 403
    codes = [error["code"] for error in response.json()["errors"]]
    assert access.TRAINING_MISSING in codes
    record = SearchRequest.objects.get(user=untrained)
    assert record.outcome == SearchRequest.Outcome.REFUSED
    assert record.refusal_codes == codes
    assert record.criteria["plate"] == "7abc123"  # as typed: it was never parsed
    assert record.case_number == GOOD_PURPOSE_FIELDS["case_number"]
    assert SecurityEvent.objects.filter(
        user=untrained, kind=SecurityEvent.Kind.ACCESS_REFUSED
    ).exists()


def test_the_browser_gate_answers_403_with_the_reasons(division_a, client_for):
    from tests.accounts.provisioning_helpers import gate_passing

    admin = factories.user(division_a, role="agency_admin", standing=False)
    refused = client_for(admin).get("/cameras/holds/new/")
    assert refused.status_code == 403
    assert b"training_missing" in refused.content
    passing = gate_passing(division_a, role="agency_admin")
    assert client_for(passing).get("/cameras/holds/new/").status_code == 200

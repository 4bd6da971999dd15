"""Misread report pages (53060.7(b)(7)): the user reports from a result, the Division
Administrator sees it in the queue, records the notice and closes it; both see the status."""

import pytest

from accounts.models import GovernanceRecord
from queries.models import MisreadReport
from tests.accounts.provisioning_helpers import gate_passing
from tests.queries import search_helpers as helpers
from tests.queries.conftest import store
from tests.queries.search_helpers import jpeg
from tests.queries.test_views_search import URL, form

pytestmark = pytest.mark.django_db


@pytest.fixture
def reported(client_for, searcher, camera_a):
    """GIVEN a searcher who reported a result of their search as a misread."""
    read_id = store(camera_a, "7ABC123", images=[("plate", jpeg(), "image/jpeg")])
    client = client_for(searcher)
    record = client.post(URL, form(plate="7ABC123")).context["outcome"].record
    response = client.post(
        f"/search/reads/{read_id}/misread/",
        {"from": record.pk, "plate_seen": "7ABC128", "description": "Photo shows 7ABC128."},
    )
    report = MisreadReport.objects.get(reported_by=searcher)
    return client, response, report


@pytest.fixture
def division_admin(division_a):
    return helpers.standing_division_admin(division_a)


def test_reporting_a_result_opens_a_report_the_reporter_can_follow(reported):
    client, response, report = reported
    assert response.status_code == 302
    assert response["Location"] == f"/search/misreads/{report.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "7ABC128" in page
    assert "Open" in page
    assert "Reports you made" in client.get("/search/misreads/").content.decode()


def test_a_report_without_a_description_is_refused_on_the_form(client_for, searcher, camera_a):
    read_id = store(camera_a, "7ABC123")
    client = client_for(searcher)
    record = client.post(URL, form(plate="7ABC123")).context["outcome"].record
    response = client.post(f"/search/reads/{read_id}/misread/", {"from": record.pk})
    assert response.status_code == 400
    assert response.context["form"].errors["description"]
    assert not MisreadReport.objects.exists()


def test_a_read_not_in_the_named_search_cannot_be_reported(client_for, searcher, camera_a):
    shown = store(camera_a, "7ABC123")
    other = store(camera_a, "9ZZZ999")
    client = client_for(searcher)
    record = client.post(URL, form(plate="7ABC123")).context["outcome"].record
    assert record.read_ids == [shown]
    response = client.post(
        f"/search/reads/{other}/misread/", {"from": record.pk, "description": "Not mine"}
    )
    assert response.status_code == 404
    assert not MisreadReport.objects.exists()


def test_the_division_administrator_sees_the_report_in_the_queue(
    reported, client_for, division_admin
):
    _client, _response, report = reported
    response = client_for(division_admin).get("/search/misreads/")
    assert response.status_code == 200
    assert list(response.context["page"]) == [report]


def test_the_administrator_records_the_notice_and_closes_and_the_reporter_sees_it(
    reported, client_for, division_admin
):
    client, _response, report = reported
    admin = client_for(division_admin)
    response = admin.post(
        f"/search/misreads/{report.pk}/notice/",
        {"notice_recipient": "Records unit", "notice_method": "e-mail"},
    )
    assert response.status_code == 302
    response = admin.post(f"/search/misreads/{report.pk}/close/", {"resolution": "notified"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == MisreadReport.Status.CLOSED
    assert set(
        GovernanceRecord.objects.filter(subject_id=str(report.pk)).values_list("action", flat=True)
    ) == {"misread.notice_recorded", "misread.closed"}
    page = client.get(f"/search/misreads/{report.pk}/").content.decode()
    assert "Closed" in page
    assert "Records unit" in page


def test_a_notice_without_its_recipient_is_refused_on_the_form(
    reported, client_for, division_admin
):
    _client, _response, report = reported
    response = client_for(division_admin).post(
        f"/search/misreads/{report.pk}/notice/", {"notice_method": "phone"}
    )
    assert response.status_code == 400
    assert response.context["notice_form"].errors["notice_recipient"]
    report.refresh_from_db()
    assert report.status == MisreadReport.Status.OPEN


def test_the_reporter_cannot_handle_their_own_report(reported):
    client, _response, report = reported
    response = client.post(
        f"/search/misreads/{report.pk}/close/", {"resolution": "not_a_misread", "closing_note": "x"}
    )
    assert response.status_code == 404
    report.refresh_from_db()
    assert report.status == MisreadReport.Status.OPEN


def test_a_colleague_cannot_see_another_persons_report(reported, client_for, division_a):
    _client, _response, report = reported
    colleague = gate_passing(division_a)
    assert client_for(colleague).get(f"/search/misreads/{report.pk}/").status_code == 404


def test_the_queue_costs_a_bounded_number_of_queries(
    reported, client_for, division_admin, django_assert_max_num_queries
):
    admin = client_for(division_admin)
    with django_assert_max_num_queries(20):
        response = admin.get("/search/misreads/")
    assert response.status_code == 200

"""The search page: the form in the agency's terms, the live purpose check beside each field,
results with photos and a map, misread-only matches marked, the next page, refusals shown and
recorded (DESIGN.md section 5)."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import SecurityEvent
from queries import criteria as criteria_codes
from queries import rules
from queries.models import SearchRequest
from tests import factories
from tests.accounts.provisioning_helpers import gate_passing
from tests.queries import search_helpers as helpers
from tests.queries.conftest import GOOD_PURPOSE_FIELDS, store
from tests.queries.search_helpers import jpeg

pytestmark = pytest.mark.django_db

URL = "/search/"


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def form(**fields) -> dict:
    now = timezone.now()
    return {
        **GOOD_PURPOSE_FIELDS,
        "start": _local(now - timedelta(days=3)),
        "end": _local(now + timedelta(minutes=1)),
        **fields,
    }


def results_points(response) -> list[dict]:
    content = response.content.decode()
    start = content.index('id="results-points"')
    start = content.index(">", start) + 1
    return json.loads(content[start : content.index("</script>", start)])


def test_the_form_offers_the_agencys_purpose_categories(client_for, searcher):
    response = client_for(searcher).get(URL)
    assert response.status_code == 200
    content = response.content.decode()
    assert 'value="criminal_investigation"' in content
    assert 'name="on_behalf_of"' not in content  # city police: no one to name
    assert 'id="area-map"' in content


def test_an_agency_that_requires_on_behalf_of_shows_the_field(client_for, agency_c):
    person = gate_passing(agency_c.divisions.order_by("code").first())
    response = client_for(person).get(URL)
    assert response.status_code == 200
    assert 'name="on_behalf_of"' in response.content.decode()


def test_an_exact_search_shows_the_read_with_its_photo_and_map_point(
    client_for, searcher, camera_a
):
    read_id = store(camera_a, "7ABC123", images=[("plate", jpeg(), "image/jpeg")])
    store(camera_a, "7ABC124")
    response = client_for(searcher).post(URL, form(plate="7abc 123"))
    assert response.status_code == 200
    record = SearchRequest.objects.get(user=searcher)
    assert record.outcome == SearchRequest.Outcome.RUN
    assert record.read_ids == [read_id]
    content = response.content.decode()
    assert f"/search/reads/{read_id}/image/plate/?from={record.pk}" in content
    assert [p["plate"] for p in results_points(response)] == ["7ABC123"]


def test_reads_matched_only_by_misread_tolerance_are_marked(client_for, searcher, camera_a):
    store(camera_a, "8ABC123")
    store(camera_a, "BABC123", hours_ago=3)  # 8 read as B: the usual confusion
    response = client_for(searcher).post(URL, form(plate="8ABC123", misread_tolerant="on"))
    assert response.status_code == 200
    points = {p["plate"]: p["misread_only"] for p in results_points(response)}
    assert points == {"8ABC123": False, "BABC123": True}
    assert response.content.decode().count('class="misread-only"') == 1


def test_a_vague_justification_is_shown_beside_its_field_and_recorded_as_refused(
    client_for, searcher, camera_a
):
    store(camera_a, "7ABC123")
    response = client_for(searcher).post(URL, form(plate="7ABC123", justification="investigation"))
    assert response.status_code == 400
    assert response.context["form"].errors["justification"]
    assert "results-points" not in response.content.decode()
    record = SearchRequest.objects.get(user=searcher)
    assert record.outcome == SearchRequest.Outcome.REFUSED
    assert rules.JUSTIFICATION_TOO_VAGUE in record.refusal_codes
    assert record.read_ids == []


def test_an_inverted_window_is_shown_on_the_end_field_and_recorded(client_for, searcher):
    now = timezone.now()
    response = client_for(searcher).post(
        URL,
        form(
            plate="7ABC123",
            start=_local(now - timedelta(hours=1)),
            end=_local(now - timedelta(days=1)),
        ),
    )
    assert response.status_code == 400
    assert response.context["form"].errors["end"]
    record = SearchRequest.objects.get(user=searcher)
    assert record.refusal_codes == [criteria_codes.WINDOW_INVERTED]


def test_a_box_typed_backwards_is_shown_beside_the_box(client_for, searcher):
    response = client_for(searcher).post(
        URL, form(area="box", west=-122.2, south=37.9, east=-122.3, north=37.8)
    )
    assert response.status_code == 400
    assert response.context["form"].errors["west"]
    assert SearchRequest.objects.get(user=searcher).refusal_codes == [criteria_codes.BBOX_INVALID]


def test_a_point_and_radius_search_finds_reads_near_the_scene(client_for, searcher, camera_a):
    near = store(camera_a, "5NEAR11")
    store(camera_a, "5FAR222", lat=camera_a.latitude + 0.05)
    response = client_for(searcher).post(
        URL,
        form(area="near", near_lat=camera_a.latitude, near_lon=camera_a.longitude, radius_m=300),
    )
    assert response.status_code == 200
    assert SearchRequest.objects.get(user=searcher).read_ids == [near]


def test_a_person_the_gate_refuses_sees_why_and_the_attempt_is_recorded(client_for, division_a):
    untrained = factories.user(division_a)  # active, but no agreement, training or grant
    client = client_for(untrained)
    assert client.get(URL).status_code == 403
    assert not SearchRequest.objects.filter(user=untrained).exists()  # opening is no attempt
    response = client.post(URL, form(plate="7ABC123"))
    assert response.status_code == 403
    record = SearchRequest.objects.get(user=untrained)
    assert record.outcome == SearchRequest.Outcome.REFUSED
    assert record.refusal_codes
    assert record.criteria["plate"] == "7ABC123"
    assert record.case_number == GOOD_PURPOSE_FIELDS["case_number"]
    assert SecurityEvent.objects.filter(
        user=untrained, kind=SecurityEvent.Kind.ACCESS_REFUSED
    ).exists()


def test_a_search_page_costs_a_bounded_number_of_queries(
    client_for, searcher, camera_a, django_assert_max_num_queries
):
    for number in range(30):
        store(
            camera_a,
            f"7QQ{number:03d}",
            hours_ago=1 + number,
            images=[("plate", jpeg(), "image/jpeg")],
        )
    client = client_for(searcher)
    with django_assert_max_num_queries(40):
        response = client.post(URL, form(plate="7QQ*"))
    assert len(results_points(response)) == 30


def test_the_next_page_continues_the_same_search_as_a_record_of_its_own(
    client_for, searcher, camera_a
):
    from queries.services import PAGE_SIZE

    plates = [f"6PG{number:03d}" for number in range(PAGE_SIZE + 1)]
    oldest = helpers.store_reads(camera_a, plates, hours_ago=1, with_image=False)[-1]
    client = client_for(searcher)
    window = {"start": _local(timezone.now() - timedelta(days=7))}
    first = client.post(URL, form(plate="6PG*", **window))
    outcome = first.context["outcome"]
    assert len(outcome.hits) == PAGE_SIZE and outcome.next_cursor
    second = client.post(f"/search/{outcome.record.pk}/next/", {"after": outcome.next_cursor})
    assert second.status_code == 200
    assert [p["plate"] for p in results_points(second)] == [oldest.plate]
    later = SearchRequest.objects.filter(user=searcher).order_by("pk").last()
    assert later.criteria["continues"] == outcome.record.pk
    assert later.read_ids == [oldest.pk]
    assert later.justification == GOOD_PURPOSE_FIELDS["justification"]


def test_another_persons_search_cannot_be_continued(client_for, searcher, division_a, camera_a):
    store(camera_a, "6PG011")
    record = client_for(searcher).post(URL, form(plate="6PG011")).context["outcome"].record
    colleague = gate_passing(division_a)
    response = client_for(colleague).post(f"/search/{record.pk}/next/", {"after": "x"})
    assert response.status_code == 404
    assert not SearchRequest.objects.filter(user=colleague).exists()


# --- The live purpose check ------------------------------------------------------------------


def test_the_live_check_puts_a_vague_justification_beside_its_field(client_for, searcher):
    response = client_for(searcher).post(
        "/search/check/",
        {"case_number": GOOD_PURPOSE_FIELDS["case_number"], "justification": "follow up"},
    )
    assert response.status_code == 200
    content = response.content.decode()
    justification = content[content.index('id="check-justification"') :]
    assert 'class="error"' in justification.split("</div>")[0]
    # The category was not chosen yet: the person is not scolded for it while typing.
    category = content[content.index('id="check-purpose_category"') :]
    assert 'class="error"' not in category.split("</div>")[0]
    assert not SearchRequest.objects.exists()


def test_the_live_check_confirms_a_good_purpose(client_for, searcher):
    response = client_for(searcher).post("/search/check/", GOOD_PURPOSE_FIELDS)
    assert "The purpose meets the agency's rules." in response.content.decode()


def test_the_live_check_and_the_api_agree(client_for, api_client_for, searcher):
    purpose = {**GOOD_PURPOSE_FIELDS, "justification": "Suspect John Smith DOB 01/02/1980"}
    page = client_for(searcher).post("/search/check/", {**purpose, "final": "1"})
    api = api_client_for(searcher).post("/api/v1/purpose-checks", purpose, format="json")
    api_messages = {v["message"] for v in api.json()["violations"]}
    assert api_messages
    for message in api_messages:
        assert message.replace("'", "&#x27;").replace('"', "&quot;") in page.content.decode()


def test_a_field_that_does_not_parse_is_refused_and_recorded_not_a_500(client_for, searcher):
    response = client_for(searcher).post(
        URL, form(area="box", west="abc", south=37.7, east=-122.2, north=37.9, start="soon")
    )
    assert response.status_code == 400
    assert response.context["form"].errors["west"]
    record = SearchRequest.objects.get(user=searcher)
    assert record.outcome == SearchRequest.Outcome.REFUSED
    assert criteria_codes.WRONG_TYPE in record.refusal_codes


def test_a_category_not_in_the_agencys_list_is_judged_by_the_rules(client_for, searcher):
    response = client_for(searcher).post(
        URL, form(plate="7ABC123", purpose_category="immigration_enforcement")
    )
    assert response.status_code == 400
    assert response.context["form"].errors["purpose_category"]
    record = SearchRequest.objects.get(user=searcher)
    assert record.purpose_category == "immigration_enforcement"
    assert rules.PURPOSE_CATEGORY_UNKNOWN in record.refusal_codes

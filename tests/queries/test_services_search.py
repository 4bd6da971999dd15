"""Justified search through the service: each kind, the misread-tolerant option, scope, paging,
and the access record every attempt writes (run or refused)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from queries import criteria as codes
from queries import rules, selectors, services
from queries.models import SearchRequest
from tests.queries.conftest import GOOD_PURPOSE, NOW, store, window

pytestmark = pytest.mark.django_db


def run(user, **criteria):
    criteria = {**window(), **criteria}
    return services.search_run(
        actor=user, purpose=GOOD_PURPOSE, criteria=criteria, client_address="10.0.0.9"
    )


def plates(outcome) -> list[str]:
    return [hit.read.plate for hit in outcome.hits]


def test_exact_plate_is_normalised_and_found_newest_first(searcher, camera_a):
    older = store(camera_a, "7ABC123", hours_ago=30)
    newer = store(camera_a, "7ABC123", hours_ago=2)
    store(camera_a, "7ABC124")
    outcome = run(searcher, plate="7abc-123")
    assert not outcome.refused
    assert [hit.read.pk for hit in outcome.hits] == [newer, older]
    assert outcome.count == 2
    assert outcome.record.criteria["plate"] == "7ABC123"


def test_partial_plate_with_star_and_question_mark(searcher, camera_a):
    for plate in ("7ABC112", "7ABX992", "8ABC112", "XYZ123", "1XYZ77"):
        store(camera_a, plate)
    assert sorted(plates(run(searcher, plate="7AB*2"))) == ["7ABC112", "7ABX992"]
    assert sorted(plates(run(searcher, plate="*XYZ*"))) == ["1XYZ77", "XYZ123"]
    assert sorted(plates(run(searcher, plate="?ABC112"))) == ["7ABC112", "8ABC112"]


def test_state_narrows_the_search(searcher, camera_a):
    store(camera_a, "123ABC", region="US-NV")
    store(camera_a, "123ABC", region="US-CA")
    outcome = run(searcher, plate="123ABC", state="NV")
    assert [hit.read.region for hit in outcome.hits] == ["US-NV"]


def test_a_box_finds_only_reads_inside_it(searcher, camera_a, camera_a2):
    inside = store(camera_a, "4BOX111")
    store(camera_a2, "4BOX222")
    outcome = run(searcher, bbox=[-122.30, 37.78, -122.25, 37.82])
    assert [hit.read.pk for hit in outcome.hits] == [inside]


def test_point_and_radius_is_a_grid_search_around_a_scene(searcher, camera_a):
    near = store(camera_a, "5NEAR01", lat=37.8000, lon=-122.2700)
    store(camera_a, "5FAR001", lat=37.8000, lon=-122.2600)  # about 880 m east
    outcome = run(searcher, near={"lat": 37.8003, "lon": -122.2700, "radius_m": 500})
    assert [hit.read.pk for hit in outcome.hits] == [near]


def test_cameras_narrow_the_search(searcher, camera_a, camera_a2):
    store(camera_a, "6CAM111")
    wanted = store(camera_a2, "6CAM111")
    outcome = run(searcher, plate="6CAM111", camera_ids=[camera_a2.pk])
    assert [hit.read.pk for hit in outcome.hits] == [wanted]
    assert outcome.hits[0].camera_name == "Harbor gate"


def test_misread_tolerant_search_marks_reads_that_matched_only_that_way(searcher, camera_a):
    store(camera_a, "8OB5123", hours_ago=3)
    store(camera_a, "B0B5I23", hours_ago=2)  # 8->B, O->0, 1->I
    store(camera_a, "9ZZZ999", candidates=["8OB5123"], hours_ago=1)
    store(camera_a, "8OB5124")  # a different plate, even allowing for confusions
    plain = run(searcher, plate="8OB5123")
    assert plates(plain) == ["8OB5123"]
    tolerant = run(searcher, plate="8OB5123", misread_tolerant=True)
    assert [(h.read.plate, h.matched_by) for h in tolerant.hits] == [
        ("9ZZZ999", services.MATCHED_CANDIDATE),
        ("B0B5I23", services.MATCHED_CONFUSION),
        ("8OB5123", services.MATCHED_EXACT),
    ]
    assert tolerant.record.criteria["misread_tolerant"] is True


def test_search_scope_never_crosses_agencies(searcher, searcher_b, camera_a, camera_b):
    ours = store(camera_a, "7SAME77")
    theirs = store(camera_b, "7SAME77")
    assert [h.read.pk for h in run(searcher, plate="7SAME77").hits] == [ours]
    assert [h.read.pk for h in run(searcher, plate="7SA*").hits] == [ours]
    assert [h.read.pk for h in run(searcher, bbox=[-122.3, 37.7, -122.2, 37.9]).hits] == [ours]
    assert run(searcher, plate="7SAME77").record.agency_counts == {str(searcher.agency_id): 1}
    # and the other way round, through the same door
    assert list(selectors.reads_for(user=searcher_b).values_list("pk", flat=True)) == [theirs]


def test_another_agencys_camera_is_unknown_and_the_attempt_is_refused(searcher, camera_a, camera_b):
    store(camera_b, "7OTHER7")
    outcome = run(searcher, plate="7OTHER7", camera_ids=[camera_b.pk])
    assert outcome.refused and not outcome.hits
    assert [v.code for v in outcome.violations] == [codes.CAMERA_UNKNOWN]
    missing = run(searcher, plate="7OTHER7", camera_ids=[987654])
    # the same answer as for a camera that does not exist: ids reveal nothing
    assert [v.message.split("id(s)")[0] for v in missing.violations] == [
        v.message.split("id(s)")[0] for v in outcome.violations
    ]


def test_a_refused_search_is_recorded_with_its_codes_and_returns_no_reads(searcher, camera_a):
    store(camera_a, "7ABC123")
    vague = services.SearchPurpose(
        case_number="INV-26-00418", purpose_category="criminal_investigation", justification="inv"
    )
    outcome = services.search_run(
        actor=searcher,
        purpose=vague,
        criteria={**window(), "plate": "7ABC123"},
        client_address="10.0.0.9",
    )
    assert outcome.refused and outcome.hits == []
    record = SearchRequest.objects.get(pk=outcome.record.pk)
    assert record.outcome == SearchRequest.Outcome.REFUSED
    assert record.refusal_codes == [rules.JUSTIFICATION_TOO_VAGUE]
    assert record.read_ids == [] and record.result_count == 0
    assert record.justification == "inv" and record.criteria["plate"] == "7ABC123"


def test_the_record_holds_the_elements_of_1798_90_52(searcher, camera_a):
    read = store(camera_a, "7ABC123")
    outcome = run(searcher, plate="7ABC123")
    record = SearchRequest.objects.get(pk=outcome.record.pk)
    assert record.username == searcher.username
    assert record.division_id == searcher.division_id
    assert record.case_number == GOOD_PURPOSE.case_number
    assert record.purpose_category == GOOD_PURPOSE.purpose_category
    assert record.justification == GOOD_PURPOSE.justification
    assert record.client_address == "10.0.0.9"
    assert record.outcome == SearchRequest.Outcome.RUN
    assert record.read_ids == [read] and record.result_count == 1
    assert record.criteria["kind"] == "exact"
    assert abs(record.at - timezone.now()) < timedelta(minutes=1)


BAD_CRITERIA = [
    ({"plate": "**"}, codes.PATTERN_TOO_BROAD),
    ({"plate": "?*?"}, codes.PATTERN_TOO_BROAD),
    ({"plate": "7ABC1234567890123"}, codes.PLATE_INVALID),
    ({"plate": "7AB<C>"}, codes.PLATE_INVALID),
    ({"plate": 1234}, codes.WRONG_TYPE),
    ({"plate": "7ABC123", "start": None}, codes.WINDOW_REQUIRED),
    ({"plate": "7ABC123", "end": "yesterday"}, codes.WINDOW_INVALID),
    ({"plate": "7ABC123", "end": "2026-01-01T00:00:00"}, codes.WINDOW_INVALID),
    (
        {
            "plate": "7ABC123",
            "start": NOW.isoformat(),
            "end": (NOW - timedelta(days=1)).isoformat(),
        },
        codes.WINDOW_INVERTED,
    ),
    ({"plate": "7ABC123", "start": (NOW - timedelta(days=400)).isoformat()}, codes.WINDOW_TOO_LONG),
    ({"bbox": [-122.2, 37.7, -122.3, 37.9]}, codes.BBOX_INVALID),
    ({"bbox": [-122.2, 37.7, "x", 37.9]}, codes.BBOX_INVALID),
    ({"bbox": [-125.0, 32.0, -114.0, 42.0]}, codes.BBOX_INVALID),
    ({"near": {"lat": 37.8, "lon": -122.27, "radius_m": 0}}, codes.RADIUS_INVALID),
    ({"near": {"lat": 37.8, "lon": -122.27, "radius_m": 10**7}}, codes.RADIUS_INVALID),
    ({"near": {"lat": 137.8, "lon": -122.27, "radius_m": 100}}, codes.NEAR_INVALID),
    ({"near": [37.8, -122.27]}, codes.NEAR_INVALID),
    ({"camera_ids": ["one"]}, codes.CAMERA_INVALID),
    ({"camera_ids": [987654321]}, codes.CAMERA_UNKNOWN),
    ({"state": "California!"}, codes.STATE_INVALID),
    ({"state": "CA"}, codes.CRITERIA_TOO_BROAD),
]


@pytest.mark.parametrize(("criteria", "code"), BAD_CRITERIA, ids=lambda v: str(v)[:40])
def test_bad_criteria_are_refused_with_a_code_and_recorded(searcher, criteria, code):
    outcome = run(searcher, **criteria)
    assert outcome.refused and outcome.hits == []
    assert code in [v.code for v in outcome.violations]
    assert SearchRequest.objects.get(pk=outcome.record.pk).refusal_codes == [
        v.code for v in outcome.violations
    ]


def test_pages_continue_newest_first_and_each_page_is_recorded(searcher, camera_a):
    ids = [store(camera_a, "7PAGE77", hours_ago=hours) for hours in range(1, 6)]
    first = services.search_run(
        actor=searcher,
        purpose=GOOD_PURPOSE,
        criteria={**window(), "plate": "7PAGE77"},
        client_address=None,
        page_size=2,
    )
    assert [h.read.pk for h in first.hits] == ids[:2] and first.count == 5
    second = services.search_continue(
        actor=searcher, search=first.record, after=first.next_cursor, client_address=None
    )
    assert [h.read.pk for h in second.hits] == ids[2:5]
    assert second.next_cursor is None
    assert second.record.criteria["continues"] == first.record.pk
    assert second.record.read_ids == ids[2:5]


def test_a_forged_cursor_is_refused_and_recorded(searcher, camera_a):
    store(camera_a, "7PAGE77")
    first = run(searcher, plate="7PAGE77")
    outcome = services.search_continue(
        actor=searcher, search=first.record, after="not-a-cursor", client_address=None
    )
    assert outcome.refused and outcome.record.refusal_codes == ["cursor_invalid"]


def test_a_refused_search_cannot_be_continued(searcher, camera_a):
    refused = run(searcher, plate="**")
    outcome = services.search_continue(
        actor=searcher, search=refused.record, after="", client_address=None
    )
    assert outcome.refused and "search_not_continuable" in outcome.record.refusal_codes

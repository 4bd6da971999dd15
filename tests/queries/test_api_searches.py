"""POST /api/v1/searches, GET /api/v1/searches/{id}(/results), the read detail and photo, and
the live purpose check: shapes, the one error shape, records, query ceilings, never a 500."""

import pytest

from queries import criteria as codes
from queries import rules
from queries.models import SearchRequest
from tests import factories
from tests.conftest import token_client
from tests.queries.conftest import GOOD_PURPOSE_FIELDS, store, window

pytestmark = pytest.mark.django_db

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"


def search(client, **fields):
    body = {**GOOD_PURPOSE_FIELDS, **window(), **fields}
    return client.post("/api/v1/searches", body, format="json")


def test_a_search_answers_201_with_the_results_shape(searcher, camera_a):
    read = store(camera_a, "7ABC123", images=[("plate", JPEG, "image/jpeg")])
    response = search(token_client(searcher), plate="7abc 123")
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"id", "count", "results", "next"}
    assert body["count"] == 1 and body["next"] is None
    (result,) = body["results"]
    assert set(result) >= {
        "id",
        "plate",
        "state",
        "seen_at",
        "camera",
        "agency",
        "lat",
        "lon",
        "confidence",
        "image_url",
    }
    assert result["id"] == read and result["plate"] == "7ABC123"
    assert result["camera"] == "Broadway & 14th" and result["agency"] == searcher.agency_id
    assert result["image_url"] == f"/api/v1/reads/{read}/photo?kind=plate&search={body['id']}"
    assert SearchRequest.objects.get(pk=body["id"]).read_ids == [read]


def test_purpose_violations_are_400_in_the_one_shape_and_recorded(searcher, camera_a):
    store(camera_a, "7ABC123")
    response = search(token_client(searcher), plate="7ABC123", justification="follow up")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors == [
        {
            "code": rules.JUSTIFICATION_TOO_VAGUE,
            "field": "justification",
            "message": errors[0]["message"],
        }
    ]
    record = SearchRequest.objects.get(user=searcher)
    assert record.outcome == SearchRequest.Outcome.REFUSED
    assert record.refusal_codes == [rules.JUSTIFICATION_TOO_VAGUE] and record.read_ids == []


BAD_BODIES = [
    ({"plate": "*"}, codes.PATTERN_TOO_BROAD),
    ({"plate": "A" * 40}, codes.PLATE_INVALID),
    ({"plate": "7AB;DROP"}, codes.PLATE_INVALID),
    ({"plate": "7ABC123", "start": "2026-13-45T00:00:00Z"}, codes.WINDOW_INVALID),
    ({"plate": "7ABC123", "end": None}, codes.WINDOW_REQUIRED),
    ({"plate": "7ABC123", "start": "2020-01-01T00:00:00Z"}, codes.WINDOW_TOO_LONG),
    ({"bbox": [1, 2, 3]}, codes.BBOX_INVALID),
    ({"bbox": "everywhere"}, codes.BBOX_INVALID),
    ({"near": {"lat": 37.8, "lon": -122.2, "radius_m": -5}}, codes.RADIUS_INVALID),
    ({"near": {"lat": "NaN", "lon": -122.2, "radius_m": 50}}, codes.NEAR_INVALID),
    ({"camera_ids": 7}, codes.CAMERA_INVALID),
    ({"camera_ids": [2**40]}, codes.CAMERA_INVALID),
    ({"plate": "7ABC123", "misread_tolerant": "yes"}, codes.WRONG_TYPE),
    ({"plate": "7ABC123", "justification": ["a", "list"]}, codes.WRONG_TYPE),
    ({"plate": "7ABC123", "case_number": {"x": 1}}, codes.WRONG_TYPE),
]


@pytest.mark.parametrize(("fields", "code"), BAD_BODIES, ids=lambda v: str(v)[:40])
def test_bad_input_is_a_coded_400_recorded_as_refused(searcher, fields, code):
    response = search(token_client(searcher), **fields)
    assert response.status_code == 400
    assert code in [error["code"] for error in response.json()["errors"]]
    assert SearchRequest.objects.get(user=searcher).outcome == SearchRequest.Outcome.REFUSED


@pytest.mark.parametrize("body", [[1, 2], "plate", None, 42])
def test_a_body_that_is_not_an_object_is_a_400_not_a_500(searcher, body):
    response = token_client(searcher).post("/api/v1/searches", body, format="json")
    assert response.status_code == 400
    assert response.json()["errors"]


def test_a_past_search_is_returned_to_its_owner_only(searcher, division_a, camera_a):
    store(camera_a, "7ABC123")
    search_id = search(token_client(searcher), plate="7ABC123").json()["id"]
    mine = token_client(searcher).get(f"/api/v1/searches/{search_id}")
    assert mine.status_code == 200
    assert mine.json()["search"]["case_number"] == GOOD_PURPOSE_FIELDS["case_number"]
    assert [r["plate"] for r in mine.json()["results"]] == ["7ABC123"]
    from tests.accounts.provisioning_helpers import gate_passing

    colleague = gate_passing(division_a)
    assert token_client(colleague).get(f"/api/v1/searches/{search_id}").status_code == 404
    assert token_client(searcher).get("/api/v1/searches/987654321").status_code == 404


def test_next_pages_continue_a_search_and_are_recorded(searcher, camera_a, monkeypatch):
    from queries.services import search as search_module

    ids = [store(camera_a, "7PAGE77", hours_ago=hours) for hours in range(1, 4)]
    monkeypatch.setattr(search_module, "PAGE_SIZE", 2)
    client = token_client(searcher)
    first = search(client, plate="7PAGE77").json()
    assert [r["id"] for r in first["results"]] == ids[:2] and first["count"] == 3
    assert first["next"].startswith(f"/api/v1/searches/{first['id']}/results?after=")
    second = client.get(first["next"])
    assert second.status_code == 201
    assert [r["id"] for r in second.json()["results"]] == ids[2:]
    assert second.json()["next"] is None
    record = SearchRequest.objects.get(pk=second.json()["id"])
    assert record.criteria["continues"] == first["id"] and record.read_ids == ids[2:]
    assert client.get(f"/api/v1/searches/{first['id']}/results?after=forged").status_code == 400


def test_read_detail_is_recorded_as_a_view_with_the_searchs_purpose(searcher, camera_a):
    read = store(camera_a, "7ABC123")
    client = token_client(searcher)
    search_id = search(client, plate="7ABC123").json()["id"]
    response = client.get(f"/api/v1/reads/{read}?search={search_id}")
    assert response.status_code == 200
    assert response.json()["plate"] == "7ABC123"
    view = SearchRequest.objects.get(pk=response.json()["view_record"])
    assert view.kind == SearchRequest.Kind.READ_VIEW and view.read_ids == [read]
    assert view.case_number == GOOD_PURPOSE_FIELDS["case_number"]
    assert view.criteria == {"read_id": read, "opened": "detail", "from_search": search_id}


def test_opening_the_full_photo_is_recorded_and_the_thumbnail_of_a_result_is_not(
    searcher, camera_a
):
    read = store(
        camera_a,
        "7ABC123",
        images=[("plate", JPEG, "image/jpeg"), ("overview", JPEG, "image/jpeg")],
    )
    client = token_client(searcher)
    search_id = search(client, plate="7ABC123").json()["id"]
    thumbnail = client.get(f"/api/v1/reads/{read}/photo?kind=plate&search={search_id}")
    assert thumbnail.status_code == 200 and thumbnail["Content-Type"] == "image/jpeg"
    assert b"".join(thumbnail.streaming_content) == JPEG
    assert not SearchRequest.objects.filter(kind=SearchRequest.Kind.READ_VIEW).exists()
    full = client.get(f"/api/v1/reads/{read}/photo?kind=overview&search={search_id}")
    assert full.status_code == 200
    assert full["X-Content-Type-Options"] == "nosniff"
    view = SearchRequest.objects.get(kind=SearchRequest.Kind.READ_VIEW)
    assert view.criteria["image"] == "overview" and view.read_ids == [read]


def test_a_missing_photo_is_404_and_an_unknown_kind_400(searcher, camera_a):
    read = store(camera_a, "7ABC123")
    client = token_client(searcher)
    search_id = search(client, plate="7ABC123").json()["id"]
    recorded = SearchRequest.objects.count()
    assert client.get(f"/api/v1/reads/{read}/photo?search={search_id}").status_code == 404
    bad_kind = f"/api/v1/reads/{read}/photo?search={search_id}&kind=../../etc"
    assert client.get(bad_kind).status_code == 400
    assert SearchRequest.objects.count() == recorded


def test_a_read_opened_without_a_search_that_returned_it_is_refused_and_recorded(
    searcher, camera_a
):
    """GIVEN a read of the searcher's own agency, known by its id only
    WHEN they open it, or its photo, naming no search or a search that did not return it
    THEN the answer is 404 like a missing read and each attempt is recorded as refused: a read id
    alone is a search without a purpose (1798.90.52)."""
    read = store(camera_a, "7ABC123", images=[("overview", JPEG, "image/jpeg")])
    client = token_client(searcher)
    other_search = search(client, plate="8XYZ999").json()["id"]
    for url in (
        f"/api/v1/reads/{read}",
        f"/api/v1/reads/{read}/photo",
        f"/api/v1/reads/{read}?search={other_search}",
    ):
        assert client.get(url).status_code == 404, url
    refused = SearchRequest.objects.filter(
        kind=SearchRequest.Kind.READ_VIEW, outcome=SearchRequest.Outcome.REFUSED
    )
    assert refused.count() == 3
    assert all(r.refusal_codes == ["no_justifying_search"] for r in refused)
    assert not SearchRequest.objects.filter(
        kind=SearchRequest.Kind.READ_VIEW, outcome=SearchRequest.Outcome.RUN
    ).exists()


def test_another_agencys_read_is_404_and_nothing_is_recorded(searcher_b, camera_a):
    read = store(camera_a, "7ABC123")
    response = token_client(searcher_b).get(f"/api/v1/reads/{read}")
    assert response.status_code == 404
    assert response.json()["errors"][0]["code"] == "not_found"
    assert not SearchRequest.objects.exists()


def test_the_search_endpoint_has_a_query_ceiling(
    searcher, camera_a, camera_a2, django_assert_max_num_queries
):
    for n in range(40):
        store(camera_a if n % 2 else camera_a2, "7MANY77", hours_ago=n + 1)
    client = token_client(searcher)
    # 17: the one door also asks which agencies granted this one a standing agreement (sharing;
    # cached per grantee and day, so once per search at most).
    with django_assert_max_num_queries(17):
        response = search(client, plate="7MANY77")
    assert response.status_code == 201 and response.json()["count"] == 40
    with django_assert_max_num_queries(12):
        again = client.get(f"/api/v1/searches/{response.json()['id']}")
    assert len(again.json()["results"]) == 40


def test_purpose_categories_list_the_agency_modes_categories(searcher, division_b):
    body = token_client(searcher).get("/api/v1/purpose-categories").json()
    assert {"code": "training", "label": "Department-approved training"} in body
    county = factories.user(division_b)
    codes_b = {c["code"] for c in token_client(county).get("/api/v1/purpose-categories").json()}
    assert "amber_alert" in codes_b and "training" not in codes_b


def test_the_live_check_answers_ok_or_each_violation(searcher):
    client = token_client(searcher)
    ok = client.post("/api/v1/purpose-checks", GOOD_PURPOSE_FIELDS, format="json")
    assert ok.status_code == 200 and ok.json() == {"ok": True, "violations": []}
    bad = client.post(
        "/api/v1/purpose-checks", {**GOOD_PURPOSE_FIELDS, "case_number": ""}, format="json"
    )
    assert bad.json()["ok"] is False
    assert [v["code"] for v in bad.json()["violations"]] == [rules.CASE_NUMBER_REQUIRED]
    assert not SearchRequest.objects.exists()  # a check is not a search

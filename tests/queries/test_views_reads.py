"""The read and photo view: opening a read is recorded with the purpose of the search it came
from (1798.90.52); the plate-crop thumbnail beside a search's own result is covered by that
search's record; photos are served inert."""

import pytest

from queries.models import SearchRequest
from tests.queries.conftest import GOOD_PURPOSE_FIELDS, store
from tests.queries.search_helpers import jpeg
from tests.queries.test_views_search import URL, form

pytestmark = pytest.mark.django_db


@pytest.fixture
def searched(client_for, searcher, camera_a):
    """GIVEN a searcher whose search returned a read with a plate crop and an overview photo."""
    read_id = store(
        camera_a,
        "7ABC123",
        images=[("plate", jpeg(), "image/jpeg"), ("overview", jpeg((10, 10, 10)), "image/jpeg")],
    )
    client = client_for(searcher)
    record = client.post(URL, form(plate="7ABC123")).context["outcome"].record
    return client, record, read_id


def views_of(user):
    return SearchRequest.objects.filter(user=user, kind=SearchRequest.Kind.READ_VIEW)


def test_opening_a_read_is_recorded_with_the_purpose_of_its_search(searched, searcher):
    client, record, read_id = searched
    response = client.get(f"/search/reads/{read_id}/?from={record.pk}")
    assert response.status_code == 200
    view = views_of(searcher).get()
    assert view.read_ids == [read_id]
    assert view.criteria["from_search"] == record.pk
    assert view.justification == GOOD_PURPOSE_FIELDS["justification"]
    content = response.content.decode()
    assert f"/search/reads/{read_id}/image/overview/?from={record.pk}" in content
    assert "Report a misread" in content


def test_the_thumbnail_of_a_searchs_own_result_adds_no_record(searched, searcher):
    client, record, read_id = searched
    response = client.get(f"/search/reads/{read_id}/image/plate/?from={record.pk}")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"
    assert not views_of(searcher).exists()


def test_the_full_photo_is_recorded_as_a_view(searched, searcher):
    client, record, read_id = searched
    response = client.get(f"/search/reads/{read_id}/image/overview/?from={record.pk}")
    assert response.status_code == 200
    view = views_of(searcher).get()
    assert view.criteria["image"] == "overview"


def test_a_thumbnail_asked_for_outside_a_search_is_recorded(searched, searcher):
    client, _record, read_id = searched
    assert client.get(f"/search/reads/{read_id}/image/plate/").status_code == 200
    assert views_of(searcher).count() == 1


def test_a_photo_the_read_does_not_have_is_404_and_records_nothing(searched, searcher):
    client, record, read_id = searched
    response = client.get(f"/search/reads/{read_id}/image/nonesuch/?from={record.pk}")
    assert response.status_code == 404
    assert not views_of(searcher).exists()


def test_a_read_opened_without_its_search_cannot_be_reported_from_the_page(searched):
    client, _record, read_id = searched
    content = client.get(f"/search/reads/{read_id}/").content.decode()
    assert "Open this read from your search results to report a misread." in content

"""Legal holds through the one door: a hold by plate and window is a search (purpose rules, a
hold_search record, run or refused), and viewing held reads is recorded."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from camera_ingest import services as ingest
from queries import rules
from queries.models import SearchRequest
from tests.accounts.provisioning_helpers import gate_passing
from tests.queries.conftest import NOW, store

pytestmark = pytest.mark.django_db

DESCRIPTION = "Evidence: the stolen pickup seen leaving the burglary of the hardware store"


@pytest.fixture
def holder(division_a):
    return gate_passing(division_a, role="agency_admin")


def place(holder, **fields):
    values = {
        "actor": holder,
        "case_number": "INV-26-00418",
        "reason": "evidence",
        "description": DESCRIPTION,
        "plate": "5HLD123",
        "start": NOW - timedelta(days=2),
        "end": NOW,
        "client_address": "10.0.0.7",
    }
    return ingest.legal_hold_place(**{**values, **fields})


def test_a_hold_by_plate_is_recorded_as_a_search_with_the_reads_held(holder, camera_a, camera_b):
    read = store(camera_a, "5HLD123")
    store(camera_b, "5HLD123")  # another agency's read of the plate is not held
    hold = place(holder)
    record = SearchRequest.objects.get(kind=SearchRequest.Kind.HOLD_SEARCH)
    assert record.outcome == SearchRequest.Outcome.RUN
    assert record.read_ids == [read] and record.criteria["hold"] == hold.pk
    assert record.case_number == "INV-26-00418" and record.justification == DESCRIPTION
    assert record.client_address == "10.0.0.7"


def test_a_hold_with_a_vague_reason_is_refused_and_the_refusal_recorded(holder, camera_a):
    store(camera_a, "5HLD123")
    with pytest.raises(ValidationError) as refused:
        place(holder, description="investigation")
    assert "description" in refused.value.message_dict
    record = SearchRequest.objects.get(kind=SearchRequest.Kind.HOLD_SEARCH)
    assert record.outcome == SearchRequest.Outcome.REFUSED
    assert record.refusal_codes == [rules.JUSTIFICATION_TOO_VAGUE]
    from camera_ingest.models import LegalHold

    assert not LegalHold.objects.exists()


def test_a_hold_matching_no_read_is_a_recorded_refusal(holder, camera_a):
    with pytest.raises(ValidationError):
        place(holder, plate="0NONE00")
    record = SearchRequest.objects.get(kind=SearchRequest.Kind.HOLD_SEARCH)
    assert record.outcome == SearchRequest.Outcome.REFUSED
    assert record.refusal_codes == ["no_reads"]


def test_viewing_held_reads_is_recorded(holder, camera_a, client_for):
    read = store(camera_a, "5HLD123")
    hold = place(holder)
    response = client_for(holder).get(f"/cameras/holds/{hold.pk}/")
    assert response.status_code == 200
    view = SearchRequest.objects.get(kind=SearchRequest.Kind.HELD_READ_VIEW)
    assert view.read_ids == [read] and view.criteria == {"hold": hold.pk}
    assert view.user == holder

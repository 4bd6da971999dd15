"""The confirmation step shared by irreversible acts: nothing counts as confirmed by accident."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from alpr_governance.confirm import confirmation_page, confirmed


@pytest.fixture
def rf():
    return RequestFactory()


def _post(rf, data):
    request = rf.post("/people/7/close/", data)
    request.user = AnonymousUser()
    return request


def test_a_first_post_is_not_a_confirmation(rf):
    assert not confirmed(_post(rf, {"reason": "left the agency"}))
    assert not confirmed(rf.get("/people/7/close/", {"confirmed": "1"}))


def test_a_typed_confirmation_must_match_exactly(rf):
    assert confirmed(_post(rf, {"confirmed": "1"}))
    assert not confirmed(
        _post(rf, {"confirmed": "1", "typed_confirmation": "dana"}), typed="dana.reyes"
    )
    assert confirmed(
        _post(rf, {"confirmed": "1", "typed_confirmation": " dana.reyes "}), typed="dana.reyes"
    )


@pytest.mark.django_db
def test_the_page_states_the_impact_and_carries_the_first_posts_fields(rf):
    response = confirmation_page(
        _post(rf, {"reason": "left the agency", "csrfmiddlewaretoken": "x"}),
        title="Close the account of Dana Reyes",
        impact=["Dana Reyes will no longer be able to sign in."],
        confirm_label="Close the account",
        cancel_url="/provisioning/users/7/",
        typed="dana.reyes",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Dana Reyes will no longer be able to sign in." in html
    assert 'name="reason" value="left the agency"' in html
    assert html.count('name="csrfmiddlewaretoken"') == 1
    assert 'href="/provisioning/users/7/"' in html


@pytest.mark.django_db
def test_a_wrong_typed_name_answers_400_and_says_what_to_type(rf):
    response = confirmation_page(
        _post(rf, {"confirmed": "1", "typed_confirmation": "someone.else"}),
        title="Close the account of Dana Reyes",
        impact=["Dana Reyes will no longer be able to sign in."],
        confirm_label="Close the account",
        cancel_url="/provisioning/users/7/",
        typed="dana.reyes",
    )
    assert response.status_code == 400
    assert "That does not match" in response.content.decode()

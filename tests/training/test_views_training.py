"""The training pages: a person's own (submitted, awaiting verification; rejected with the
reason) and the division's, where administrators verify or reject (issue 11)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import GovernanceRecord
from accounts.services import acts
from tests import factories
from training import services
from training.models import TrainingRecord
from training.selectors import required_courses

pytestmark = pytest.mark.django_db


def _pdf():
    return SimpleUploadedFile("certificate.pdf", b"%PDF-1.4 certificate", "application/pdf")


def _course(agency):
    return required_courses(agency.pk).order_by("pk").first()


def _submit(person):
    return services.training_record_submit(
        actor=person,
        course=_course(person.agency),
        completed_on=timezone.localdate(),
        certificate=_pdf(),
    )


def test_an_uploaded_certificate_shows_as_submitted_awaiting_verification(user_a, client_for):
    client = client_for(user_a)
    response = client.post(
        "/training/",
        {
            "course": _course(user_a.agency).pk,
            "completed_on": timezone.localdate().isoformat(),
            "certificate": _pdf(),
        },
        follow=True,
    )
    page = response.content.decode()
    assert "Submitted, awaiting verification" in page
    assert "submitted, awaiting verification</span>" in page
    assert "an administrator of your division verifies the certificate" in page


def test_a_rejected_certificate_shows_the_reason_and_what_to_do_next(admin_a, user_a, client_for):
    record = _submit(user_a)
    services.training_record_reject(actor=admin_a, record=record, reason="Wrong course attached.")
    page = client_for(user_a).get("/training/").content.decode()
    assert '<span class="badge bad">rejected</span>: Wrong course attached.' in page
    assert "Submit the certificate of this course again below" in page


def test_the_division_page_offers_verify_and_reject_with_names_that_say_whom(
    admin_a, user_a, client_for
):
    record = _submit(user_a)
    page = client_for(admin_a).get("/training/division/").content.decode()
    name, course = user_a.display_name, record.course.name
    assert "1 certificate awaits verification" in page
    assert f'Reject<span class="visually-hidden"> {course} certificate of {name}</span>' in page
    assert f'Verify<span class="visually-hidden"> {course} for {name}</span>' in page
    assert f'id="reject-{record.pk}-reason"' in page
    assert f'aria-describedby="reject-{record.pk}-help"' in page
    assert f'id="reject-{record.pk}-help"' in page


def test_rejecting_from_the_home_queue_returns_home_and_tells_whom(admin_a, user_a, client_for):
    record = _submit(user_a)
    response = client_for(admin_a).post(
        f"/training/records/{record.pk}/reject/",
        {"reason": "The date on the certificate is not legible.", "back": "home"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/"
    page = response.content.decode()
    assert f"{user_a.display_name} is told why by e-mail" in page
    record.refresh_from_db()
    assert record.rejection_reason == "The date on the certificate is not legible."
    assert GovernanceRecord.objects.filter(
        action=acts.TRAINING_REJECTED, actor=admin_a, client_address="127.0.0.1"
    ).exists()


def test_rejecting_without_a_reason_is_a_form_error_and_changes_nothing(
    admin_a, user_a, client_for
):
    record = _submit(user_a)
    response = client_for(admin_a).post(
        f"/training/records/{record.pk}/reject/", {"reason": "  ", "back": "division"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Say why the certificate is rejected: the person is told." in page
    field_id = "id_reason"
    assert f'aria-describedby="{field_id}-help {field_id}-error"' in page
    assert f'id="{field_id}-error"' in page
    assert TrainingRecord.objects.get(pk=record.pk).rejected_at is None


def test_the_reject_page_shows_the_submission(admin_a, user_a, client_for):
    record = _submit(user_a)
    page = client_for(admin_a).get(f"/training/records/{record.pk}/reject/?back=home")
    assert page.status_code == 200
    assert f"/training/records/{record.pk}/certificate/" in page.content.decode()


def test_verifying_a_rejected_certificate_is_refused_with_a_message(admin_a, user_a, client_for):
    record = _submit(user_a)
    services.training_record_reject(actor=admin_a, record=record, reason="Unreadable.")
    response = client_for(admin_a).post(
        f"/training/records/{record.pk}/verify/", {"back": "division"}, follow=True
    )
    assert "the person must submit a new one" in response.content.decode()
    assert TrainingRecord.objects.get(pk=record.pk).verified_at is None


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_division_page_costs_a_fixed_number_of_queries(division_a, admin_a, client_for):
    client = client_for(admin_a)
    _submit(factories.user(division_a))
    client.get("/training/division/")
    with_one = _queries(client, "/training/division/")
    for _ in range(6):
        _submit(factories.user(division_a))
    assert _queries(client, "/training/division/") == with_one
    assert with_one <= DIVISION_PAGE_QUERIES


def test_the_own_training_page_costs_a_fixed_number_of_queries(admin_a, user_a, client_for):
    client = client_for(user_a)
    record = _submit(user_a)
    client.get("/training/")
    with_one = _queries(client, "/training/")
    services.training_record_reject(actor=admin_a, record=record, reason="Unreadable.")
    for _ in range(5):
        _submit(user_a)
    assert _queries(client, "/training/") == with_one
    assert with_one <= OWN_PAGE_QUERIES


# Measured 11: session, user, second factor, the navigation's counts, the awaiting count, the
# records with their people, courses and verifiers.
DIVISION_PAGE_QUERIES = 11
# Measured 13: session, user, second factor, the courses (form and required), the statuses, the
# person's completions.
OWN_PAGE_QUERIES = 13

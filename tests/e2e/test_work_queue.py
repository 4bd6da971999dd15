"""Browser walk of the work queue (issue 11): a person submits a certificate and sees it awaiting
verification; their Division Administrator finds it in the queue on their home page and rejects
it with a reason; the person sees "rejected" and the reason on their Training page."""

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import GovernanceRecord, Role
from accounts.services import acts
from tests import factories
from tests.e2e.conftest import nav_to
from training.selectors import required_courses


@pytest.fixture
def administrator(division_a):
    return factories.user(
        division_a, role=Role.DIVISION_ADMIN_PRIMARY, rank_title="Lieutenant", first_name="Maya"
    )


@pytest.fixture
def dana(division_a, administrator):
    return factories.user(division_a, first_name="Dana")


def test_an_administrator_rejects_a_certificate_from_the_queue_and_the_person_sees_why(
    page, browser, live_server, sign_in, administrator, dana
):
    """GIVEN a person who uploads a certificate of a required course and sees it awaiting
    verification
    WHEN their Division Administrator rejects it from the home page's queue with a reason
    THEN the person's Training page says "rejected" with that reason, and what to do next."""
    course = required_courses(dana.agency_id).order_by("pk").first()
    # The person keeps their own browser (a one-time code cannot be used twice in its step).
    own = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    own.set_default_timeout(10_000)
    dana_page = own.new_page()
    console_errors: list[str] = []
    dana_page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)

    sign_in(dana_page, dana)
    nav_to(dana_page, "Training", "My training")
    dana_page.get_by_label("Course").select_option(label=course.name)
    dana_page.get_by_label("Completed on").fill(timezone.localdate().isoformat())
    dana_page.get_by_label("Certificate", exact=True).set_input_files(
        {"name": "certificate.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 done"}
    )
    dana_page.get_by_role("button", name="Submit for verification").click()
    row = dana_page.get_by_test_id(f"course-{course.pk}")
    row.get_by_text("submitted, awaiting verification").wait_for()

    sign_in(page, administrator)
    queue = page.get_by_role("region", name="What needs you")
    queue.get_by_role("link", name="1 certificate to verify").wait_for()
    queue.locator("summary").filter(has_text=dana.display_name).click()
    queue.get_by_label("Reason").fill("The scan is cut off; the completion date is missing.")
    queue.get_by_role(
        "button", name=f"Reject {course.name} certificate of {dana.display_name}"
    ).click()
    page.get_by_text(f"{dana.display_name} is told why by e-mail").wait_for()
    page.get_by_text("Nothing needs you right now.").wait_for()
    record = GovernanceRecord.objects.get(action=acts.TRAINING_REJECTED)
    assert record.reason == "The scan is cut off; the completion date is missing."

    dana_page.reload()
    row = dana_page.get_by_test_id(f"course-{course.pk}")
    row.get_by_text("rejected", exact=True).wait_for()
    row.get_by_text("The scan is cut off; the completion date is missing.").wait_for()
    row.get_by_text("Submit the certificate of this course again below").wait_for()
    [told] = [m for m in mail.outbox if "Certificate not accepted" in m.subject]
    assert told.to == [dana.email]
    assert "The scan is cut off" in told.body
    own.close()
    assert console_errors == [], console_errors

"""Browser walks of the agency administrator's governance pages: a case-number format that
accepts anything is refused and "Try a case number" answers without saving (53060.7(b)(6)); a
vendor course is required of the people marked as its users (GO 5.42 F.4)."""

import pytest

from accounts.models import GovernanceRecord, Role
from tests import factories
from tests.e2e.conftest import nav_to
from training.models import Course


@pytest.fixture
def agency_admin(division_a):
    return factories.user(division_a, role=Role.AGENCY_ADMIN, first_name="Maya")


def test_an_everything_pattern_is_refused_and_a_case_number_is_tried_before_saving(
    page, sign_in, agency_admin, division_a
):
    sign_in(page, agency_admin)
    page.goto(f"/agency/divisions/{division_a.pk}/")
    pattern = page.get_by_label("Case-number pattern")
    pattern.fill(".*")
    page.get_by_label("Case number", exact=True).fill("anything at all")
    page.get_by_role("button", name="Try").click()
    page.get_by_text("The pattern accepts an empty case number").first.wait_for()

    page.get_by_label("Case-number pattern").fill(r"^P-\d{2}-\d{5}$")
    page.get_by_label("Case number", exact=True).fill("P-26-00001")
    page.get_by_role("button", name="Try").click()
    page.get_by_text("'P-26-00001' is a case number of this format.").wait_for()
    division_a.refresh_from_db()
    assert division_a.case_number_pattern != r"^P-\d{2}-\d{5}$"  # trying saved nothing

    page.get_by_label("Example case number").fill("P-26-00001")
    page.get_by_label("Reason for the change").fill("New records system")
    page.get_by_role("button", name="Save").click()
    page.get_by_text(f"{division_a.name}: settings saved.").wait_for()
    record = GovernanceRecord.objects.get(action="division_settings_changed")
    assert record.after["case_number_pattern"] == r"^P-\d{2}-\d{5}$"


def test_a_vendor_course_is_added_and_a_person_marked_as_its_user(
    page, sign_in, agency_admin, user_a
):
    sign_in(page, agency_admin)
    nav_to(page, "Training", "Courses")
    page.get_by_label("Code").fill("flock-search")
    page.get_by_label("Name").fill("Flock Search Tool Certification")
    page.get_by_label("Vendor").fill("Flock Safety")
    page.get_by_label("Required only of users of this system").fill("Flock Safety")
    page.get_by_label("A certificate of completion is required").check()
    page.get_by_role("button", name="Add course").click()
    page.get_by_role("heading", name="Flock Search Tool Certification").wait_for()
    page.get_by_role("button", name=f"Mark as user {user_a.display_name}").click()
    page.get_by_text(f"{user_a.display_name} uses Flock Safety.").wait_for()
    course = Course.objects.get(code="flock-search")
    assert course.system == "Flock Safety"
    assert user_a.systems_used.filter(system="Flock Safety").exists()

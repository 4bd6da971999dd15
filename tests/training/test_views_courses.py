"""The course pages of the agency administrator (bypass 5; 429.5; GO 5.42 F.4-F.5)."""

from datetime import date

import pytest

from accounts.models import GovernanceRecord, Role
from tests import factories
from training import services as training_services
from training.models import Course, SystemUser

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency_admin_a(division_a):
    return factories.user(division_a, role=Role.AGENCY_ADMIN)


def test_the_agency_administrator_adds_a_course_required_of_a_systems_users(
    agency_admin_a, agency_a, client_for
):
    client = client_for(agency_admin_a)
    assert client.get("/training/courses/").status_code == 200
    response = client.post(
        "/training/courses/",
        {
            "code": "flock-search",
            "name": "Flock Search Tool Certification",
            "vendor": "Flock Safety",
            "system": "Flock Safety",
            "required": "on",
            "certificate_required": "on",
            "validity_days": "365",
            "reason": "GO 5.42 F.4",
        },
    )
    course = Course.objects.get(agency=agency_a, code="flock-search")
    assert response.status_code == 302
    assert (course.system, course.validity_days, course.required) == ("Flock Safety", 365, True)
    record = GovernanceRecord.objects.get(action="course_created")
    assert record.after["system"] == "Flock Safety"
    assert record.client_address == "127.0.0.1"
    page = client.get(f"/training/courses/{course.pk}/").content.decode()
    assert "Users of Flock Safety" in page


def test_change_void_mark_and_retire_through_the_pages(
    agency_admin_a, agency_a, user_a, client_for
):
    client = client_for(agency_admin_a)
    course = Course.objects.filter(agency=agency_a, active=True, system="").first()
    axon = training_services.course_create(
        actor=agency_admin_a, agency=agency_a, code="axon", name="Axon", system="Axon"
    )
    changed = client.post(
        f"/training/courses/{course.pk}/",
        {"name": course.name, "required": "on", "validity_days": "400"},
    )
    assert changed.status_code == 302
    voided = client.post(
        f"/training/courses/{course.pk}/void/",
        {"void-before": date.today().isoformat(), "void-reason": "Vehicle code amended"},
    )
    assert voided.status_code == 302
    marked = client.post(f"/training/courses/{axon.pk}/users/", {"user": user_a.pk, "uses": "1"})
    assert marked.status_code == 302
    assert SystemUser.objects.filter(user=user_a, system="Axon").exists()
    retired = client.post(f"/training/courses/{axon.pk}/retire/", {"retire-reason": "Replaced"})
    assert retired.status_code == 302
    course.refresh_from_db()
    axon.refresh_from_db()
    assert (course.validity_days, course.voided_before) == (400, date.today())
    assert not axon.active
    actions = set(GovernanceRecord.objects.values_list("action", flat=True))
    assert {
        "course_changed",
        "course_completions_voided",
        "system_user_marked",
        "course_retired",
    } <= actions


def test_a_retire_without_reason_is_refused_and_nothing_changes(
    agency_admin_a, agency_a, client_for
):
    course = Course.objects.filter(agency=agency_a, active=True).first()
    response = client_for(agency_admin_a).post(f"/training/courses/{course.pk}/retire/", {})
    assert response.status_code == 400
    course.refresh_from_db()
    assert course.active


def test_a_division_administrator_has_no_course_pages(admin_a, agency_a, client_for):
    course = Course.objects.filter(agency=agency_a).first()
    client = client_for(admin_a)
    assert client.get("/training/courses/").status_code == 403
    assert (
        client.post(f"/training/courses/{course.pk}/retire/", {"retire-reason": "x"}).status_code
        == 403
    )


def test_marking_a_person_of_another_agency_answers_404(
    agency_admin_a, agency_a, user_b, client_for
):
    course = Course.objects.filter(agency=agency_a).first()
    client = client_for(agency_admin_a)
    client.post(f"/training/courses/{course.pk}/", {"name": course.name, "system": "Axon"})
    response = client.post(
        f"/training/courses/{course.pk}/users/", {"user": user_b.pk, "uses": "1"}
    )
    assert response.status_code == 404
    assert not SystemUser.objects.filter(user=user_b).exists()

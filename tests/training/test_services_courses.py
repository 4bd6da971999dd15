"""Training fails closed and agency administrators manage courses (issue 8 bypass 5; 53060.7(b)(1),
429.5, GO 5.42 F.4-F.5). Each change is on the governance record."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts import services as account_services
from accounts.models import GovernanceRecord, Role
from accounts.services import access
from tests import factories
from tests.accounts.provisioning_helpers import provisioned, train
from training import services
from training.models import Course, SystemUser
from training.selectors import required_courses, training_status

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency_admin_a(division_a):
    return factories.user(division_a, role=Role.AGENCY_ADMIN)


def _retire_all(agency_admin, agency):
    for course in required_courses(agency.pk):
        services.course_retire(actor=agency_admin, course=course, reason="Replaced")


def test_an_agency_with_no_required_course_fails_the_training_check(
    division_a, admin_a, agency_admin_a, agency_a
):
    """GIVEN a person granted with every check passing
    WHEN the agency's only required course is retired (no required course left)
    THEN the person's standing shows training missing: the check fails closed."""
    person = provisioned(division_a, admin_a)
    assert account_services.access_standing(person).allowed
    _retire_all(agency_admin_a, agency_a)
    assert training_status(person, date.today()) == []
    decision = account_services.access_standing(person)
    assert not decision.allowed
    assert access.TRAINING_MISSING in decision.codes


def test_a_course_made_required_applies_to_everyone_and_the_change_is_recorded(
    division_a, agency_admin_a, agency_a
):
    course = services.course_create(
        actor=agency_admin_a,
        agency=agency_a,
        code="privacy-2027",
        name="Privacy 2027",
        required=False,
    )
    person = factories.user(division_a)
    assert "Privacy 2027" not in [s.course.name for s in training_status(person, date.today())]
    services.course_update(
        actor=agency_admin_a, course=course, required=True, reason="New privacy law"
    )
    assert "Privacy 2027" in [s.course.name for s in training_status(person, date.today())]
    record = GovernanceRecord.objects.get(action=services.COURSE_CHANGED)
    assert (record.before, record.after) == ({"required": False}, {"required": True})
    assert record.reason == "New privacy law"
    assert record.actor == agency_admin_a


def test_a_course_valid_for_its_own_days_sets_the_expiry(
    division_a, admin_a, agency_admin_a, agency_a
):
    course = required_courses(agency_a.pk).first()
    services.course_update(actor=agency_admin_a, course=course, validity_days=365)
    person = provisioned(division_a, admin_a)
    record = person.training_records.get(course=course)
    assert record.expires_on == record.completed_on + timedelta(days=365)


def test_voiding_completions_before_a_date_ends_access_until_retaken(
    division_a, admin_a, agency_admin_a, agency_a
):
    """GIVEN a person trained ten days ago
    WHEN a change of law voids the course's completions before yesterday (429.5)
    THEN their training is missing, until they complete the course again."""
    person = provisioned(division_a, admin_a, trained_days_ago=10)
    course = required_courses(agency_a.pk).first()
    services.course_completions_void(
        actor=agency_admin_a,
        course=course,
        before=date.today() - timedelta(days=1),
        reason="Penal Code amended",
    )
    assert access.TRAINING_MISSING in account_services.access_standing(person).codes
    train(admin_a, person)
    assert account_services.access_standing(person).allowed
    record = GovernanceRecord.objects.get(action=services.COURSE_COMPLETIONS_VOIDED)
    assert record.after["completions_voided"] == 1
    assert record.reason == "Penal Code amended"


def test_a_void_needs_its_reason_and_cannot_move_backwards(agency_admin_a, agency_a):
    course = required_courses(agency_a.pk).first()
    with pytest.raises(ValidationError):
        services.course_completions_void(
            actor=agency_admin_a, course=course, before=date.today(), reason=" "
        )
    services.course_completions_void(
        actor=agency_admin_a, course=course, before=date.today(), reason="New system"
    )
    with pytest.raises(ValidationError):
        services.course_completions_void(
            actor=agency_admin_a,
            course=course,
            before=date.today() - timedelta(days=30),
            reason="Oops",
        )


def test_a_vendor_course_is_required_only_of_that_vendors_users(division_b, agency_b):
    """GIVEN the county sheriff (GO 5.42 F.4-F.5), whose Flock courses are required of Flock users
    WHEN the agency administrator marks one deputy as a Flock user
    THEN only that deputy must complete the Flock courses; the mark is recorded."""
    sheriff_admin = factories.user(division_b, role=Role.AGENCY_ADMIN)
    flock_user = factories.user(division_b)
    other = factories.user(division_b)
    flock = Course.objects.get(agency=agency_b, code="flock-search")
    assert (flock.required, flock.system) == (True, "Flock Safety")
    services.system_user_set(actor=sheriff_admin, user=flock_user, system="Flock Safety", uses=True)
    codes_for = {
        person: {s.course.code for s in training_status(person, date.today())}
        for person in (flock_user, other)
    }
    assert {"flock-search", "flock-alerts"} <= codes_for[flock_user]
    assert not {"flock-search", "flock-alerts"} & codes_for[other]
    record = GovernanceRecord.objects.get(action=services.SYSTEM_USER_MARKED)
    assert record.subject_user == flock_user
    # Unmarking is recorded and takes the requirement away; doing it twice changes nothing.
    assert services.system_user_set(
        actor=sheriff_admin, user=flock_user, system="Flock Safety", uses=False
    )
    assert not services.system_user_set(
        actor=sheriff_admin, user=flock_user, system="Flock Safety", uses=False
    )
    assert not SystemUser.objects.filter(user=flock_user).exists()


def test_only_the_agency_administrator_manages_courses(division_a, admin_a, agency_a, agency_b):
    course = required_courses(agency_a.pk).first()
    stranger = factories.user(agency_b.divisions.first(), role=Role.AGENCY_ADMIN)
    for actor in (admin_a, stranger):
        with pytest.raises(PermissionDenied):
            services.course_retire(actor=actor, course=course, reason="No")
        with pytest.raises(PermissionDenied):
            services.course_create(actor=actor, agency=agency_a, code="x-1", name="X")
    course.refresh_from_db()
    assert course.active
    assert not GovernanceRecord.objects.filter(action__startswith="course_").exists()


def test_a_duplicate_code_is_refused_and_writes_nothing(agency_admin_a, agency_a):
    code = required_courses(agency_a.pk).first().code
    with pytest.raises(ValidationError):
        services.course_create(actor=agency_admin_a, agency=agency_a, code=code, name="Again")
    assert not GovernanceRecord.objects.filter(action=services.COURSE_CREATED).exists()


def test_a_refused_course_act_is_recorded_even_though_nothing_changes(admin_a, agency_a):
    """The refusal is written before the act's transaction opens, so it survives the refusal."""
    course = required_courses(agency_a.pk).first()
    with pytest.raises(PermissionDenied):
        services.course_retire(
            actor=admin_a, course=course, reason="Not mine to retire", client_address="10.9.8.7"
        )
    refused = GovernanceRecord.objects.get(action="refused", actor=admin_a)
    assert refused.after == {"attempted": "manage training courses"}
    assert refused.client_address == "10.9.8.7"
    course.refresh_from_db()
    assert course.active


def test_no_expiry_warning_for_a_voided_completion_or_a_system_the_person_does_not_use(
    division_b, agency_b
):
    """GIVEN a deputy whose Flock course expires in a week, who is not marked as a Flock user,
    and a colleague whose completion was voided by a change of law
    WHEN the expiry job runs
    THEN neither is warned: the courses are not (or no longer) theirs to keep."""
    sheriff_admin = factories.user(division_b, role=Role.AGENCY_ADMIN)
    recorder = factories.user(division_b, role=Role.DIVISION_ADMIN_PRIMARY, rank_title="Lieutenant")
    deputy = factories.user(division_b)
    flock = Course.objects.get(agency=agency_b, code="flock-search")
    flock = services.course_update(actor=sheriff_admin, course=flock, validity_days=30)
    services.training_record_create(
        actor=recorder,
        subject=deputy,
        course=flock,
        completed_on=date.today() - timedelta(days=25),
        certificate=_pdf(),
    )
    assert services.training_expiry_notify(agency=agency_b, dry_run=True)["warn_7"] == 0
    services.system_user_set(actor=sheriff_admin, user=deputy, system="Flock Safety", uses=True)
    assert services.training_expiry_notify(agency=agency_b, dry_run=True)["warn_7"] == 1
    services.course_completions_void(
        actor=sheriff_admin, course=flock, before=date.today(), reason="New Flock release"
    )
    assert services.training_expiry_notify(agency=agency_b, dry_run=True)["warn_7"] == 0


def _pdf():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("certificate.pdf", b"%PDF-1.4 certificate", "application/pdf")

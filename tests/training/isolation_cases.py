"""Objects of agency A behind each training route with an id (see tests/test_isolation.py)."""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.isolation_tables import ListCase
from training import services
from training.models import Course


def _pdf():
    return SimpleUploadedFile("certificate.pdf", b"%PDF-1.4 certificate", "application/pdf")


def _recorded(world):
    course = Course.objects.filter(agency=world.agency_a).first()
    record = services.training_record_create(
        actor=world.division_admin_a,
        subject=world.end_user_a,
        course=course,
        completed_on=date.today(),
        certificate=_pdf(),
    )
    return {"pk": record.pk}


def _submitted(world):
    course = Course.objects.filter(agency=world.agency_a).first()
    record = services.training_record_submit(
        actor=world.end_user_a, course=course, completed_on=date.today(), certificate=_pdf()
    )
    return {"pk": record.pk}


ISOLATION_CASES = {
    "training:certificate": _recorded,
    "training:record_verify": _submitted,
    "training:record_reject": _submitted,
}


def _course(world):
    course = Course.objects.filter(agency=world.agency_a).first()
    return {"pk": course.pk}


ISOLATION_CASES.update(
    {
        "training:course_detail": _course,
        "training:course_retire": _course,
        "training:course_void": _course,
        "training:course_system_user": _course,
    }
)


def _division_records(world):
    _recorded(world)
    return world.end_user_a.display_name


def _course_list(world):
    services.course_create(
        actor=world.agency_admin_a, agency=world.agency_a, code="iso-a", name="Isolation course A"
    )
    return "Isolation course A"


LIST_CASES = {
    "training:division_training": ListCase(_division_records, "division_admin_a"),
    "training:course_list": ListCase(_course_list, "agency_admin_a"),
}

NO_TENANT_DATA = {
    "training:my_training": "the signed-in person's own training and the agency's courses",
}

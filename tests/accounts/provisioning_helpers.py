"""Reaching provisioning states through the real services, for the tests."""

from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts import services
from accounts.models import AccountStatus, Role
from tests import factories
from training import services as training_services
from training.selectors import required_courses


def pdf(name="form.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n% signed\n", "application/pdf")


def sign(person):
    version = person.agency.agreement_versions.order_by("-version").first()
    return services.agreement_sign(
        actor=person,
        version=version,
        typed_name=person.get_full_name(),
        accepted=True,
        ip_address="10.0.0.5",
    )


def train(admin, person, completed_on: date | None = None, now=None):
    for course in required_courses(person.agency_id):
        training_services.training_record_create(
            actor=admin,
            subject=person,
            course=course,
            completed_on=completed_on or timezone.localdate(),
            certificate=pdf("certificate.pdf") if course.certificate_required else None,
            now=now,
        )


def provisioned(division, admin, *, granted_days_ago=0, trained_days_ago=0, **fields):
    """An end-user granted access through the real workflow."""
    person = factories.user(division, role=Role.END_USER, status=AccountStatus.PENDING, **fields)
    sign(person)
    now = timezone.now() - timedelta(days=granted_days_ago)
    train(admin, person, timezone.localdate(now) - timedelta(days=trained_days_ago), now=now)
    services.access_grant(actor=admin, subject=person, now=now)
    person.refresh_from_db()
    return person


def gate_passing(division, *, role=Role.END_USER, **fields):
    """A person of `division` in `role` who passes the access gate (agreement signed, training
    verified, access granted by the division's administrator), through the real services."""
    granter = factories.user(division, role=Role.DIVISION_ADMIN_PRIMARY, rank_title="Lieutenant")
    person = provisioned(division, granter, **fields)
    if role != Role.END_USER:
        # Roles are assigned when an account is created; granting access is the same for all.
        type(person).objects.filter(pk=person.pk).update(role=role)
        person.refresh_from_db()
    return person

"""Provision the demo people through the real services, and add, per agency, people whose
standing shows each reason the access gate can give (their logins carry `gate_reasons`)."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts import services
from accounts.demo import demo_user
from accounts.models import AccountStatus, Role, User
from training import services as training_services
from training.selectors import required_courses


def _certificate():
    return SimpleUploadedFile(
        "certificate.pdf", b"%PDF-1.4\n% demo certificate of completion\n", "application/pdf"
    )


def _train(admin: User, person: User, completed_on, now=None) -> None:
    for course in required_courses(person.agency_id):
        training_services.training_record_create(
            actor=admin,
            subject=person,
            course=course,
            completed_on=completed_on,
            certificate=_certificate() if course.certificate_required else None,
            now=now,
        )


def _sign(person: User) -> None:
    version = person.agency.agreement_versions.order_by("-version").first()
    services.agreement_sign(
        actor=person,
        version=version,
        typed_name=person.get_full_name(),
        accepted=True,
        ip_address="127.0.0.1",
    )


def _provision(admin: User, person: User, *, trained_days_ago=0, granted_days_ago=0) -> None:
    now = timezone.now()
    _sign(person)
    _train(
        admin,
        person,
        timezone.localdate() - timedelta(days=trained_days_ago),
        now=now - timedelta(days=granted_days_ago),
    )
    services.access_grant(actor=admin, subject=person, now=now - timedelta(days=granted_days_ago))


def seed(*, agencies, logins, stdout) -> None:
    for agency in agencies.values():
        names = _seed_agency(agency, logins)
        stdout.write(f"  {agency.slug}: people provisioned; gate examples: {', '.join(names)}")


def _seed_agency(agency, logins) -> list[str]:
    agency_admin = User.objects.get(agency=agency, role=Role.AGENCY_ADMIN)
    division = agency.divisions.order_by("code").first()
    eligible = agency.eligible_classifications[0]
    people = {}

    def person(name, classification=eligible):
        people[name] = demo_user(
            logins=logins,
            division=division,
            username=f"{agency.slug}.{name}",
            role=Role.END_USER,
            job_classification=classification,
            status=AccountStatus.PENDING,
            last_name=name.title(),
        )
        return people[name]

    # Signed version 1, which version 2 then replaces.
    _provision(agency_admin, person("outdated"))
    services.agreement_version_publish(
        actor=agency_admin,
        agency=agency,
        title=f"{agency.name}: ALPR End User Agreement",
        text=agency.agreement_versions.first().text
        + "\n9. I will report a suspected breach at once.",
    )
    _sign(agency_admin)  # administrators act only in good standing: v2 signed
    for regular in User.objects.filter(agency=agency).exclude(
        username__in=[*(p.username for p in people.values()), agency_admin.username]
    ):
        _provision(agency_admin, regular)

    validity = agency.training_validity_days
    # Trained before the last renewal date, granted while it was valid: now expired.
    _provision(agency_admin, person("expired"), trained_days_ago=validity + 5, granted_days_ago=200)
    # Granted long ago and never used since: the inactivity job suspends the account.
    idle = agency.inactivity_suspension_days + 35
    _provision(agency_admin, person("suspended"), trained_days_ago=idle + 5, granted_days_ago=idle)
    services.accounts_suspend_inactive(agency=agency)
    # Trained, but never signed the agreement: not granted.
    _train(agency_admin, person("noagreement"), timezone.localdate())
    # A classification outside the policy's list, no exception: cannot be granted.
    ineligible = person("ineligible", classification="Correctional Officer")
    _sign(ineligible)
    _train(agency_admin, ineligible, timezone.localdate())

    for entry in logins["users"]:
        name = entry["username"].removeprefix(f"{agency.slug}.")
        if entry["agency"] == agency.slug and name in people:
            people[name].refresh_from_db()
            entry["gate_reasons"] = services.access_standing(people[name]).codes
    return sorted(people)

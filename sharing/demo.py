"""Demo sharing (issue 14 item 6): the camera-owning agencies (county sheriff, city police) grant
the end-user agencies (CDCR, DOJ) standing search access, so their end-users find reads. The city
grants CDCR and DOJ but not the county; the county grants the city nothing either, so each
camera-owning agency still sees only its own reads. One external federal agency is recorded, and
the demo shows its sharing attempt refused on the county's ledger. Everything goes through
sharing.services, so the ledger holds the demo's acts like any others."""

from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from sharing import services

GRANTS = (
    (
        "county_sheriff",
        "cdcr",
        "Locating escaped incarcerated persons and absconded parolees in the county "
        "(CDCR 53060.4(a)(1)-(2))",
    ),
    (
        "county_sheriff",
        "doj",
        "DOJ criminal investigations and wanted persons in the county (DOJ 429.3)",
    ),
    (
        "city_police",
        "cdcr",
        "Locating escaped incarcerated persons and absconded parolees in the city "
        "(CDCR 53060.4(a)(1)-(2))",
    ),
    (
        "city_police",
        "doj",
        "DOJ criminal investigations and wanted persons in the city (DOJ 429.3)",
    ),
)


def _agency_admin(agency) -> User:
    return User.objects.get(username=f"{agency.slug}.agencyadmin")


def seed(*, agencies, logins, stdout) -> None:
    today = timezone.localdate()
    for grantor_id, grantee_id, purpose in GRANTS:
        grantor, grantee = agencies[grantor_id], agencies[grantee_id]
        services.agreement_approve(
            actor=_agency_admin(grantor),
            partner=services.partner_for_system_agency(agency=grantor, other=grantee),
            purpose=purpose,
            starts_on=today - timedelta(days=30),
            ends_on=today + timedelta(days=335),
        )
        stdout.write(f"  {grantor.name} grants {grantee.name} search of its reads")
    for agency in agencies.values():
        services.partners_sync_system_agencies(agency=agency)

    county = agencies["county_sheriff"]
    county_admin = _agency_admin(county)
    federal = services.partner_record(
        actor=county_admin,
        name="Federal Regional Task Force (demo)",
        jurisdiction_state="CA",
        kind="federal",
        contact="taskforce@example.invalid",
        verification_evidence="Federal letterhead on the request (demo).",
    )
    try:
        services.agreement_approve(
            actor=county_admin,
            partner=federal,
            purpose="Regional vehicle theft task force",
            starts_on=today,
            ends_on=today + timedelta(days=90),
        )
    except services.SharingRefused as refusal:
        stdout.write(f"  {federal.name}: refused ({'; '.join(refusal.messages)})")
    else:
        raise AssertionError("A federal agency was granted access: the eligibility rule is broken.")

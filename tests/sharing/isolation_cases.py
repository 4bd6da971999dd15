"""Objects of agency A behind each sharing route that takes an id (see tests/test_isolation.py).
Agency A (city police) grants a third agency (DOJ) and records a disclosure; agency B's people
must not tell these from missing ones."""

from datetime import timedelta

from django.utils import timezone

from sharing import services
from tests import factories
from tests.isolation_tables import ListCase


def _agreement(world):
    doj = factories.agency("doj")
    partner = services.partner_for_system_agency(agency=world.agency_a, other=doj)
    agreement = services.agreement_approve(
        actor=world.agency_admin_a,
        partner=partner,
        purpose="Joint warrant service: locating wanted persons named in shared warrants",
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + timedelta(days=10),
    )
    return {"pk": agreement.pk}


def _disclosure(world):
    doj = factories.agency("doj")
    partner = services.partner_for_system_agency(agency=world.agency_a, other=doj)
    disclosure = services.disclosure_request(
        actor=world.agency_admin_a,
        partner=partner,
        requester_name="Agent L. Chen",
        requester_contact="",
        purpose="Locating the vehicle of a wanted homicide suspect, case 24-1183",
        need="The suspect is believed to live in the city; state cameras saw nothing",
        case_number="24-1183",
        plate="7ABC123",
        window_start=timezone.now() - timedelta(days=2),
        window_end=timezone.now(),
    )
    return {"pk": disclosure.pk}


ISOLATION_CASES = {
    "sharing:agreement_revoke": _agreement,
    "sharing:disclosure_detail": _disclosure,
    "sharing:disclosure_export": _disclosure,
    "api:sharing_api:agreement_revoke": _agreement,
    "api:sharing_api:disclosure_decision": _disclosure,
}

# Sharing objects belong to the agency, not a division: every administrator of A may see them.
AGENCY_WIDE = set(ISOLATION_CASES)


def _partner_marker(world):
    services.partner_record(
        actor=world.agency_admin_a,
        name="Alameda County District Attorney",
        jurisdiction_state="CA",
        kind="prosecutor",
        verification_evidence="County charter",
    )
    return "Alameda County District Attorney"


def _agreement_marker(world):
    _agreement(world)
    return "Joint warrant service"


def _disclosure_marker(world):
    _disclosure(world)
    return "Agent L. Chen"


def _ledger_marker(world):
    _disclosure(world)
    return "Locating the vehicle of a wanted homicide suspect"


LIST_CASES = {
    "sharing:ledger": ListCase(_ledger_marker, "agency_admin_a", agency_wide=True),
    "sharing:ledger_csv": ListCase(_ledger_marker, "auditor_a", agency_wide=True),
    "sharing:partner_list": ListCase(_partner_marker, "agency_admin_a", agency_wide=True),
    "sharing:agreement_list": ListCase(_agreement_marker, "agency_admin_a", agency_wide=True),
    "sharing:disclosure_list": ListCase(_disclosure_marker, "division_admin_a", agency_wide=True),
    "api:sharing_api:partners": ListCase(_partner_marker, "agency_admin_a", agency_wide=True),
    "api:sharing_api:agreements": ListCase(_agreement_marker, "agency_admin_a", agency_wide=True),
    "api:sharing_api:disclosures": ListCase(_disclosure_marker, "auditor_a", agency_wide=True),
    "api:sharing_api:ledger": ListCase(_ledger_marker, "agency_admin_a", agency_wide=True),
}

NO_TENANT_DATA = {
    # Binary: its text is extracted with pdftotext and tried as another agency in
    # tests/sharing/test_views.py::test_the_ledger_pdf_never_shows_another_agencys_entries.
    "sharing:ledger_pdf": "the ledger as PDF (isolation tested with pdftotext in tests/sharing)",
}

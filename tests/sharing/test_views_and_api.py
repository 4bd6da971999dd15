"""The sharing pages and API: refusals answer in the one error shape and are recorded; the
ledger exports show only what the asker may see; lists keep a query ceiling."""

import shutil
import subprocess
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from sharing import rules, services
from sharing.models import Disclosure, LedgerEntry
from tests.conftest import token_client, verified_client
from tests.sharing.conftest import AGREEMENT_PURPOSE

pytestmark = pytest.mark.django_db


def _disclosure(actor, partner):
    return services.disclosure_request(
        actor=actor,
        partner=partner,
        requester_name="Det. R. Ortiz",
        requester_contact="",
        purpose="Locating the getaway vehicle of an armed robbery, case 24-1183",
        need="The suspect vehicle crossed into the county; city cameras lost it",
        case_number="24-1183",
        plate="7ABC123",
        window_start=timezone.now() - timedelta(days=2),
        window_end=timezone.now(),
    )


def test_the_api_refuses_an_agreement_with_a_federal_agency_and_records_it(county_admin):
    client = token_client(county_admin)
    created = client.post(
        "/api/v1/sharing/partners",
        {
            "name": "Federal task force",
            "jurisdiction_state": "CA",
            "kind": "federal",
            "verification_evidence": "Its letterhead",
        },
        format="json",
    )
    assert created.status_code == 201 and created.json()["eligible"] is False
    today = timezone.localdate()
    response = client.post(
        "/api/v1/sharing/agreements",
        {
            "partner": created.json()["id"],
            "purpose": AGREEMENT_PURPOSE,
            "starts_on": today.isoformat(),
            "ends_on": (today + timedelta(days=9)).isoformat(),
        },
        format="json",
    )
    assert response.status_code == 400
    assert rules.PARTNER_NOT_PUBLIC_AGENCY in [e["code"] for e in response.json()["errors"]]
    assert LedgerEntry.objects.filter(kind=LedgerEntry.Kind.REFUSED).exists()


def test_the_api_refuses_bad_input_in_the_one_shape_without_a_500(county_admin):
    response = token_client(county_admin).post(
        "/api/v1/sharing/agreements", {"partner": "x", "starts_on": "soon"}, format="json"
    )
    assert response.status_code == 400
    assert {e["field"] for e in response.json()["errors"]} >= {"partner", "starts_on"}


def test_approving_your_own_request_through_the_api_is_forbidden(county_admin, city_as_partner):
    disclosure = _disclosure(county_admin, city_as_partner)
    response = token_client(county_admin).post(
        f"/api/v1/sharing/disclosures/{disclosure.pk}/decision",
        {"decision": "approve", "reason": "fine", "method": "download"},
        format="json",
    )
    assert response.status_code == 403
    assert [e["code"] for e in response.json()["errors"]] == [services.OWN_REQUEST]


def test_an_export_past_its_destroy_by_date_is_gone_and_the_attempt_recorded(
    county_admin, county_admin_2, city_as_partner
):
    disclosure = _disclosure(county_admin_2, city_as_partner)
    services.disclosure_approve(
        actor=county_admin, disclosure=disclosure, reason="Verified", method="download"
    )
    client = verified_client(county_admin)
    url = reverse("sharing:disclosure_export", kwargs={"pk": disclosure.pk})
    fresh = client.get(url)
    assert fresh.status_code == 200 and fresh["Content-Type"] == "application/zip"
    assert fresh["X-Content-Type-Options"] == "nosniff"
    Disclosure.objects.filter(pk=disclosure.pk).update(destroy_by=timezone.localdate())
    assert client.get(url).status_code == 410
    refusal = LedgerEntry.objects.filter(kind=LedgerEntry.Kind.REFUSED).latest("pk")
    assert refusal.codes == [services.EXPORT_DESTROYED]


def test_the_ledger_list_keeps_its_query_ceiling(
    county_admin, county_admin_2, city_as_partner, django_assert_max_num_queries
):
    for _ in range(5):
        _disclosure(county_admin_2, city_as_partner)
    client = token_client(county_admin)
    with django_assert_max_num_queries(12):
        response = client.get("/api/v1/sharing/ledger")
    assert response.status_code == 200 and response.json()["count"] == 5
    page = verified_client(county_admin)
    with django_assert_max_num_queries(20):
        assert page.get(reverse("sharing:ledger")).status_code == 200


def test_the_ledger_pdf_never_shows_another_agencys_entries(
    county_admin, county_admin_2, city_as_partner, agency_c
):
    from accounts.models import Role
    from tests import factories

    assert shutil.which("pdftotext"), "pdftotext missing: `make poppler` installs poppler-utils"
    _disclosure(county_admin_2, city_as_partner)
    stranger = factories.user(agency_c.divisions.first(), role=Role.AUDITOR)

    def text(user):
        data = verified_client(user).get(reverse("sharing:ledger_pdf")).content
        return subprocess.run(
            ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
        ).stdout.decode()

    assert "24-1183" in text(county_admin)
    # Agency C (DOJ) is named by nothing on the county's ledger: it sees none of it.
    assert "24-1183" not in text(stranger)


def test_an_end_user_sees_no_sharing_page(searcher):
    assert verified_client(searcher).get(reverse("sharing:ledger")).status_code == 403

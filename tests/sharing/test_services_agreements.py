"""Standing agreements open search across agencies in the one door, and nowhere else; every
search that returns another agency's reads writes a ledger entry both sides see; revocation and
expiry end access at once, past searches' pages too (1798.90.55(b), 53060.10, 429.7)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Role
from queries import selectors as read_selectors
from queries import services as search
from sharing import rules, selectors, services
from sharing.models import LedgerEntry, SharingAgreement
from tests import factories
from tests.accounts.provisioning_helpers import gate_passing
from tests.sharing.conftest import AGREEMENT_PURPOSE, GOOD_PURPOSE, grant, store, window

pytestmark = pytest.mark.django_db


def _search(user, plate="7ABC123"):
    return search.search_run(
        actor=user,
        purpose=GOOD_PURPOSE,
        criteria={"plate": plate, **window()},
        client_address="10.0.0.9",
    )


def test_without_an_agreement_a_search_finds_only_its_own_agency(searcher, camera_b):
    store(camera_b, "7ABC123")
    assert _search(searcher).hits == []


def test_an_active_agreement_lets_the_grantee_find_the_grantors_reads(
    searcher, camera_b, agreement
):
    read_id = store(camera_b, "7ABC123")
    outcome = _search(searcher)
    assert [hit.read.pk for hit in outcome.hits] == [read_id]
    assert outcome.record.agency_counts == {str(camera_b.agency_id): 1}


def test_a_cross_agency_hit_writes_one_ledger_entry_both_sides_see(
    searcher, camera_b, agreement, county_admin, agency_admin_a
):
    store(camera_b, "7ABC123")
    store(camera_b, "7ABC123", hours_ago=2)
    outcome = _search(searcher)
    entry = LedgerEntry.objects.get(kind=LedgerEntry.Kind.CROSS_AGENCY_HIT)
    assert (entry.agency_id, entry.partner_agency_id) == (camera_b.agency_id, searcher.agency_id)
    assert (entry.actor_username, entry.case_number, entry.read_count) == (
        searcher.username,
        GOOD_PURPOSE.case_number,
        2,
    )
    assert entry.search_request_id == outcome.record.pk
    assert GOOD_PURPOSE.justification in entry.purpose
    assert entry in selectors.ledger_list_for(user=county_admin)
    assert entry in selectors.ledger_list_for(user=agency_admin_a)


def test_a_search_returning_only_own_reads_writes_no_ledger_entry(searcher, camera_b, agreement):
    _search(searcher)
    assert not LedgerEntry.objects.filter(kind=LedgerEntry.Kind.CROSS_AGENCY_HIT).exists()


def test_the_third_agency_sees_neither_the_reads_nor_the_ledger(
    searcher, camera_b, agreement, agency_c
):
    store(camera_b, "7ABC123")
    _search(searcher)
    doj_searcher = gate_passing(agency_c.divisions.order_by("code").first())
    doj_admin = factories.user(agency_c.divisions.first(), role=Role.AGENCY_ADMIN)
    assert read_selectors.searchable_agency_ids_for(doj_searcher) == [agency_c.pk]
    assert not selectors.ledger_list_for(user=doj_admin).exists()
    assert not selectors.agreement_list_for(user=doj_admin).exists()


def test_the_grantor_does_not_gain_the_grantees_reads(searcher_b, agreement, agency_a):
    assert read_selectors.searchable_agency_ids_for(searcher_b) == [searcher_b.agency_id]


def test_revocation_ends_access_at_once_for_new_searches_and_past_pages(
    searcher, camera_b, agreement, county_admin
):
    store(camera_b, "7ABC123")
    before = _search(searcher)
    assert len(search.search_hits_again(actor=searcher, record=before.record)) == 1
    services.agreement_revoke(actor=county_admin, agreement=agreement, reason="Task force ended")
    assert _search(searcher).hits == []
    assert search.search_hits_again(actor=searcher, record=before.record) == []
    revoked = LedgerEntry.objects.filter(kind=LedgerEntry.Kind.AGREEMENT_REVOKED).get()
    assert revoked.agreement_id == agreement.pk


def test_an_expired_agreement_opens_nothing(searcher, camera_b, county_admin, city_as_partner):
    agreement = grant(county_admin, city_as_partner, days=0)
    store(camera_b, "7ABC123")
    tomorrow = timezone.localdate() + timedelta(days=1)
    assert services.granting_agency_ids(grantee_id=searcher.agency_id) == [agreement.agency_id]
    assert services.granting_agency_ids(grantee_id=searcher.agency_id, today=tomorrow) == []


def test_an_agreement_with_a_federal_agency_is_refused_and_recorded(county_admin):
    partner = services.partner_record(
        actor=county_admin,
        name="Federal task force",
        jurisdiction_state="CA",
        kind=rules.FEDERAL,
        verification_evidence="Federal letterhead",
    )
    with pytest.raises(services.SharingRefused) as refused:
        services.agreement_approve(
            actor=county_admin,
            partner=partner,
            purpose=AGREEMENT_PURPOSE,
            starts_on=timezone.localdate(),
            ends_on=timezone.localdate() + timedelta(days=5),
        )
    assert rules.PARTNER_NOT_PUBLIC_AGENCY in [v.code for v in refused.value.violations]
    assert not SharingAgreement.objects.exists()
    refusal = LedgerEntry.objects.get(kind=LedgerEntry.Kind.REFUSED)
    assert rules.PARTNER_NOT_PUBLIC_AGENCY in refusal.codes


def test_the_city_cannot_grant_a_non_law_enforcement_agency(admin_a, agency_a):
    city_admin = factories.user(admin_a.division, role=Role.AGENCY_ADMIN)
    partner = services.partner_record(
        actor=city_admin,
        name="County parks district",
        jurisdiction_state="CA",
        kind=rules.DISTRICT,
        verification_evidence="Special district roster",
    )
    with pytest.raises(services.SharingRefused) as refused:
        services.disclosure_request(
            actor=city_admin,
            partner=partner,
            requester_name="R. Ortiz",
            requester_contact="",
            purpose="Stolen vehicle recovery for case 24-1183",
            need="The vehicle was last seen near the park gate",
            case_number="24-1183",
            plate="7ABC123",
            window_start=timezone.now() - timedelta(days=2),
            window_end=timezone.now(),
        )
    assert [v.code for v in refused.value.violations] == [rules.PARTNER_NOT_LAW_ENFORCEMENT]


@pytest.mark.parametrize(
    ("purpose", "code"),
    [
        ("Assisting ICE with immigration enforcement removals", "prohibited_purpose_immigration"),
        ("Tracking visits to an abortion clinic", "prohibited_purpose_reproductive_health"),
    ],
)
def test_an_agreement_for_a_prohibited_purpose_is_refused_recorded_and_flagged(
    county_admin, city_as_partner, purpose, code
):
    with pytest.raises(services.SharingRefused) as refused:
        services.agreement_approve(
            actor=county_admin,
            partner=city_as_partner,
            purpose=purpose,
            starts_on=timezone.localdate(),
            ends_on=timezone.localdate() + timedelta(days=5),
        )
    assert code in [v.code for v in refused.value.violations]
    refusal = LedgerEntry.objects.get(kind=LedgerEntry.Kind.REFUSED)
    assert refusal.detail["audit_flag"] == services.AUDIT_FLAG_PROHIBITED_PURPOSE


def test_only_the_granting_agencys_administrator_approves_an_agreement(division_b, city_as_partner):
    division_admin = factories.user(
        division_b, role=Role.DIVISION_ADMIN_PRIMARY, rank_title="Lieutenant"
    )
    with pytest.raises(services.SharingRefused) as refused:
        grant(division_admin, city_as_partner)
    assert [v.code for v in refused.value.violations] == [services.NOT_ADMINISTRATOR]


def test_another_agencys_administrator_cannot_revoke_our_agreement(agreement, division_a):
    city_admin = factories.user(division_a, role=Role.AGENCY_ADMIN)
    with pytest.raises(services.SharingRefused):
        services.agreement_revoke(actor=city_admin, agreement=agreement, reason="Not mine")
    agreement.refresh_from_db()
    assert agreement.revoked_at is None
    assert LedgerEntry.objects.filter(
        kind=LedgerEntry.Kind.REFUSED, agreement_id=agreement.pk
    ).exists()


def test_a_search_with_an_agreement_stays_within_its_query_ceiling(
    searcher, camera_b, agreement, django_assert_max_num_queries
):
    for hours in range(5):
        store(camera_b, "7ABC123", hours_ago=hours + 1)
    with django_assert_max_num_queries(20):
        outcome = _search(searcher)
    assert len(outcome.hits) == 5


def test_the_demo_grants_cdcr_and_doj_and_shows_the_federal_attempt_refused(tmp_path, settings):
    from django.core.management import call_command

    from accounts.models import Agency

    settings.DEBUG = True
    call_command("seed_demo", out=str(tmp_path / "logins.json"))
    by_preset = {a.preset: a for a in Agency.objects.all()}
    grants = set(SharingAgreement.objects.values_list("agency__preset", "grantee__preset"))
    assert grants == {
        ("county_sheriff", "cdcr"),
        ("county_sheriff", "doj"),
        ("city_police", "cdcr"),
        ("city_police", "doj"),
    }
    cdcr_user = next(
        u for u in by_preset["cdcr"].users.all() if u.role == Role.END_USER and u.status == "active"
    )
    assert set(read_selectors.searchable_agency_ids_for(cdcr_user)) == {
        by_preset["cdcr"].pk,
        by_preset["county_sheriff"].pk,
        by_preset["city_police"].pk,
    }
    refused = LedgerEntry.objects.get(kind=LedgerEntry.Kind.REFUSED)
    assert refused.agency_id == by_preset["county_sheriff"].pk
    assert rules.PARTNER_NOT_PUBLIC_AGENCY in refused.codes
    assert refused.partner_name.startswith("Federal")

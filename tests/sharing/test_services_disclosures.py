"""Ad-hoc disclosures (429.7, GO 5.42 G.4): purpose and need checked like a search, decided by the
approver the profile names and never by the person who entered the request; the export carries
its SHA-256, is refused after its destroy-by date and is destroyed by the scheduled job. The
ledger is tamper-evident."""

import hashlib
import io
import zipfile
from datetime import timedelta
from pathlib import Path

import pgtrigger
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import timezone

from accounts.models import JobRun, Role
from sharing import rules, selectors, services
from sharing.jobs import exports_purge_job
from sharing.models import Disclosure, LedgerEntry
from tests import factories
from tests.sharing.conftest import store

pytestmark = pytest.mark.django_db

EML = (
    b"From: records@county.example\r\nTo: detective@city.example\r\n"
    b"Date: Mon, 23 Nov 2026 10:00:00 -0800\r\nSubject: ALPR reads, case 24-1183\r\n\r\n"
    b"Attached as agreed.\r\n"
)


@pytest.fixture
def requested(county_admin_2, city_as_partner):
    return _request(county_admin_2, city_as_partner)


def _request(actor, partner, **changes):
    fields = {
        "requester_name": "Det. R. Ortiz",
        "requester_contact": "rortiz@city.example",
        "purpose": "Locating the getaway vehicle of an armed robbery, case 24-1183",
        "need": "The suspect vehicle crossed into the county; city cameras lost it at the line",
        "case_number": "24-1183",
        "plate": "7abc 123",
        "window_start": timezone.now() - timedelta(days=3),
        "window_end": timezone.now() + timedelta(minutes=1),
    }
    fields.update(changes)
    return services.disclosure_request(actor=actor, partner=partner, **fields)


def _approve(actor, disclosure, **changes):
    fields = {"reason": "Purpose verified with the requesting detective", "method": "download"}
    fields.update(changes)
    return services.disclosure_approve(actor=actor, disclosure=disclosure, **fields)


def test_an_approved_disclosure_exports_the_reads_with_their_sha256(
    requested, county_admin, camera_b
):
    store(camera_b, "7ABC123")
    store(camera_b, "7ABC123", hours_ago=5)
    store(camera_b, "8XYZ999")
    approved = _approve(county_admin, requested)
    content = approved.export_file.read()
    assert approved.export_sha256 == hashlib.sha256(content).hexdigest()
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        rows = archive.read("reads.csv").decode().strip().splitlines()
    assert len(rows) == 3 and all("7ABC123" in row for row in rows[1:])
    assert approved.read_count == 2
    assert approved.destroy_by == timezone.localdate() + timedelta(days=30)
    entry = LedgerEntry.objects.get(kind=LedgerEntry.Kind.DISCLOSURE_APPROVED)
    assert entry.detail["sha256"] == approved.export_sha256
    assert entry.detail["need"] == requested.need


def test_approving_your_own_request_is_refused_and_recorded(requested, county_admin_2):
    with pytest.raises(services.SharingRefused) as refused:
        _approve(county_admin_2, requested)
    assert services.OWN_REQUEST in [v.code for v in refused.value.violations]
    requested.refresh_from_db()
    assert requested.status == Disclosure.Status.PENDING
    assert LedgerEntry.objects.filter(
        kind=LedgerEntry.Kind.REFUSED, disclosure_id=requested.pk
    ).exists()


def test_the_county_requires_its_system_administrator_to_approve(requested, division_b):
    division_admin = factories.user(
        division_b, role=Role.DIVISION_ADMIN_PRIMARY, rank_title="Lieutenant"
    )
    with pytest.raises(services.SharingRefused) as refused:
        _approve(division_admin, requested)
    assert [v.code for v in refused.value.violations] == [services.NOT_ADMINISTRATOR]


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"purpose": ""}, "justification_too_vague", "purpose"),
        ({"need": ""}, "justification_too_vague", "need"),
        (
            {"need": "To help ICE locate a person for deportation"},
            "prohibited_purpose_immigration",
            "need",
        ),
        (
            {"purpose": "Who drove to the abortion clinic on Elm"},
            "prohibited_purpose_reproductive_health",
            "purpose",
        ),
        ({"case_number": " "}, services.CASE_NUMBER_REQUIRED, "case_number"),
    ],
)
def test_a_request_without_a_lawful_purpose_and_need_is_refused_and_recorded(
    county_admin_2, city_as_partner, changes, code, field
):
    with pytest.raises(services.SharingRefused) as refused:
        _request(county_admin_2, city_as_partner, **changes)
    assert (code, field) in [(v.code, v.field) for v in refused.value.violations]
    assert not Disclosure.objects.exists()
    refusal = LedgerEntry.objects.get(kind=LedgerEntry.Kind.REFUSED)
    assert code in refusal.codes


@pytest.mark.parametrize("kind", [rules.FEDERAL, rules.PRIVATE, rules.OUT_OF_STATE, rules.TRIBAL])
def test_a_disclosure_to_an_ineligible_partner_is_refused_whatever_is_clicked(
    county_admin, county_admin_2, kind
):
    partner = services.partner_record(
        actor=county_admin,
        name="Outside body",
        jurisdiction_state="CA",
        kind=kind,
        verification_evidence="Its charter",
    )
    with pytest.raises(services.SharingRefused) as refused:
        _request(county_admin_2, partner)
    assert [v.code for v in refused.value.violations] == [rules.PARTNER_NOT_PUBLIC_AGENCY]


def test_an_email_disclosure_keeps_the_original_message(requested, county_admin):
    original = SimpleUploadedFile("sent.eml", EML, "message/rfc822")
    approved = _approve(county_admin, requested, method="email", original_email=original)
    assert approved.original_email.read() == EML


def test_an_email_disclosure_without_a_real_message_is_refused(requested, county_admin):
    fake = SimpleUploadedFile("sent.eml", b"%PDF-1.4 not a message", "message/rfc822")
    with pytest.raises(services.SharingRefused) as refused:
        _approve(county_admin, requested, method="email", original_email=fake)
    assert [v.code for v in refused.value.violations] == [services.EMAIL_ORIGINAL_INVALID]


def test_a_denial_needs_a_reason_and_is_on_the_ledger(requested, county_admin):
    services.disclosure_deny(actor=county_admin, disclosure=requested, reason="Need not shown")
    requested.refresh_from_db()
    assert requested.status == Disclosure.Status.DENIED
    assert LedgerEntry.objects.filter(kind=LedgerEntry.Kind.DISCLOSURE_DENIED).exists()


def test_the_export_is_refused_after_destroy_by_and_purged_by_the_job(
    requested, county_admin, camera_b
):
    store(camera_b, "7ABC123")
    approved = _approve(county_admin, requested)
    path = approved.export_file.path
    assert services.disclosure_export_open(actor=county_admin, disclosure=approved)
    later = approved.destroy_by
    with pytest.raises(services.SharingRefused) as refused:
        services.disclosure_export_open(actor=county_admin, disclosure=approved, today=later)
    assert [v.code for v in refused.value.violations] == [services.EXPORT_DESTROYED]
    assert (
        services.exports_purge_expired(agency=approved.agency, today=later - timedelta(days=1))[
            "purged"
        ]
        == 0
    )
    counts = services.exports_purge_expired(agency=approved.agency, today=later)
    assert counts == {"due": 1, "purged": 1}
    approved.refresh_from_db()
    assert approved.purged_at is not None and not approved.export_file
    assert not Path(path).exists()
    assert approved.export_sha256  # the hash outlives the file
    assert LedgerEntry.objects.filter(kind=LedgerEntry.Kind.EXPORT_PURGED).count() == 1


def test_the_purge_job_leaves_a_jobrun_and_is_safe_to_run_twice(requested, county_admin):
    approved = _approve(county_admin, requested)
    Disclosure.objects.filter(pk=approved.pk).update(destroy_by=timezone.localdate())
    first = exports_purge_job(agency=approved.agency)
    second = exports_purge_job(agency=approved.agency)
    assert (first.status, first.counts["purged"]) == (JobRun.Status.SUCCEEDED, 1)
    assert second.counts["purged"] == 0


def test_the_record_of_agencies_shared_with_sums_per_partner(requested, county_admin, camera_b):
    store(camera_b, "7ABC123")
    _approve(county_admin, requested)
    summary = selectors.shared_with_summary_for(user=county_admin)
    assert [(row["partner"], row["disclosures"], row["reads"]) for row in summary] == [
        (requested.partner.name, 1, 1)
    ]


def test_the_ledger_refuses_edits_and_the_verifier_finds_tampering(requested, county_admin):
    _approve(county_admin, requested)
    call_command("verify_sharing_ledger", agency=requested.agency.slug)
    entry = LedgerEntry.objects.filter(agency=requested.agency).order_by("pk").first()
    from django.db import DatabaseError, transaction

    with pytest.raises(DatabaseError), transaction.atomic():
        LedgerEntry.objects.filter(pk=entry.pk).update(read_count=99)
    with pgtrigger.ignore("sharing.LedgerEntry:append_only"):
        LedgerEntry.objects.filter(pk=entry.pk).update(purpose="edited")
    with pytest.raises(CommandError, match=f"ledger entry {entry.pk}"):
        call_command("verify_sharing_ledger", agency=requested.agency.slug)

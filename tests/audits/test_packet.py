"""The PDF audit packet holds the right content (its text extracted with pdftotext) and leaves
only to the division's auditors, administrators and Hiring Authority; the CSV of the period."""

import csv
import hashlib
import io
import shutil
import subprocess
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AccountStatus, GovernanceRecord, Role, SecurityEvent
from audits import rules, services
from audits.models import AuditCycle, AuditItem, AuditPacket
from tests import factories
from tests.accounts.provisioning_helpers import provisioned
from tests.audits.helpers import access, compiled, open_cycle

Disposition = AuditItem.Disposition


def pdf_text(data: bytes) -> str:
    assert shutil.which("pdftotext"), "pdftotext missing: `make poppler` installs poppler-utils"
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    )
    return result.stdout.decode()


@pytest.fixture
def signed_cycle(admin_a, auditor_a, division_a, agency_c, run_after_commit):
    """GIVEN a period with a search refused by today's rules, a search that returned agency C's
    reads, flags disposed with notes, WHEN the administrator signs."""
    officer = provisioned(division_a, admin_a, first_name="Adaeze")
    now = timezone.now()
    access(officer, at=now, justification="Deportation case, ICE asked for the address")
    access(
        officer,
        at=now,
        agency_counts={str(officer.agency_id): 1, str(agency_c.pk): 3},
    )
    cycle = open_cycle(admin_a)
    services.cycle_auditor_assign(actor=admin_a, cycle=cycle, auditor=auditor_a)
    cycle = compiled(auditor_a, cycle, run_after_commit)
    for item in cycle.items.all():
        if item.code == rules.JUSTIFICATION_FAILS_RULES:
            services.item_dispose(
                actor=auditor_a,
                item=item,
                disposition=Disposition.SUSPECTED_MISUSE,
                note="Referred to internal affairs",
            )
        else:
            services.item_dispose(
                actor=auditor_a, item=item, disposition=Disposition.ADEQUATE, note="Checked"
            )
    with run_after_commit():
        services.cycle_sign(actor=admin_a, cycle=cycle)
    return AuditCycle.objects.get(pk=cycle.pk)


def _packet(cycle) -> AuditPacket:
    return cycle.packets.get(final=True, state=AuditPacket.State.READY)


@pytest.mark.django_db
def test_the_packet_holds_cover_figures_roster_flags_sample_sharing_and_sign_off(
    signed_cycle, admin_a, auditor_a, agency_a, agency_c
):
    packet = _packet(signed_cycle)
    data = packet.file.read()
    assert packet.sha256 == hashlib.sha256(data).hexdigest()
    text = " ".join(pdf_text(data).split())
    period = f"{signed_cycle.period_start:%Y-%m-%d} to {signed_cycle.period_end:%Y-%m-%d}"
    for expected in [
        agency_a.name,  # cover
        signed_cycle.division.name,
        period,
        auditor_a.display_name,
        admin_a.display_name,
        "Summary figures",
        "Searches per week",  # charts
        "Refused attempts by code",
        "Roster and compliance status",
        "Adaeze",
        rules.JUSTIFICATION_FAILS_RULES,  # flags with dispositions and notes
        "Suspected misuse",
        "Referred to internal affairs",
        "Random sample",
        f"seed {signed_cycle.seed}",
        "Sharing extract",  # cross-agency hits
        agency_c.name,
        "Sign-off",
        f"Page 1 of {packet.pages}",
    ]:
        assert expected in text, expected
    assert "DRAFT" not in text


@pytest.mark.django_db
def test_a_draft_packet_says_it_is_a_draft(admin_a, division_a, run_after_commit):
    access(provisioned(division_a, admin_a), at=timezone.now())
    cycle = compiled(admin_a, open_cycle(admin_a), run_after_commit)
    with run_after_commit():
        services.packet_render_request(actor=admin_a, cycle=cycle)
    packet = cycle.packets.get()
    assert not packet.final
    assert "DRAFT" in pdf_text(packet.file.read())


def _download(client, cycle):
    packet = _packet(cycle)
    return client.get(reverse("audits:packet_download", args=[cycle.pk, packet.pk]))


@pytest.mark.django_db
def test_the_divisions_auditor_administrator_and_hiring_authority_download_the_packet(
    signed_cycle, client_for, auditor_a, admin_a, hiring_authority_a, agency_admin_a
):
    for person in (auditor_a, admin_a, hiring_authority_a, agency_admin_a):
        response = _download(client_for(person), signed_cycle)
        assert response.status_code == 200, person.role
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert GovernanceRecord.objects.filter(action="audit_packet_downloaded").count() == 4


@pytest.mark.django_db
def test_the_packet_cannot_be_fetched_across_divisions_or_agencies(
    signed_cycle, client_for, admin_a2, division_a, division_a2, division_b, admin_b
):
    outsiders = [
        admin_a2,  # administrator of another division
        factories.user(division_a2, role=Role.HIRING_AUTHORITY),
        factories.user(division_a, role=Role.AUDITOR),  # an auditor not assigned
        factories.user(division_a),  # an end user of the division
        admin_b,
        factories.user(division_b, role=Role.AGENCY_ADMIN),
        factories.user(division_b, role=Role.AUDITOR),
    ]
    for person in outsiders:
        assert _download(client_for(person), signed_cycle).status_code in (403, 404), person
    refusals = SecurityEvent.objects.filter(kind=SecurityEvent.Kind.ACCESS_REFUSED)
    assert refusals.count() == len(outsiders) - 1  # the end user is turned away at the door


@pytest.mark.django_db
def test_a_packet_download_after_its_retention_is_refused_and_recorded(
    signed_cycle, client_for, admin_a
):
    AuditCycle.objects.filter(pk=signed_cycle.pk).update(
        retain_until=timezone.localdate() - timedelta(days=1)
    )
    response = _download(client_for(admin_a), signed_cycle)
    assert response.status_code == 410
    assert "retention ended" in response.content.decode()
    assert GovernanceRecord.objects.filter(
        action="audit_refused", after__code=services.RETENTION_PASSED
    ).exists()
    assert not GovernanceRecord.objects.filter(action="audit_packet_downloaded").exists()


@pytest.mark.django_db
def test_the_csv_export_holds_the_periods_access_records(signed_cycle, client_for, auditor_a):
    response = client_for(auditor_a).get(reverse("audits:cycle_export_csv", args=[signed_cycle.pk]))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:3] == ["id", "at", "username"]
    assert len(rows) == 3
    assert any("ICE asked" in cell for cell in rows[1] + rows[2])
    assert GovernanceRecord.objects.filter(action="audit_access_records_exported").exists()


@pytest.mark.django_db
def test_csv_cells_that_a_spreadsheet_would_run_are_quoted(admin_a, division_a, client_for):
    officer = provisioned(division_a, admin_a)
    access(officer, at=timezone.now(), justification='=HYPERLINK("http://x")')
    cycle = open_cycle(admin_a)
    response = client_for(admin_a).get(reverse("audits:cycle_export_csv", args=[cycle.pk]))
    body = b"".join(response.streaming_content).decode()
    assert "'=HYPERLINK" in body


@pytest.mark.django_db
def test_a_suspended_administrator_downloads_nothing(signed_cycle, client_for, admin_a):
    admin_a.status = AccountStatus.SEPARATED
    admin_a.save(update_fields=["status"])
    assert _download(client_for(admin_a), signed_cycle).status_code in (302, 403, 404)

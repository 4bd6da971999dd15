import hashlib

import pytest
from django.utils import timezone

from accounts.models import Role
from audits import services
from audits.models import AuditCycle, AuditPacket
from tests import factories
from tests.accounts.provisioning_helpers import provisioned
from tests.audits.helpers import access, open_cycle
from tests.e2e.conftest import nav_to


@pytest.fixture
def auditor_a(division_a):
    return factories.user(division_a, role=Role.AUDITOR)


def test_an_auditor_compiles_and_disposes_and_the_administrator_signs_and_downloads(
    page, sign_in, admin_a, auditor_a, division_a, tmp_path
):
    """GIVEN an officer's searches in the period, one with a purpose today's rules refuse, and a
    cycle assigned to an auditor
    WHEN the auditor compiles it, watches the progress and disposes every item, and the
    administrator signs
    THEN the cycle is reported and the signed packet downloads."""
    officer = provisioned(division_a, admin_a)
    access(officer, at=timezone.now())
    access(officer, at=timezone.now(), justification="ICE asked where this car parks")
    cycle = open_cycle(admin_a)
    services.cycle_auditor_assign(actor=admin_a, cycle=cycle, auditor=auditor_a)

    sign_in(page, auditor_a)
    nav_to(page, "Logs", "Audits")
    page.get_by_role(
        "link", name=f"{cycle.period_start:%Y-%m-%d} \N{EN DASH} {cycle.period_end:%Y-%m-%d}"
    ).click()
    page.get_by_text("Scheduled (0%)").wait_for()
    page.get_by_role("button", name="Compile the period").click()
    page.get_by_text("Compilation started.").wait_for()
    page.get_by_text("In review: Compiled (100%)").wait_for()
    page.reload()  # progress is kept on the cycle, not in the page
    assert (
        page.get_by_role("progressbar", name="Compilation progress").get_attribute("value") == "100"
    )

    rows = page.locator("tr[id^=item-]")
    assert rows.count() == 3  # the flag and the two sampled searches
    flag = page.locator("tr", has_text="justification_fails_rules")
    flag.get_by_label("Disposition").select_option("inadequate_justification")
    flag.get_by_label("Note").fill("No criminal nexus stated")
    flag.get_by_role("button", name="Record").click()
    page.get_by_text("Disposition recorded.").wait_for()
    for index in range(rows.count()):
        row = page.locator("tr[id^=item-]").nth(index)
        if row.locator(".disposition-done").count():
            continue
        row.get_by_label("Disposition").select_option("adequate")
        row.get_by_role("button", name="Record").click()
        page.get_by_text("Disposition recorded.").wait_for()
    page.get_by_text("0 to dispose").wait_for()

    page.context.clear_cookies()
    sign_in(page, admin_a)
    page.goto(f"/audits/cycles/{cycle.pk}/")
    page.get_by_role("button", name="Sign the audit").click(timeout=60_000)
    page.get_by_text("Cycle signed.").wait_for(timeout=60_000)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the packet (PDF)").click()
    path = tmp_path / "packet.pdf"
    download_info.value.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")

    cycle.refresh_from_db()
    assert cycle.state == AuditCycle.State.REPORTED
    packet = cycle.packets.get(final=True, state=AuditPacket.State.READY)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == packet.sha256

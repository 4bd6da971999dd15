"""An auditor filters the governance log by person and date range and downloads the CSV
(issue 11, "Done when"); the download is on the record."""

import csv
from datetime import timedelta
from pathlib import Path

from django.utils import timezone

from accounts.models import GovernanceRecord, Role
from tests import factories
from tests.accounts.log_helpers import old_record as _old_record
from tests.accounts.provisioning_helpers import provisioned
from tests.e2e.conftest import nav_to


def test_an_auditor_filters_the_governance_log_and_downloads_the_csv(
    page, sign_in, division_a, admin_a
):
    """GIVEN two people granted access today and an act on one of them ten days ago
    WHEN an auditor filters the governance log by the first person and the last three days
    THEN the page shows only that person's recent acts, and the CSV holds exactly those rows."""
    auditor = factories.user(division_a, role=Role.AUDITOR, first_name="Avery")
    dana = provisioned(division_a, admin_a, first_name="Dana")
    eli = provisioned(division_a, admin_a, first_name="Eli")
    _old_record(dana, days=10, reason="Suspended ten days ago")
    today = timezone.localdate()
    expected = list(
        GovernanceRecord.objects.filter(
            subject_user=dana, at__gte=timezone.now() - timedelta(days=1)
        ).values_list("action", flat=True)
    )
    assert "access_granted" in expected

    sign_in(page, auditor)
    nav_to(page, "Logs", "Governance log")
    page.get_by_label("Person (acted or acted on)").select_option(str(dana.pk))
    page.get_by_label("From").fill((today - timedelta(days=3)).isoformat())
    page.get_by_label("To").fill(today.isoformat())
    page.get_by_role("button", name="Filter").click()

    log = page.get_by_test_id("governance-log")
    log.get_by_text("Access granted").first.wait_for()
    assert f"person={dana.pk}" in page.url
    assert str(eli) not in log.inner_text()
    assert "Suspended ten days ago" not in log.inner_text()

    with page.expect_download() as download_info:
        page.get_by_test_id("csv-download").click()
    download = download_info.value
    assert download.suggested_filename == "governance-log.csv"
    with Path(download.path()).open(newline="", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    assert sorted(row["act_code"] for row in rows) == sorted(expected)
    assert {row["person"] for row in rows} == {dana.username}
    assert "Access granted" in {row["act"] for row in rows}
    assert "Suspended ten days ago" not in {row["reason"] for row in rows}

    recorded = GovernanceRecord.objects.get(action="log_exported", actor=auditor)
    assert recorded.after["filters"]["person"] == dana.username
    assert recorded.after["rows"] == len(rows)

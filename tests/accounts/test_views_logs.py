"""The logs an auditor reads (governance record, security log, scheduled jobs): filters by
person, act and date range, pages that keep their filters, CSV downloads that are recorded and
cannot run as spreadsheet formulas, readable event names, and a query count that does not grow
with the rows."""

import csv
import io
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts import services
from accounts.jobs import run_job
from accounts.models import GovernanceRecord, JobRun, Role, SecurityEvent
from accounts.services import acts
from tests import factories
from tests.accounts.log_helpers import old_record as _old_record
from tests.accounts.provisioning_helpers import provisioned

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def auditor(division_a):
    return factories.user(division_a, role=Role.AUDITOR, first_name="Avery")


def _rows(response) -> list[dict]:
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment; filename=")
    return list(csv.DictReader(io.StringIO(response.content.decode())))


# --- The governance log ------------------------------------------------------------------------


def test_the_governance_log_filters_by_the_person_who_acted_or_was_acted_on(
    division_a, admin_a, auditor, client_for
):
    dana = provisioned(division_a, admin_a, first_name="Dana")
    eli = provisioned(division_a, admin_a, first_name="Eli")
    client = client_for(auditor)

    about_dana = client.get("/provisioning/log/", {"person": dana.pk}).content.decode()
    table = about_dana.split('data-testid="governance-log"')[1]
    assert str(dana) in table and str(eli) not in table

    by_admin = client.get("/provisioning/log/", {"person": admin_a.pk}).content.decode()
    table = by_admin.split('data-testid="governance-log"')[1]
    assert str(dana) in table and str(eli) in table  # the administrator granted both


def test_the_governance_log_filters_by_act_in_words(division_a, admin_a, auditor, client_for):
    provisioned(division_a, admin_a)
    page = client_for(auditor).get("/provisioning/log/", {"action": acts.ACCESS_GRANTED})
    table = page.content.decode().split('data-testid="governance-log"')[1]
    assert "Access granted" in table
    assert "Agreement signed" not in table and "Training recorded" not in table
    assert (
        '<option value="access_granted" selected>Access granted</option>' in page.content.decode()
    )


def test_the_governance_log_filters_by_date_range_in_whole_days(
    division_a, admin_a, auditor, client_for
):
    person = provisioned(division_a, admin_a)
    _old_record(person, days=10, reason="Suspended ten days ago")
    today = timezone.localdate()
    client = client_for(auditor)

    def table(**params):
        page = client.get("/provisioning/log/", params).content.decode()
        return page.split('data-testid="governance-log"')[1]

    past = table(since=today - timedelta(days=11), until=today - timedelta(days=9))
    assert "Suspended ten days ago" in past and "Access granted" not in past
    recent = table(since=today)
    assert "Access granted" in recent and "Suspended ten days ago" not in recent
    up_to_today = table(until=today)  # "to" includes the whole of its day
    assert "Access granted" in up_to_today and "Suspended ten days ago" in up_to_today


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"person": "not-a-number"}, "Choose a person from the list."),
        ({"person": "987654321"}, "Choose a person from the list."),
        ({"action": "drop_table"}, "Choose one from the list."),
        ({"since": "2026-13-45"}, "Enter a date such as 2026-11-29."),
        ({"since": "2026-11-20", "until": "2026-11-10"}, "The range ends before it starts."),
    ],
)
def test_bad_filters_are_form_errors_never_a_500_nor_a_download(
    params, message, division_a, admin_a, auditor, client_for
):
    provisioned(division_a, admin_a)
    client = client_for(auditor)
    page = client.get("/provisioning/log/", params)
    assert page.status_code == 200
    html = page.content.decode()
    assert message in html
    assert "Correct the filters above to see the log." in html
    assert 'data-testid="csv-download"' not in html
    download = client.get("/provisioning/log/export.csv", params)
    assert download.status_code == 400 and message in download.content.decode()
    assert not GovernanceRecord.objects.filter(action="log_exported").exists()


def test_a_person_of_another_division_cannot_be_chosen(
    division_a, division_a2, admin_a, auditor, client_for
):
    """The person list holds only people the reader may review; another id is refused."""
    admin_a2 = factories.user(division_a2, role=Role.DIVISION_ADMIN_PRIMARY, rank_title="Captain")
    outsider = provisioned(division_a2, admin_a2)
    page = client_for(auditor).get("/provisioning/log/", {"person": outsider.pk})
    assert "Choose a person from the list." in page.content.decode()
    assert outsider.username not in page.content.decode()


def test_pages_keep_the_filters(division_a, admin_a, auditor, client_for, monkeypatch):
    monkeypatch.setattr("accounts.views.logs.PAGE_SIZE", 2)
    people = [provisioned(division_a, admin_a) for _ in range(3)]
    client = client_for(auditor)
    first = client.get("/provisioning/log/", {"action": acts.ACCESS_GRANTED}).content.decode()
    assert "Showing 1 to 2 of 3 acts." in first
    next_link = re.search(r'<a href="(\?[^"]+)">Next</a>', first).group(1).replace("&amp;", "&")
    assert "action=access_granted" in next_link and "page=2" in next_link
    second = client.get(f"/provisioning/log/{next_link}").content.decode()
    assert "Showing 3 to 3 of 3 acts." in second
    table = second.split('data-testid="governance-log"')[1]
    assert "Access granted" in table and "Agreement signed" not in table
    assert str(people[0]) in table  # oldest last
    previous = re.search(r'<a href="(\?[^"]+)">Previous</a>', second).group(1)
    assert "action=access_granted" in previous.replace("&amp;", "&")


def test_the_governance_csv_holds_the_filtered_rows_and_its_download_is_recorded(
    division_a, admin_a, auditor, client_for
):
    dana = provisioned(division_a, admin_a, first_name="Dana")
    provisioned(division_a, admin_a, first_name="Eli")
    today = timezone.localdate()
    params = {"person": dana.pk, "action": acts.ACCESS_GRANTED, "since": today, "until": today}
    page = client_for(auditor).get("/provisioning/log/", params).content.decode()
    assert "Download 1 act as CSV" in page

    response = client_for(auditor).get("/provisioning/log/export.csv", params)
    assert response["Content-Disposition"] == 'attachment; filename="governance-log.csv"'
    rows = _rows(response)
    assert [row["act"] for row in rows] == ["Access granted"]
    row = rows[0]
    assert row["act_code"] == "access_granted" and row["person"] == dana.username
    assert row["by"] == admin_a.username and "status: pending → active" in row["changes"]
    assert row["row_hash"] == GovernanceRecord.objects.get(pk=row["record_id"]).row_hash

    recorded = GovernanceRecord.objects.get(action="log_exported")
    assert recorded.actor == auditor and recorded.division is None  # agency-wide: all auditors
    assert recorded.after == {
        "log": "governance",
        "filters": {
            "person": dana.username,
            "action": "access_granted",
            "since": str(today),
            "until": str(today),
        },
        "rows": 1,
    }
    assert recorded.action_label == "Log exported as CSV"


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(
    division_a, admin_a, auditor, client_for
):
    person = provisioned(division_a, admin_a)
    for reason in ('=HYPERLINK("http://evil.example","x")', "+1+1", "-2", "@SUM(A1)", "\tx", "\rx"):
        _old_record(person, days=1, reason=reason)
    rows = _rows(client_for(auditor).get("/provisioning/log/export.csv", {"person": person.pk}))
    reasons = {row["reason"] for row in rows if row["act_code"] == "account_suspended"}
    assert reasons == {
        '\'=HYPERLINK("http://evil.example","x")',
        "'+1+1",
        "'-2",
        "'@SUM(A1)",
        "'\tx",
        "'\rx",
    }


def test_a_download_past_the_bound_asks_for_narrower_filters(
    division_a, admin_a, auditor, client_for, monkeypatch
):
    monkeypatch.setattr("accounts.views.logs.CSV_MAX_ROWS", 2)
    provisioned(division_a, admin_a)
    response = client_for(auditor).get("/provisioning/log/export.csv")
    assert response.status_code == 400
    assert "a file holds at most 2. Narrow the dates" in response.content.decode()
    assert not GovernanceRecord.objects.filter(action="log_exported").exists()


def test_a_legal_holds_plate_is_withheld_from_the_log_and_its_csv(
    agency_a, division_a, auditor, client_for
):
    from tests.camera_ingest.isolation_cases import _hold

    agency_admin = factories.user(division_a, role=Role.AGENCY_ADMIN)
    world = type("World", (), {"agency_admin_a": agency_admin, "agency_a": agency_a})
    _hold(world)
    page = client_for(auditor).get("/provisioning/log/", {"action": "legal_hold_placed"})
    assert "Legal hold placed" in page.content.decode()
    assert "1ISO111" not in page.content.decode() and "(withheld)" in page.content.decode()
    csv_text = client_for(auditor).get("/provisioning/log/export.csv").content.decode()
    assert "1ISO111" not in csv_text


def test_every_act_the_code_records_has_words_in_the_log():
    """An act recorded without a label would show its code; name it in GovernanceRecord.Action."""
    from accounts.services import tenancy
    from camera_ingest import services as camera_services
    from training import services as training_services

    constants = {
        value
        for module in (acts, tenancy, camera_services, training_services)
        for name, value in vars(module).items()
        if name.isupper()
        and isinstance(value, str)
        and re.fullmatch(r"[a-z]+(?:[_.][a-z]+)+", value)
    }
    constants -= {"plateread_staging"}
    literal = re.compile(r'\baction="([a-z_.]+)"')
    found = set()
    for app in ("accounts", "audits", "camera_ingest", "queries", "sharing", "training"):
        for path in (ROOT / app).rglob("*.py"):
            text = path.read_text()
            if "governance_record(" in text:
                found |= set(literal.findall(text))
    sharing_refusal_names = {
        "partner_record",
        "agreement_approve",
        "agreement_revoke",
        "disclosure_request",
        "disclosure_approve",
        "disclosure_deny",
        "export_download",
    }  # sharing's _refuse names: its own ledger, not the governance record
    labelled = set(GovernanceRecord.Action.values)
    missing = (constants | found) - sharing_refusal_names - labelled
    assert found and not missing, f"add these to GovernanceRecord.Action: {sorted(missing)}"


def test_a_refusal_names_the_act_that_was_refused():
    record = GovernanceRecord(action="refused", after={"attempted": "access_granted"})
    assert record.action_label == "Refused: Access granted"
    assert GovernanceRecord(action="some_new_act").action_label == "Some new act"


# --- The security log --------------------------------------------------------------------------


def test_security_events_have_readable_names_in_the_page_and_the_csv(
    division_a, user_a, auditor, client_for
):
    services.security_event_record(kind=SecurityEvent.Kind.OTP_FAILED, user=user_a)
    services.security_event_record(kind=SecurityEvent.Kind.LOGIN_SUCCEEDED, user=user_a)
    page = client_for(auditor).get("/security-log/").content.decode()
    assert 'title="otp_failed">Wrong one-time code</td>' in page
    assert "Otp Failed" not in page and "Otp failed" not in page
    rows = _rows(client_for(auditor).get("/security-log/export.csv"))
    events = {row["event"] for row in rows if row["account"] == user_a.username}
    assert events == {"Wrong one-time code", "Signed in"}


def test_the_security_log_filters_by_person_event_and_dates(
    division_a, user_a, auditor, client_for
):
    other = factories.user(division_a)
    services.security_event_record(kind=SecurityEvent.Kind.OTP_FAILED, user=user_a)
    services.security_event_record(kind=SecurityEvent.Kind.LOGIN_FAILED, user=user_a)
    services.security_event_record(kind=SecurityEvent.Kind.OTP_FAILED, user=other)
    SecurityEvent.objects.create(
        kind=SecurityEvent.Kind.OTP_FAILED,
        user=user_a,
        agency_id=user_a.agency_id,
        username=user_a.username,
        at=timezone.now() - timedelta(days=30),
    )
    today = timezone.localdate()
    params = {"person": user_a.pk, "kind": "otp_failed", "since": today - timedelta(days=1)}
    client = client_for(auditor)
    page = client.get("/security-log/", params).content.decode()
    assert "Showing 1 to 1 of 1 event." in page
    rows = _rows(client.get("/security-log/export.csv", params))
    assert [(r["account"], r["event_code"]) for r in rows] == [(user_a.username, "otp_failed")]
    assert GovernanceRecord.objects.get(action="log_exported").after["log"] == "security"
    bad = client.get("/security-log/", {"kind": "otp_failed'--"})
    assert bad.status_code == 200 and "Choose one from the list." in bad.content.decode()


# --- Scheduled jobs ----------------------------------------------------------------------------


def test_job_runs_filter_by_job_and_status_and_export_with_their_names(
    agency_a, division_a, client_for
):
    agency_admin = factories.user(division_a, role=Role.AGENCY_ADMIN)
    run_job("accounts_suspend_inactive", lambda counts: counts.update(suspended=2), agency=agency_a)
    run_job("reads_purge_expired", lambda counts: counts.update(dropped=1), agency=agency_a)
    client = client_for(agency_admin)
    page = client.get("/jobs/", {"job": "accounts_suspend_inactive"}).content.decode()
    table = page.split('data-testid="job-runs"')[1]
    assert "Suspend inactive accounts" in table and "Purge reads past retention" not in table
    assert (
        client.get("/jobs/", {"status": "failed"}).content.decode().count("status-succeeded") == 0
    )
    rows = _rows(client.get("/jobs/export.csv", {"job": "accounts_suspend_inactive"}))
    assert [(r["job"], r["status"], r["counts"]) for r in rows] == [
        ("Suspend inactive accounts", "Succeeded", '{"suspended": 2}')
    ]
    assert client.get("/jobs/", {"until": "yesterday"}).status_code == 200


# --- Doors and query counts --------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/provisioning/log/export.csv", "/security-log/export.csv", "/jobs/export.csv"]
)
def test_end_users_cannot_download_logs(path, user_a, client_for):
    assert client_for(user_a).get(path).status_code == 403


def _queries(client, path, params=None) -> int:
    client.get(path, params or {})  # warm the process-wide caches (content types), as a server is
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, params or {})
    assert response.status_code == 200
    return len(captured)


def _many_acts(division_a, admin_a, person, count):
    for index in range(count):
        _old_record(person, days=1, reason=f"Act {index}")
    # A second actor and subject, so select_related is what keeps the count flat.
    provisioned(division_a, admin_a)


@pytest.mark.parametrize("path", ["/provisioning/log/", "/provisioning/log/export.csv"])
def test_the_governance_log_costs_the_same_queries_for_one_row_and_many(
    path, division_a, admin_a, auditor, client_for
):
    person = factories.user(division_a)
    _old_record(person, days=1)
    client = client_for(auditor)
    params = {"since": timezone.localdate() - timedelta(days=3)}
    one = _queries(client, path, params)
    _many_acts(division_a, admin_a, person, 30)
    assert _queries(client, path, params) == one
    assert one <= 16


@pytest.mark.parametrize("path", ["/security-log/", "/security-log/export.csv"])
def test_the_security_log_costs_the_same_queries_for_one_row_and_many(
    path, division_a, user_a, auditor, client_for
):
    services.security_event_record(kind="otp_failed", user=user_a)
    client = client_for(auditor)
    one = _queries(client, path)
    for _ in range(30):
        other = factories.user(division_a)
        services.security_event_record(kind="login_failed", user=other, actor=auditor)
    assert _queries(client, path) == one
    assert one <= 16


@pytest.mark.parametrize("path", ["/jobs/", "/jobs/export.csv"])
def test_the_jobs_page_costs_the_same_queries_for_one_row_and_many(
    path, agency_a, division_a, client_for
):
    agency_admin = factories.user(division_a, role=Role.AGENCY_ADMIN)
    run_job("reads_purge_expired", lambda counts: None, agency=agency_a)
    client = client_for(agency_admin)
    one = _queries(client, path)
    for _ in range(30):
        run_job("reads_purge_expired", lambda counts: None, agency=agency_a)
    assert JobRun.objects.count() >= 31
    assert _queries(client, path) == one
    assert one <= 16


def test_the_security_log_offers_to_unlock_the_locked_accounts_of_its_reader_only(
    client_for, admin_a, user_a, user_b
):
    later = timezone.now() + timedelta(minutes=20)
    for account in (user_a, user_b):
        account.locked_until = later
        account.save(update_fields=["locked_until"])
    page = client_for(admin_a).get("/security-log/").content.decode()
    assert f"/users/{user_a.pk}/unlock/" in page
    assert f"/users/{user_b.pk}/unlock/" not in page  # another agency's account

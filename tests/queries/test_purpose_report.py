"""`manage.py purpose_report` measures the purpose rules on real reasons (issue 10, Build item 6).
These tests run it on a small file written here, in our own words."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.queries.purpose_profiles import (  # the three _-fixtures: no Redis, no media
    _fast_password_hashing,  # noqa: F401
    _isolated_cache,  # noqa: F401
    _media_in_tmp,  # noqa: F401
)

REASONS = [
    ("investigation", "40"),
    ("26-000123", "12"),
    ("assist ICE", "2"),
    ("robbery suspect John Garcia", "1"),
    ("Residential burglary, suspect vehicle seen leaving", "5"),
    ("Armed robbery of the Shell station", ""),
]


@pytest.fixture
def reasons_csv(tmp_path):
    path = tmp_path / "reasons.csv"
    lines = ["reason,count_in_source,source_id"] + [f'"{r}",{c},T1' for r, c in REASONS]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run(*args):
    out = StringIO()
    call_command("purpose_report", *args, stdout=out)
    return out.getvalue()


def test_report_counts_refusals_per_code_and_passes(reasons_csv, tmp_path):
    target = tmp_path / "report.json"
    output = run("--reasons", str(reasons_csv), "--json", str(target), "--mode", "city_police")
    report = json.loads(target.read_text())
    assert report["total"] == 6
    assert report["passed"] == 2
    assert report["refused"] == 4
    assert (
        report["by_code"]["justification_too_vague"]["count"] == 3
    )  # incl. "assist ICE"? no: see below
    assert report["by_code"]["prohibited_purpose_immigration"]["count"] == 1
    assert report["by_code"]["pii_in_justification"]["count"] == 1
    assert report["vague_only_a_number_or_reference"] == 1
    assert report["searches"] == {"total": 60, "passed": 5, "refused": 55}
    assert set(report["check_ms"]) == {"p50", "p95", "max"}
    assert "passed       2" in output
    assert "prohibited_purpose_immigration: 1" in output


def test_report_reads_a_directory_through_its_distinct_file(reasons_csv, tmp_path):
    reasons_csv.rename(tmp_path / "all_reasons_distinct.csv")
    assert "6 reasons checked" in run("--reasons", str(tmp_path))


def test_report_reads_a_plain_text_file_one_reason_a_line(tmp_path):
    path = tmp_path / "reasons.txt"
    path.write_text("follow up\nStolen Civic from the Main St lot\n", encoding="utf-8")
    output = run("--reasons", str(path), "--mode", "county_sheriff")
    assert "2 reasons checked" in output
    assert "justification_too_vague: 1" in output


def test_report_fails_clearly_when_the_path_is_missing(tmp_path):
    with pytest.raises(CommandError, match="No such file or directory"):
        run("--reasons", str(tmp_path / "nowhere.csv"))


def test_report_fails_clearly_on_a_csv_without_a_reason_column(tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("plate,state\n7ABC123,CA\n", encoding="utf-8")
    with pytest.raises(CommandError, match="no reason column"):
        run("--reasons", str(path))

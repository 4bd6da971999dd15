"""`manage.py purpose_report --reasons PATH [--json PATH] [--mode MODE]`: the purpose rules
measured on reasons officers really typed (issue 10, Build item 6).

Each reason is checked as the justification of a search whose other fields are in order (the
division's example case number, the mode's first category, an employee named where the mode asks
for one), so the figures count what the justification rules alone refuse. Those reasons were typed
into one free-text field, so many are only a case number: they are counted as too vague here (a
justification must say more than the case number) and reported apart, because in our form the
number belongs in the case-number field. Samples go to the terminal and the JSON file only: the
strings are public records, not ours to redistribute, and never belong in the repository.
"""

import csv
import json
import time
from collections import Counter
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.presets import get_preset
from queries.purpose_words import word_lists
from queries.rules import (
    JUSTIFICATION,
    JUSTIFICATION_TOO_VAGUE,
    MODES,
    Purpose,
    PurposeProfile,
    check_purpose,
    purpose_categories,
)

DISTINCT_FILE = "all_reasons_distinct.csv"
REASON_COLUMNS = ("reason", "hotlist_entry_reason", "justification")
COUNT_COLUMNS = ("count_in_source", "count")


def preset_profile(mode: str) -> PurposeProfile:
    """The profile an agency created from the mode's preset has, first division."""
    preset = get_preset(mode)
    division = preset.divisions[0]
    return PurposeProfile(
        mode=preset.purpose_mode,
        case_number_pattern=division.case_number_pattern,
        case_number_example=division.case_number_example,
        forbidden_identifiers=tuple(preset.forbidden_identifier_patterns),
        requires_on_behalf_of=preset.requires_on_behalf_of,
        word_overrides={},
    )


def read_reasons(path: Path) -> list[tuple[str, int | None]]:
    """(reason, how many searches used it or None) from a CSV with a reason column, or from a
    plain text file with one reason a line. A directory means its all_reasons_distinct.csv."""
    if path.is_dir():
        path = path / DISTINCT_FILE
        if not path.is_file():
            raise CommandError(f"{path.parent} has no {DISTINCT_FILE}; give the CSV file itself.")
    if path.suffix.lower() != ".csv":
        lines = path.read_text(encoding="utf-8").splitlines()
        return [(line, None) for line in lines]
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        columns = reader.fieldnames or []
        reason_column = next((c for c in REASON_COLUMNS if c in columns), None)
        if reason_column is None:
            raise CommandError(f"{path} has no reason column (one of {', '.join(REASON_COLUMNS)}).")
        count_column = next((c for c in COUNT_COLUMNS if c in columns), None)
        rows = []
        for row in reader:
            count = (row.get(count_column) or "").strip() if count_column else ""
            rows.append((row[reason_column] or "", int(count) if count.isdigit() else None))
        return rows


def tally(reasons, profile: PurposeProfile, *, samples: int = 3) -> dict:
    """Per violation code, how many reasons it refuses (and how many searches, where counted)."""
    category = purpose_categories(profile)[0].code
    by_code: dict[str, dict] = {}
    passed = refused = only_reference = 0
    searches = Counter()
    durations = []
    word_lists(profile.word_overrides)  # built once per agency; not part of one check's time
    for reason, count in reasons:
        purpose = Purpose(
            case_number=profile.case_number_example,
            purpose_category=category,
            justification=reason,
            on_behalf_of="Requesting employee",
        )
        started = time.perf_counter()
        violations = check_purpose(purpose, profile)
        durations.append(time.perf_counter() - started)
        codes = sorted({v.code for v in violations if v.field == JUSTIFICATION})
        searches["total"] += count or 0
        if not codes:
            passed += 1
            searches["passed"] += count or 0
            continue
        refused += 1
        searches["refused"] += count or 0
        if codes == [JUSTIFICATION_TOO_VAGUE] and any(c.isdigit() for c in reason):
            only_reference += 1
        for code in codes:
            entry = by_code.setdefault(code, {"count": 0, "searches": 0, "samples": []})
            entry["count"] += 1
            entry["searches"] += count or 0
            if len(entry["samples"]) < samples:
                entry["samples"].append(reason)
    return {
        "mode": profile.mode,
        "total": len(reasons),
        "passed": passed,
        "refused": refused,
        "vague_only_a_number_or_reference": only_reference,
        "searches": dict(searches),
        "by_code": dict(sorted(by_code.items(), key=lambda item: -item[1]["count"])),
        # How long one check takes: the live check runs it as the user types.
        "check_ms": _percentiles(durations),
    }


def _percentiles(durations: list[float]) -> dict:
    if not durations:
        return {"p50": 0.0, "p95": 0.0, "max": 0.0}
    ordered = sorted(durations)

    def at(share: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(len(ordered) * share))] * 1000, 3)

    return {"p50": at(0.50), "p95": at(0.95), "max": round(ordered[-1] * 1000, 3)}


class Command(BaseCommand):
    help = "Check real search reasons against the purpose rules: per violation code, how many are refused, with samples."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reasons",
            required=True,
            help="A CSV with a reason column, a text file (one reason a line) or a directory holding all_reasons_distinct.csv.",
        )
        parser.add_argument("--json", help="Also write the figures and samples to this file.")
        parser.add_argument("--mode", choices=MODES, default="cdcr")
        parser.add_argument("--samples", type=int, default=3, help="Samples shown per code.")

    def handle(self, *args, reasons, json: str | None, mode, samples, **options):
        path = Path(reasons)
        if not path.exists():
            raise CommandError(f"No such file or directory: {path}")
        report = tally(read_reasons(path), preset_profile(mode), samples=samples)
        self._print(report)
        if json:
            Path(json).write_text(_dumps(report), encoding="utf-8")
            self.stdout.write(f"Wrote {json}")

    def _print(self, report):
        total = report["total"] or 1
        self.stdout.write(
            f"Mode {report['mode']}: {report['total']} reasons checked as justifications"
        )
        self.stdout.write(
            f"  passed  {report['passed']:6d} ({100 * report['passed'] / total:.1f} %)\n"
            f"  refused {report['refused']:6d} ({100 * report['refused'] / total:.1f} %)"
        )
        counted = report["searches"].get("total")
        if counted:
            self.stdout.write(
                f"  weighted by searches where counted: {report['searches'].get('passed', 0)} of {counted} passed"
            )
        self.stdout.write(
            f"  of the refused, only a number or reference (vague as a justification): "
            f"{report['vague_only_a_number_or_reference']}"
        )
        timing = report["check_ms"]
        self.stdout.write(
            f"  one check: p50 {timing['p50']} ms, p95 {timing['p95']} ms, max {timing['max']} ms"
        )
        for code, entry in report["by_code"].items():
            self.stdout.write(f"{code}: {entry['count']} ({entry['searches']} searches)")
            for sample in entry["samples"]:
                self.stdout.write(f"    e.g. {sample!r}")


def _dumps(report: dict) -> str:
    return json.dumps(report, indent=2, ensure_ascii=False)

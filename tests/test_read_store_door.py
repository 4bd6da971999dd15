"""The read store has one door (issue 10, structure item 1). Raw access to the read tables
(the partitioned `camera_ingest_plateread`, its partitions, `PlateRead.objects` unscoped, the
held copies) is allowed only in the read store's own modules; everything else reads through
queries.selectors (searchable_agency_ids_for -> reads_for) and the search services."""

import re
from pathlib import Path

import pytest

from camera_ingest.models import PlateRead, UnscopedReadAccess

ROOT = Path(__file__).resolve().parent.parent
# The read store's own services and the one door. Each names why it may go past the selector.
ALLOWED = {
    "camera_ingest/models.py": "declares the table and its manager",
    "camera_ingest/partitions.py": "creates and drops partitions",
    "camera_ingest/services.py": "ingest (COPY), the retention purge and legal holds",
    "camera_ingest/selectors.py": "held copies, scoped to the administrator's agency",
    "camera_ingest/management/commands/bench_ingest.py": "the ingest benchmark's own agency",
    "queries/selectors.py": "the one door: reads_for(user)",
    "queries/management/commands/bench_search.py": "the search benchmark's own agency",
}
RAW_ACCESS = re.compile(
    r"camera_ingest_plateread|camera_ingest_heldread|partitions\.PARENT|\bPlateRead\.objects"
    r"|\bHeldRead\.objects|\._base_manager|\.unscoped\("
)


def offending_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if RAW_ACCESS.search(line)]


def code_files():
    for path in sorted(ROOT.glob("*/**/*.py")):
        relative = path.relative_to(ROOT)
        if (
            relative.parts[0] in {".venv", "tests", "node_modules"}
            or "migrations" in relative.parts
        ):
            continue
        yield str(relative)


@pytest.mark.parametrize(
    ("line", "offends"),
    [
        ('cursor.execute(f"SELECT * FROM {partitions.PARENT} WHERE plate = %s")', True),
        ('cursor.execute("SELECT plate FROM camera_ingest_plateread_a3_202611")', True),
        ("reads = PlateRead.objects.unscoped(reason='export')", True),
        ("reads = PlateRead._base_manager.all()", True),
        ("held = HeldRead.objects.filter(hold=hold)", True),
        ("reads = selectors.reads_for(user=request.user)", False),
        ("outcome = services.search_run(actor=request.user, ...)", False),
    ],
)
def test_the_rule_tells_raw_read_access_from_the_door(line, offends):
    assert bool(offending_lines(line)) is offends


@pytest.mark.parametrize("path", list(code_files()))
def test_only_the_read_stores_own_modules_reach_the_read_tables(path):
    if path in ALLOWED:
        return
    assert offending_lines((ROOT / path).read_text()) == [], (
        f"{path}: read through queries.selectors.reads_for / the search services"
    )


def test_the_manager_refuses_unscoped_use():
    with pytest.raises(UnscopedReadAccess):
        PlateRead.objects.filter(plate="7ABC123")
    with pytest.raises(UnscopedReadAccess):
        PlateRead.objects.unscoped(reason=" ")


@pytest.mark.django_db
def test_scoped_use_filters_by_agency_and_an_empty_scope_is_empty():
    scoped = PlateRead.objects.for_agencies([3, 5]).filter(plate="7ABC123")
    assert '"agency_id" IN (3, 5)' in str(scoped.query)
    assert list(PlateRead.objects.for_agencies([])) == []

"""Interfaces parse input and call one selector or service: they never fetch a governed model
themselves (by id, by `.all()`, by `get_object_or_404(Model, ...)`, by raw SQL), nor save, update
or delete one (STYLE.md). And no module but a service writes rows with raw SQL (issue 8)."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("accounts", "alpr_governance", "audits", "camera_ingest", "queries", "sharing", "training")


def _app_files(*patterns: str) -> list[Path]:
    return sorted(
        path
        for app in APPS
        for pattern in patterns
        for path in (ROOT / app).glob(pattern)
        if "migrations" not in path.parts
    )


INTERFACE_FILES = _app_files("views.py", "views/*.py", "api.py", "api/*.py", "tasks.py")

FORBIDDEN = re.compile(
    # A model's manager used directly: Model.objects.get/filter/all/... (reads and writes).
    r"\b[A-Z]\w*\.(objects|_default_manager|_base_manager)\."
    r"(get|filter|exclude|all|create|update|delete|bulk_create|bulk_update|get_or_create"
    r"|update_or_create|in_bulk|raw|select_for_update)\("
    # get_object_or_404 / get_list_or_404 on a model class instead of a selector's queryset.
    r"|\bget_(object|list)_or_404\(\s*[A-Z]\w*\s*[,)]"
    # Raw SQL through a manager or a queryset.
    r"|\.raw\("
    r"|\.objects\.all\(\)\.(update|delete)\("
    r"|\b(user|person|camera|hold|record|item|agency|division|read|course)\.(save|delete)\("
)


def offending_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if FORBIDDEN.search(line)]


@pytest.mark.parametrize(
    ("line", "offends"),
    [
        ("person = User.objects.get(pk=pk)", True),
        ("items = ReapprovalItem.objects.filter(user__in=people)", True),
        ("camera.save(update_fields=['enabled'])", True),
        ("cameras = Camera.objects.all()", True),
        ("rows = Camera.objects.all().order_by('name')", True),
        ("hold = get_object_or_404(LegalHold, pk=pk)", True),
        ("hold = get_object_or_404(LegalHold)", True),
        ("people = get_list_or_404(User, agency=request.user.agency)", True),
        ("rows = PlateRead.objects.raw('SELECT * FROM camera_ingest_plateread')", True),
        ("rows = queryset.raw(sql)", True),
        ("Course.objects.get_or_create(code='x')", True),
        ("course.delete()", True),
        ("agency = Agency._default_manager.get(pk=1)", True),
        ("person = selectors.user_get_for_admin(user=request.user, pk=pk)", False),
        ("services.camera_revoke(actor=request.user, camera=camera)", False),
        ("image.save(buffer)", False),  # a QR code image, not a governed row
        ("hold = get_object_or_404(selectors.legal_hold_list_for(user=user), pk=pk)", False),
        ("agencies = Agency.objects.order_by('pk')", False),  # jobs list every tenant by design
        ("text = draw_raw_value(x)", False),
    ],
)
def test_the_rule_tells_governed_writes_and_reads_from_calls(line, offends):
    assert bool(offending_lines(line)) is offends


def test_interfaces_found():
    names = {str(p.relative_to(ROOT)) for p in INTERFACE_FILES}
    assert {"accounts/api.py", "camera_ingest/views.py", "training/views.py"} <= names
    assert "accounts/views/provisioning.py" in names


@pytest.mark.parametrize("path", INTERFACE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_interfaces_go_through_selectors_and_services(path):
    assert offending_lines(path.read_text()) == []


# --- Raw SQL that writes rows belongs to services ---------------------------------------------

# A statement that changes rows: UPDATE ... SET, DELETE FROM, INSERT INTO, TRUNCATE.
SQL_WRITE = re.compile(r"\b(UPDATE\s+\w+|DELETE\s+FROM|INSERT\s+INTO|TRUNCATE)\b", re.IGNORECASE)
EXECUTE = re.compile(r"\b(cursor|c|cur)\.(execute|executemany)\(")
# Modules allowed to write with SQL: services (governed writes), and the one retention path past
# the append-only trigger (appendonly.retention_delete).
SQL_WRITERS = re.compile(r"(^|/)(services\.py|services/[^/]+\.py|appendonly\.py)$")


def sql_writes(text: str) -> list[str]:
    """Lines where a cursor executes a statement that writes rows (the statement may follow on
    the next few lines, as formatters split long calls)."""
    lines = text.splitlines()
    found = []
    for number, line in enumerate(lines):
        if EXECUTE.search(line):
            statement = " ".join(lines[number : number + 4])
            if SQL_WRITE.search(statement):
                found.append(line.strip())
    return found


@pytest.mark.parametrize(
    ("code", "writes"),
    [
        ('cursor.execute("UPDATE accounts_user SET status = %s", ["active"])', True),
        (
            'cursor.execute(\n    "DELETE FROM camera_ingest_plateread WHERE id = %s",\n    [1],\n)',
            True,
        ),
        ('cursor.execute(f"INSERT INTO {table} VALUES (1)")', True),
        ('cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])', False),
        ('cursor.execute("SELECT count(*) FROM t WHERE updated_at > %s", [when])', False),
        ('cursor.execute(f"DROP TABLE IF EXISTS {name}")', False),  # partitions: DDL, not rows
    ],
)
def test_the_sql_rule_tells_writes_from_reads(code, writes):
    assert bool(sql_writes(code)) is writes


SOURCE_FILES = [
    path
    for path in _app_files("*.py", "*/*.py", "*/*/*.py", "*/*/*/*.py")
    if not SQL_WRITERS.search(str(path.relative_to(ROOT)))
]


def test_source_files_found():
    names = {str(p.relative_to(ROOT)) for p in SOURCE_FILES}
    assert {"camera_ingest/partitions.py", "accounts/jobs.py", "accounts/views/auth.py"} <= names
    assert "camera_ingest/services.py" not in names


@pytest.mark.parametrize("path", SOURCE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_only_services_write_rows_with_raw_sql(path):
    assert sql_writes(path.read_text()) == []

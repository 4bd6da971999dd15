"""Interfaces parse input and call one selector or service: they never fetch a governed model by
id themselves, nor save, update or delete one (STYLE.md)."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
INTERFACE_FILES = sorted(
    path
    for pattern in ("*/views.py", "*/views/*.py", "*/api.py", "*/tasks.py")
    for path in ROOT.glob(pattern)
    if ".venv" not in path.parts
)
FORBIDDEN = re.compile(
    r"\b[A-Z]\w*\.objects\.(get|filter|create|update|delete|bulk_create)\(|\.objects\.all\(\)\.(update|delete)\("
    r"|\b(user|person|camera|hold|record|item|agency|division|read)\.(save|delete)\("
)


def offending_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if FORBIDDEN.search(line)]


@pytest.mark.parametrize(
    ("line", "offends"),
    [
        ("person = User.objects.get(pk=pk)", True),
        ("items = ReapprovalItem.objects.filter(user__in=people)", True),
        ("camera.save(update_fields=['enabled'])", True),
        ("person = selectors.user_get_for_admin(user=request.user, pk=pk)", False),
        ("services.camera_revoke(actor=request.user, camera=camera)", False),
        ("image.save(buffer)", False),  # a QR code image, not a governed row
    ],
)
def test_the_rule_tells_governed_writes_and_reads_from_calls(line, offends):
    assert bool(offending_lines(line)) is offends


def test_interfaces_found():
    names = {str(p.relative_to(ROOT)) for p in INTERFACE_FILES}
    assert {"accounts/api.py", "camera_ingest/views.py", "training/views.py"} <= names


@pytest.mark.parametrize("path", INTERFACE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_interfaces_go_through_selectors_and_services(path):
    assert offending_lines(path.read_text()) == []

"""CSV files people download: one attachment shape, and cells a spreadsheet cannot run.

A cell starting with = + - @, a tab or a carriage return is read by spreadsheets as a formula
(CSV injection, OWASP); such a cell is prefixed with an apostrophe, which shows the text as it was.
"""

import csv
import io
import json
from collections.abc import Iterable
from datetime import datetime

from django.http import HttpResponse
from django.utils import timezone

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """One cell as text a spreadsheet shows and never evaluates."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        text = timezone.localtime(value).isoformat(timespec="seconds")
    elif isinstance(value, dict | list):
        text = json.dumps(value, sort_keys=True, default=str)
    else:
        text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_attachment(filename: str, header: Iterable[str], rows: Iterable[Iterable]) -> HttpResponse:
    """The rows as a CSV download named `filename`; every cell passes `safe_cell`. Callers bound
    the rows (a file is built in memory)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response

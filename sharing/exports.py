"""The ledger as CSV and PDF (1798.90.55(b), 429.7): the rows a selector already scoped."""

import csv
import io

from django.template.loader import render_to_string

from alpr_governance.csv_export import safe_cell

LEDGER_COLUMNS = (
    "id",
    "at",
    "kind",
    "sharing_agency",
    "partner",
    "actor",
    "case_number",
    "purpose",
    "reads",
    "agreement",
    "disclosure",
    "search",
    "codes",
    "row_hash",
)


def _cells(entry) -> list:
    return [
        entry.pk,
        entry.at.isoformat(),
        entry.kind,
        entry.agency.name,
        entry.partner_name,
        entry.actor_username,
        entry.case_number,
        entry.purpose,
        entry.read_count,
        entry.agreement_id or "",
        entry.disclosure_id or "",
        entry.search_request_id or "",
        " ".join(entry.codes or []),
        entry.row_hash,
    ]


# A cell a spreadsheet would run as a formula (= + - @, tab, CR) is neutralised, as in every CSV.
_safe = safe_cell


def ledger_csv(entries) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(LEDGER_COLUMNS)
    for entry in entries:
        writer.writerow([_safe(cell) for cell in _cells(entry)])
    return buffer.getvalue()


def ledger_pdf(entries, *, agency, filters: dict, summary: list[dict]) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "sharing/ledger_pdf.html",
        {"entries": entries, "agency": agency, "filters": filters, "summary": summary},
    )
    return HTML(string=html, base_url=".").write_pdf()

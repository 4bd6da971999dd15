"""The PDF audit packet (WeasyPrint): cover, summary figures, charts drawn here as SVG, roster,
flags with dispositions, random sample, sharing extract, sign-off. Stored with its SHA-256."""

import hashlib
from html import escape

from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.services import governance_record
from audits.models import AuditCycle, AuditItem, AuditPacket

CHART_WIDTH = 680
BAR_HEIGHT = 16
BAR_GAP = 5
LABEL_WIDTH = 190


def bar_chart(title: str, pairs: list, *, limit: int = 25, unit: str = "") -> str:
    """A horizontal bar chart as SVG markup; labels escaped, the longest bars first as given."""
    pairs = [(str(label), int(value)) for label, value in pairs[:limit]]
    if not pairs:
        return f'<p class="muted">{escape(title)}: nothing in the period.</p>'
    top = max(value for _, value in pairs) or 1
    plot = CHART_WIDTH - LABEL_WIDTH - 60
    height = len(pairs) * (BAR_HEIGHT + BAR_GAP) + 10
    bars = []
    for index, (label, value) in enumerate(pairs):
        y = index * (BAR_HEIGHT + BAR_GAP) + 5
        width = max(1, round(plot * value / top)) if value else 0
        shown = label if len(label) <= 28 else label[:27] + "…"
        bars.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + BAR_HEIGHT - 4}" text-anchor="end" '
            f'font-size="10">{escape(shown)}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{width}" height="{BAR_HEIGHT}" fill="#2f5d8a"/>'
            f'<text x="{LABEL_WIDTH + width + 4}" y="{y + BAR_HEIGHT - 4}" font-size="10">'
            f"{value}{escape(unit)}</text>"
        )
    return (
        f"<figure><figcaption>{escape(title)}</figcaption>"
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{CHART_WIDTH}" height="{height}" '
        f'viewBox="0 0 {CHART_WIDTH} {height}" role="img" aria-label="{escape(title)}">'
        f"{''.join(bars)}</svg></figure>"
    )


def packet_context(cycle: AuditCycle, *, final: bool) -> dict:
    compiled = cycle.compiled or {}
    figures = compiled.get("figures", {})
    items = list(cycle.items.select_related("disposed_by"))
    return {
        "cycle": cycle,
        "final": final,
        "compiled": compiled,
        "figures": figures,
        "flags": [i for i in items if i.kind == AuditItem.Kind.FLAG],
        "samples": [i for i in items if i.kind == AuditItem.Kind.SAMPLE],
        "charts": [
            bar_chart("Searches per week (week starting)", figures.get("per_week", []), limit=60),
            bar_chart("Searches per user", figures.get("per_user", [])),
            bar_chart("Searches per purpose category", figures.get("per_purpose", [])),
            bar_chart("Refused attempts by code", figures.get("refusals_by_code", [])),
        ],
        "generated_at": timezone.now(),
    }


def render_pdf(cycle: AuditCycle, *, final: bool) -> tuple[bytes, int]:
    """The packet's PDF bytes and page count."""
    from weasyprint import HTML

    html = render_to_string("audits/packet.html", packet_context(cycle, final=final))
    document = HTML(string=html, base_url=".").render()
    return document.write_pdf(), len(document.pages)


def packet_render_run(*, packet_id: int) -> AuditPacket | None:
    """Render a requested packet; a final one then goes to the Hiring Authority as the report."""
    from audits import services

    packet = (
        AuditPacket.objects.select_related("cycle", "cycle__agency", "cycle__division")
        .filter(pk=packet_id, state=AuditPacket.State.RENDERING)
        .first()
    )
    if packet is None:
        return None
    cycle = packet.cycle
    pdf, pages = render_pdf(cycle, final=packet.final)
    digest = hashlib.sha256(pdf).hexdigest()
    with transaction.atomic():
        locked = AuditPacket.objects.select_for_update().get(pk=packet.pk)
        kind = "signed" if locked.final else "draft"
        locked.file.save(
            f"cycle-{cycle.pk}-{kind}-{locked.pk}-{digest[:12]}.pdf", ContentFile(pdf), save=False
        )
        locked.sha256, locked.size_bytes, locked.pages = digest, len(pdf), pages
        locked.state, locked.rendered_at = AuditPacket.State.READY, timezone.now()
        locked.save(update_fields=["file", "sha256", "size_bytes", "pages", "state", "rendered_at"])
        governance_record(
            actor=None,
            agency=cycle.agency,
            division=cycle.division,
            action="audit_packet_rendered",
            subject=locked,
            after={"sha256": digest, "pages": pages, "bytes": len(pdf), "final": locked.final},
        )
    if locked.final:
        services.cycle_report(cycle=cycle)
    return locked


def packet_render_failed(*, packet_id: int, error: str) -> None:
    AuditPacket.objects.filter(pk=packet_id, state=AuditPacket.State.RENDERING).update(
        state=AuditPacket.State.FAILED, error=error[-4000:]
    )

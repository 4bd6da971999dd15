"""Columns and filters of the audit cycle list (alpr_governance.tables)."""

from alpr_governance.tables import Column, FilterForm, choice_field, natural
from audits.models import AuditCycle

CYCLE_COLUMNS = [
    Column("Division", "division", ("division__code",)),
    Column("Period", "period", ("period_start", "period_end")),
    Column("State", "state", ("state",)),
    Column("Opened", "origin", ("origin",)),
    Column("Auditor", "auditor", (natural("auditor__last_name"), natural("auditor__username"))),
    Column("Signed", "signed", ("signed_at",)),
]


class CycleFilterForm(FilterForm):
    """Narrow the cycles: by state, by division, or by the auditor's or division's name."""

    lookups = {"state": "state", "division": "division_id"}
    search_fields = ("division__code", "division__name", "auditor__last_name", "auditor__username")

    def __init__(self, data=None, *, divisions, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["q"].label = "Search by division or auditor"
        self.fields["state"] = choice_field("State", AuditCycle.State.choices, every="Every state")
        self.fields["division"] = choice_field(
            "Division", [(str(d.pk), d.code) for d in divisions], every="Every division"
        )

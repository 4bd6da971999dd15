"""Columns and filters of the disclosure list (alpr_governance.tables). Partners and standing
agreements are a handful per agency and keep their fixed order."""

from alpr_governance.tables import Column, FilterForm, choice_field, natural
from sharing.models import Disclosure

DISCLOSURE_COLUMNS = [
    Column("Request", "request", ("pk",)),
    Column("Partner", "partner", (natural("partner__name"),)),
    Column("Case", "case", (natural("case_number"),)),
    Column("Entered", "entered", ("entered_at",)),
    Column("State", "status", ("status",)),
]


class DisclosureFilterForm(FilterForm):
    """Narrow the disclosures: by state, or by plate, case, partner or requester."""

    lookups = {"status": "status"}
    search_fields = ("plate", "case_number", "partner__name", "requester_name")

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["q"].label = "Search by plate, case, partner or requester"
        self.fields["status"] = choice_field(
            "State", Disclosure.Status.choices, every="Every state"
        )

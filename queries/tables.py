"""Columns and filters of a person's own search history (alpr_governance.tables)."""

from alpr_governance.tables import Column, FilterForm, choice_field
from queries.models import SearchRequest

HISTORY_COLUMNS = [
    Column("When", "at", ("at",)),
    Column("What", "kind", ("kind",)),
    Column("Case and purpose", "case", ("case_number",)),
    Column("Asked for"),
    Column("Outcome", "outcome", ("outcome",)),
    Column("Reads", "reads", ("result_count",)),
]


class HistoryFilterForm(FilterForm):
    """Narrow one's own access record: by what was done and its outcome, or by case number or
    words of the justification."""

    lookups = {"kind": "kind", "outcome": "outcome"}
    search_fields = ("case_number", "justification", "on_behalf_of")

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["q"].label = "Search by case number or justification"
        self.fields["kind"] = choice_field("What", SearchRequest.Kind.choices, every="Everything")
        self.fields["outcome"] = choice_field(
            "Outcome", SearchRequest.Outcome.choices, every="Run and refused"
        )

"""Columns and filters of the accounts list pages (alpr_governance.tables)."""

from accounts.models import AccountStatus, Role
from alpr_governance.tables import Column, FilterForm, choice_field, natural

PEOPLE_COLUMNS = [
    Column("Person", "name", (natural("last_name"), natural("first_name"), natural("username"))),
    Column("Division", "division", ("division__code",)),
    Column("Classification", "classification", (natural("job_classification"),)),
    Column("Role", "role", ("role",)),
    Column("Account", "status", ("status",)),
    Column("Access"),  # the gate's judgement, computed per person: not a database column
]


class PeopleFilterForm(FilterForm):
    """Narrow the people list: by account state, role and division, or by name."""

    lookups = {"status": "status", "role": "role", "division": "division_id"}
    search_fields = ("username", "first_name", "last_name", "email")

    def __init__(self, data=None, *, divisions, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["q"].label = "Search by name or username"
        self.fields["status"] = choice_field(
            "Account", AccountStatus.choices, every="Every account state"
        )
        self.fields["role"] = choice_field("Role", Role.choices, every="Every role")
        self.fields["division"] = choice_field(
            "Division", [(str(d.pk), d.code) for d in divisions], every="Every division"
        )

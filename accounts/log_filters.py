"""The filters of the log pages (governance record, security log, scheduled jobs): a GET form
each, whose choices are the models' labels, so the words on the page, in the filter and in the
CSV are the same words."""

from django import forms

from accounts.models import GovernanceRecord, JobRun, SecurityEvent


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        name = obj.get_full_name()
        return f"{name} ({obj.username})" if name else obj.username


def _date_field(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter a date such as 2026-11-29."},
    )


class _LogFilterForm(forms.Form):
    """Dates are whole days in the agency's time zone, both ends included."""

    since = _date_field("From")
    until = _date_field("To")

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and until < since:
            self.add_error("until", "The range ends before it starts.")
        return cleaned

    def filters(self) -> dict:
        """The selector's filters; nothing until the form is valid."""
        return dict(self.cleaned_data) if self.is_valid() else {}

    def described(self) -> dict:
        """The filters in words, for the export's record ("person": "dreyes", ...)."""
        words = {}
        for name, value in self.filters().items():
            if value in (None, ""):
                continue
            words[name] = getattr(value, "username", None) or str(value)
        return words


def _person_field(people, label: str) -> PersonChoiceField:
    return PersonChoiceField(
        queryset=people.order_by("last_name", "first_name", "username"),
        required=False,
        label=label,
        empty_label="Anyone",
        error_messages={"invalid_choice": "Choose a person from the list."},
    )


def _kind_field(label: str, choices) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        required=False,
        choices=[("", "Any"), *choices],
        error_messages={"invalid_choice": "Choose one from the list."},
    )


class GovernanceLogFilterForm(_LogFilterForm):
    field_order = ("person", "action", "since", "until")

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"] = _person_field(people, "Person (acted or acted on)")
        self.fields["action"] = _kind_field(
            "Act", sorted(GovernanceRecord.Action.choices, key=lambda c: c[1])
        )
        self.order_fields(self.field_order)


class SecurityLogFilterForm(_LogFilterForm):
    field_order = ("person", "kind", "since", "until")

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"] = _person_field(people, "Person")
        self.fields["kind"] = _kind_field(
            "Event", sorted(SecurityEvent.Kind.choices, key=lambda c: c[1])
        )
        self.order_fields(self.field_order)


class JobRunFilterForm(_LogFilterForm):
    field_order = ("job", "status", "since", "until")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["job"] = _kind_field("Job", sorted(JobRun.Job.choices, key=lambda c: c[1]))
        self.fields["status"] = _kind_field("Status", JobRun.Status.choices)
        self.order_fields(self.field_order)

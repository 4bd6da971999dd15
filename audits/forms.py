"""Forms of the audit pages."""

from django import forms

from audits.models import AuditItem


class CycleOpenForm(forms.Form):
    division = forms.ModelChoiceField(queryset=None, empty_label=None)
    period_start = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    period_end = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    directive = forms.CharField(
        label="Why (directive or reason)",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="E.g. the Hiring Authority's directive of 2026-10-02.",
    )

    def __init__(self, *args, divisions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["division"].queryset = divisions


class AssignForm(forms.Form):
    auditor = forms.ModelChoiceField(queryset=None, empty_label=None, label="Auditor (designee)")

    def __init__(self, *args, auditors=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["auditor"].queryset = auditors


class DisposeForm(forms.Form):
    disposition = forms.ChoiceField(choices=AuditItem.Disposition.choices)
    note = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Required unless adequate.",
    )

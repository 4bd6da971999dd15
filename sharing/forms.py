"""Forms of the sharing pages: they parse input; sharing.services decides."""

from django import forms

from sharing.models import Disclosure, PartnerKind


class PartnerForm(forms.Form):
    name = forms.CharField(max_length=200)
    jurisdiction_state = forms.CharField(
        max_length=2, initial="CA", label="Jurisdiction (state, two letters)"
    )
    kind = forms.ChoiceField(choices=PartnerKind.choices)
    contact = forms.CharField(max_length=300, required=False)
    verification_evidence = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label="How the classification was verified",
        required=False,
    )


class AgreementForm(forms.Form):
    partner = forms.ModelChoiceField(queryset=None, label="Agency granted search access")
    purpose = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    starts_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners


class RevokeForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)


class DisclosureForm(forms.Form):
    partner = forms.ModelChoiceField(queryset=None, label="Requesting agency")
    requester_name = forms.CharField(max_length=200, required=False, label="Requester")
    requester_contact = forms.CharField(max_length=300, required=False, label="Contact")
    case_number = forms.CharField(max_length=100, required=False)
    purpose = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    need = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    plate = forms.CharField(max_length=20, required=False, label="Plate asked for")
    window_start = forms.DateTimeField(
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}), label="From"
    )
    window_end = forms.DateTimeField(
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}), label="To"
    )

    def __init__(self, *args, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "Approve"), ("deny", "Deny")])
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    method = forms.ChoiceField(choices=[("", "—"), *Disclosure.Method.choices], required=False)
    original_email = forms.FileField(required=False, label="Original e-mail (.eml)")


class LedgerFilterForm(forms.Form):
    kind = forms.ChoiceField(required=False)
    partner = forms.CharField(required=False)
    case_number = forms.CharField(required=False)
    since = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        from sharing.models import LedgerEntry

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "All"), *LedgerEntry.Kind.choices]

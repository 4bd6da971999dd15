"""Forms of the training pages (also used on the provisioning page of a person)."""

from django import forms


class TrainingRecordForm(forms.Form):
    course = forms.ModelChoiceField(queryset=None, empty_label=None)
    completed_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    certificate = forms.FileField(required=False, help_text="PDF, PNG or JPEG, up to 10 MB.")

    def __init__(self, *args, courses=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = courses

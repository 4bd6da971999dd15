"""Forms of the training pages: training records (also on a person's provisioning page) and
course management by the agency administrator."""

from datetime import timedelta

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils import timezone
from django.utils.formats import date_format

REQUIRED_OF = (("everyone", "Everyone who reaches ALPR data"), ("system", "Users of a system"))


class CourseForm(forms.Form):
    name = forms.CharField(max_length=200)
    vendor = forms.CharField(max_length=100, required=False, help_text="Who gives the course.")
    required = forms.BooleanField(
        required=False, initial=True, label="Required", help_text="Unticked: optional."
    )
    system = forms.CharField(
        max_length=100,
        required=False,
        label="Required only of users of this system",
        help_text="Empty: required of everyone. A system's name (e.g. Flock Safety): required "
        "only of the people marked as its users (GO 5.42 F.4-F.5).",
    )
    certificate_required = forms.BooleanField(
        required=False, label="A certificate of completion is required"
    )
    validity_days = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=3650,
        label="Valid for (days)",
        help_text="Empty: the agency's training validity.",
    )
    reason = forms.CharField(
        max_length=500, required=False, help_text="Kept on the governance record."
    )


class CourseCreateForm(CourseForm):
    code = forms.SlugField(max_length=40, help_text="Short, unique, e.g. flock-search.")

    field_order = ["code", "name"]


class CourseRetireForm(forms.Form):
    reason = forms.CharField(max_length=500, label="Why is the course retired?")


class CourseVoidForm(forms.Form):
    before = forms.DateField(
        label="Completions before",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Everyone who completed it before this date must take it again (429.5).",
    )
    reason = forms.CharField(max_length=500, label="Change of law or technology")


class SystemUserForm(forms.Form):
    user = forms.IntegerField(widget=forms.HiddenInput)
    uses = forms.TypedChoiceField(coerce=lambda v: v == "1", choices=(("1", "yes"), ("0", "no")))


class TrainingRecordForm(forms.Form):
    course = forms.ModelChoiceField(queryset=None, empty_label=None)
    completed_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    certificate = forms.FileField(required=False, help_text="PDF, PNG or JPEG, up to 10 MB.")

    def __init__(self, *args, courses=None, warn_expired=False, today=None, **kwargs):
        """`warn_expired`: a completion whose validity already ran out is refused with a warning
        until the administrator ticks "record it as history" (issue 11); it will not count."""
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = courses
        self.today = today or timezone.localdate()
        self.expired_on = None
        if warn_expired:
            self.fields["as_history"] = forms.BooleanField(
                required=False,
                label="Record it as history: it will not count toward access",
                help_text="Only for a completion that has already expired.",
            )

    def clean(self):
        cleaned = super().clean()
        as_history = cleaned.pop("as_history", False)
        course, completed_on = cleaned.get("course"), cleaned.get("completed_on")
        if "as_history" not in self.fields or course is None or completed_on is None:
            return cleaned
        expires_on = completed_on + timedelta(days=course.validity())
        if expires_on < self.today:
            self.expired_on = expires_on
            if not as_history:
                self.add_error(
                    None,
                    forms.ValidationError(
                        "This completion expired on %(date)s; it will not count. Record it "
                        "as history, or cancel.",
                        code="expired",
                        params={"date": date_format(expires_on, "DATE_FORMAT")},
                    ),
                )
        return cleaned

    @property
    def expired_warning(self) -> bool:
        return self.has_error(NON_FIELD_ERRORS, code="expired")


# Where a verify or reject button sends the administrator back to: the page it was pressed on.
RETURN_TO = {"home": "accounts:home", "division": "training:division_training"}


class TrainingRejectForm(forms.Form):
    """Reject a submitted certificate: the reason is required, and the person is told it."""

    reason = forms.CharField(
        max_length=500,
        label="Reason",
        help_text="The person is told this by e-mail and on their Training page.",
        widget=forms.TextInput(),
        error_messages={"required": "Say why the certificate is rejected: the person is told."},
    )
    back = forms.ChoiceField(
        choices=[(key, key) for key in RETURN_TO], required=False, widget=forms.HiddenInput
    )

from django import forms

from accounts.agreement_form import ACCEPTANCE
from accounts.case_numbers import case_number_matches, case_pattern_problem
from accounts.rules import classification_listed


class SignInForm(forms.Form):
    username = forms.CharField(
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )


class PasswordForgotForm(forms.Form):
    identifier = forms.CharField(
        label="Username or e-mail address",
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )


class PasswordChooseForm(forms.Form):
    password = forms.CharField(
        label="New password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password", "autofocus": True}),
        help_text="At least 12 characters; not a common password, not like your name.",
    )
    password_again = forms.CharField(
        label="The same password again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


class OtpCodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=20,
        help_text="The 6-digit code from your authenticator app, or one of your backup codes.",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class EnrolmentCodeForm(forms.Form):
    code = forms.CharField(
        label="Code from the app",
        max_length=8,
        help_text="After adding the account, type the 6-digit code the app shows.",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class AllowedNetworksForm(forms.Form):
    allowed_networks = forms.CharField(
        label="Networks of agency-issued devices",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One address or CIDR per line, e.g. 10.20.0.0/16. Empty: any network. "
        "ALPR data can then be reached only from these networks (53060.9(a)).",
    )

    def clean_allowed_networks(self) -> list[str]:
        from django.core.exceptions import ValidationError as DjangoValidationError

        from accounts.services import tenancy

        try:
            return tenancy.allowed_networks_parse(
                self.cleaned_data["allowed_networks"].splitlines()
            )
        except DjangoValidationError as error:
            raise forms.ValidationError(error.messages) from error


class DivisionSettingsForm(forms.Form):
    case_number_pattern = forms.CharField(
        label="Case-number pattern",
        max_length=200,
        help_text="A regular expression every search's case number must match (53060.7(b)(6)).",
    )
    case_number_example = forms.CharField(
        label="Example case number", max_length=60, help_text="Shown to users; must match."
    )
    hiring_authority_name = forms.CharField(
        label="Hiring authority", max_length=200, required=False
    )
    hiring_authority_email = forms.EmailField(label="Hiring authority e-mail", required=False)
    reason = forms.CharField(
        label="Reason for the change",
        max_length=500,
        required=False,
        help_text="Kept on the governance record with the values before and after.",
    )

    def clean_case_number_pattern(self) -> str:
        problem = case_pattern_problem(self.cleaned_data["case_number_pattern"])
        if problem:
            raise forms.ValidationError(problem)
        return self.cleaned_data["case_number_pattern"]


class CaseNumberTryForm(forms.Form):
    """Try a case number against the pattern as typed, before saving it (53060.7(b)(6))."""

    case_number_pattern = forms.CharField(max_length=400, required=False)
    try_case_number = forms.CharField(
        label="Try a case number",
        max_length=60,
        required=False,
        help_text="Checks the pattern as typed above against this case number; nothing is saved.",
    )

    def result(self) -> tuple[str, str]:
        """(kind, message): kind is "match", "no_match" or "bad_pattern"."""
        pattern = self.cleaned_data.get("case_number_pattern", "")
        candidate = self.cleaned_data.get("try_case_number", "")
        problem = case_pattern_problem(pattern)
        if problem:
            return "bad_pattern", problem
        if case_number_matches(pattern, candidate):
            return "match", f"{candidate!r} is a case number of this format."
        return "no_match", f"{candidate!r} does not match this format; a search with it is refused."


OTHER_CLASSIFICATION = "other"


def classification_choices(listed, exception_approver: str) -> list[tuple[str, str]]:
    """The agency's eligible classifications, then "Other", which leads to the exception path."""
    other = (
        f"Other (not on the list: needs an exception approved by the {exception_approver})"
        if exception_approver
        else "Other (not on the list: this agency allows no exception, so no access)"
    )
    return [
        ("", "Choose a classification"),
        *[(c, c) for c in listed],
        (OTHER_CLASSIFICATION, other),
    ]


class ClassificationChoiceMixin:
    """A job classification chosen from the agency's list (429.4), or "Other" typed out. A typed
    one that is on the list after all (case and spacing aside: accounts.rules.classification_key)
    is stored in the list's spelling, so the gate and the form agree."""

    classification_field = "job_classification"

    def _setup_classification(self, listed, exception_approver: str) -> None:
        self.listed_classifications = list(listed)
        field = self.fields[self.classification_field]
        field.choices = classification_choices(self.listed_classifications, exception_approver)
        other = self.fields["other_classification"]
        other.help_text = 'Only with "Other": the classification as the person\'s record has it.'

    def _clean_classification(self, cleaned: dict) -> dict:
        chosen = cleaned.get(self.classification_field)
        typed = " ".join(cleaned.pop("other_classification", "").split())
        if chosen == OTHER_CLASSIFICATION:
            if not typed:
                self.add_error("other_classification", 'Type the classification for "Other".')
                return cleaned
            cleaned[self.classification_field] = (
                classification_listed(typed, self.listed_classifications) or typed
            )
        return cleaned


def _initial_classification(value: str, listed) -> dict:
    """Initial values that show `value` as chosen, or as "Other" with the value typed."""
    if not value:
        return {}
    spelled = classification_listed(value, listed)
    if spelled:
        return {"classification": spelled}
    return {"classification": OTHER_CLASSIFICATION, "other_classification": value}


class AccessRequestForm(ClassificationChoiceMixin, forms.Form):
    division = forms.ModelChoiceField(queryset=None, empty_label=None)
    username = forms.CharField(max_length=150)
    first_name = forms.CharField(max_length=150)
    last_name = forms.CharField(max_length=150)
    email = forms.EmailField()
    job_classification = forms.ChoiceField(label="Job classification")
    other_classification = forms.CharField(
        max_length=120, required=False, label="Other classification"
    )
    rank_title = forms.CharField(max_length=120, required=False, label="Rank or title")
    reason = forms.CharField(
        label="Documented need",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="The specific, identifiable need for access in this person's duties "
        "(53060.7(b)(3), 429.4). Required.",
    )

    def __init__(self, *args, divisions=None, classifications=(), exception_approver="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["division"].queryset = divisions
        self._setup_classification(classifications, exception_approver)
        self.fields[
            "job_classification"
        ].help_text = "The agency's classifications that may use ALPR data (429.4)."

    def clean(self):
        return self._clean_classification(super().clean())


class ReasonForm(forms.Form):
    reason = forms.CharField(label="Why access ends", widget=forms.Textarea(attrs={"rows": 2}))


class SeparationForm(forms.Form):
    reason = forms.CharField(
        label="Reason for separation",
        max_length=500,
        help_text="E.g. retired, transferred to another agency. Kept on the governance record.",
    )


class ClassificationForm(ClassificationChoiceMixin, forms.Form):
    classification_field = "classification"

    classification = forms.ChoiceField(label="New job classification")
    other_classification = forms.CharField(
        max_length=120, required=False, label="Other classification"
    )
    reason = forms.CharField(required=False, max_length=500, label="Reason for the change")

    def __init__(self, *args, classifications=(), exception_approver="", current="", **kwargs):
        if current and "initial" not in kwargs:
            kwargs["initial"] = _initial_classification(current, classifications)
        super().__init__(*args, **kwargs)
        self._setup_classification(classifications, exception_approver)
        self.fields[
            "classification"
        ].help_text = (
            'A classification off the list ends access at once; "Other" then needs an exception.'
        )

    def clean(self):
        return self._clean_classification(super().clean())


class ExceptionForm(forms.Form):
    approver_name = forms.CharField(max_length=200)
    approver_title = forms.CharField(max_length=120)
    approved_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}))
    document = forms.FileField(
        label="Signed approval (PDF, PNG or JPEG, up to 10 MB)",
        help_text="Kept with the record (53060.7(a)(2)).",
    )


class ScanForm(forms.Form):
    scan = forms.FileField(label="Signed form (PDF, PNG or JPEG, up to 10 MB)")
    signed_on = forms.DateField(
        label="Date signed",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="As written on the form by the person; not in the future, not before the "
        "version in force was published.",
    )


class DesignateForm(forms.Form):
    role = forms.ChoiceField(
        choices=[
            ("division_admin_primary", "Primary Division Administrator"),
            ("division_admin_secondary", "Secondary Division Administrator"),
        ]
    )


class AgreementSignForm(forms.Form):
    typed_name = forms.CharField(max_length=200, label="Type your full name")
    # The same statement is printed on the paper form (accounts.agreement_form).
    accepted = forms.BooleanField(label=ACCEPTANCE)
    version = forms.IntegerField(widget=forms.HiddenInput)


class AgreementPublishForm(forms.Form):
    """A new version of the agreement; the version in force repeated (whitespace aside) is refused
    here, before anyone is asked to confirm, and again by the service under its lock."""

    title = forms.CharField(max_length=200)
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 16}))

    def __init__(self, *args, current=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.current = current

    def clean(self):
        from accounts.services.agreements import refuse_unchanged_agreement

        cleaned = super().clean()
        if self.current is not None and "title" in cleaned and "text" in cleaned:
            refuse_unchanged_agreement(self.current, title=cleaned["title"], text=cleaned["text"])
        return cleaned


class ReapprovalNoteForm(forms.Form):
    note = forms.CharField(
        required=False,
        max_length=500,
        label="Note on the re-approval",
        help_text="Kept with the review on the governance record.",
    )


class ReapprovalDecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        coerce=lambda v: v == "1", choices=[("1", "Approve"), ("0", "Revoke")]
    )
    note = forms.CharField(required=False, max_length=500)

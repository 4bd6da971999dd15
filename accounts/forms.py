from django import forms


class SignInForm(forms.Form):
    username = forms.CharField(
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
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

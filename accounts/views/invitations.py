"""Getting people in (issue 11): the one-time link that sets a password, and "forgot password?".
Both are public by design (accounts.middleware.PUBLIC_URL_NAMES)."""

from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from accounts import services
from accounts.forms import PasswordChooseForm, PasswordForgotForm
from alpr_governance.client import client_address
from alpr_governance.forms import add_service_errors

FORGOT_ANSWER = (
    "If that names an account that may sign in, a link to choose a new password is on its way "
    "to the account's e-mail address. It works once, for two hours."
)


def _link_base(request) -> str:
    return request.build_absolute_uri("/")


@never_cache
def password_forgot(request):
    """The same answer whether or not the account exists; the address limit of sign-in applies."""
    form = PasswordForgotForm(request.POST or None)
    answered = False
    if request.method == "POST" and form.is_valid():
        try:
            services.password_forgot(
                identifier=form.cleaned_data["identifier"],
                link_base=_link_base(request),
                ip_address=client_address(request),
            )
        except services.SignInRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            answered = True
            form = PasswordForgotForm()
    return render(
        request,
        "accounts/password_forgot.html",
        {"form": form, "answer": FORGOT_ANSWER if answered else ""},
    )


def _broken(request):
    return render(request, "accounts/account_link.html", {"broken": True}, status=404)


@never_cache
def account_link(request, token: str):
    """Choose a password through an invitation or reset link, then on to the second factor."""
    link = services.account_link_check(token=token)
    # Someone signed in as another person learns nothing from a link: it answers as a missing
    # one does (tests/test_isolation.py), and they cannot switch accounts through it.
    if link is None or (request.user.is_authenticated and request.user.pk != link.user_id):
        return _broken(request)
    form = PasswordChooseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.account_link_use(
                token=token,
                password=form.cleaned_data["password"],
                password_again=form.cleaned_data["password_again"],
                ip_address=client_address(request),
            )
        except services.SignInRefused:
            return _broken(request)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            if services.totp_device_for(user) is None:
                return redirect("accounts:otp_enrol")
            return redirect("accounts:otp_verify")
    return render(
        request,
        "accounts/account_link.html",
        {"form": form, "person": link.user, "purpose": link.get_purpose_display()},
    )

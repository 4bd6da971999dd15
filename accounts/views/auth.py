"""Browser views of accounts: sign-in, second factor, home, security log, scheduled jobs."""

import io

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from accounts import permissions, selectors, services, work_queue
from accounts.case_numbers import case_number_samples
from accounts.decorators import administrative_role_required
from accounts.forms import (
    AllowedNetworksForm,
    CaseNumberTryForm,
    DivisionSettingsForm,
    EnrolmentCodeForm,
    OtpCodeForm,
    SignInForm,
)
from accounts.services.onboarding import onboarding_for
from accounts.services.tenancy import DIVISION_SETTINGS_FIELDS
from alpr_governance.client import client_address
from alpr_governance.confirm import confirmation_page, confirmed
from alpr_governance.forms import add_service_errors

SESSION_NEXT = "after_sign_in"
SESSION_BACKUP_CODES = "fresh_backup_codes"


def _safe_next(request, candidate: str | None) -> str | None:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return None


def health(request):
    """Liveness for the proxy and the deployment: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def sign_in(request):
    if request.user.is_authenticated and request.user.is_verified():
        return redirect("accounts:home")
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.password_check(
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
                ip_address=client_address(request),
            )
        except services.SignInRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            next_url = _safe_next(request, request.GET.get("next"))
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            if next_url:
                request.session[SESSION_NEXT] = next_url
            if services.totp_device_for(user) is None:
                return redirect("accounts:otp_enrol")
            return redirect("accounts:otp_verify")
    return render(request, "accounts/sign_in.html", {"form": form})


def _finish_sign_in(request):
    return redirect(request.session.pop(SESSION_NEXT, None) or "accounts:home")


@login_required
def otp_verify(request):
    if request.user.is_verified():
        return redirect("accounts:home")
    if services.totp_device_for(request.user) is None:
        return redirect("accounts:otp_enrol")
    form = OtpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = services.second_factor_verify(
                user=request.user,
                code=form.cleaned_data["code"],
                ip_address=client_address(request),
            )
        except services.SignInRefused as refusal:
            if refusal.code == "account_locked":
                logout(request)
                messages.error(request, refusal.message)
                return redirect("accounts:login")
            form.add_error("code", refusal.message)
        else:
            otp_login(request, device)
            return _finish_sign_in(request)
    return render(request, "accounts/otp_verify.html", {"form": form})


def _qr_svg(uri: str) -> str:
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode()


@login_required
def otp_enrol(request):
    """First sign-in: add the authenticator (QR code or typed secret), confirm with a code."""
    if services.totp_device_for(request.user) is not None:
        return redirect("accounts:home" if request.user.is_verified() else "accounts:otp_verify")
    device = services.totp_enrolment_start(user=request.user)
    form = EnrolmentCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.totp_enrolment_confirm(
                user=request.user,
                code=form.cleaned_data["code"],
                ip_address=client_address(request),
            )
        except services.SignInRefused as refusal:
            form.add_error("code", refusal.message)
        else:
            device.refresh_from_db()
            otp_login(request, device)
            request.session[SESSION_BACKUP_CODES] = codes
            return redirect("accounts:backup_codes")
    secret = _base32_secret(device)
    return render(
        request,
        "accounts/otp_enrol.html",
        {"form": form, "qr_svg": _qr_svg(device.config_url), "secret": secret},
    )


def _base32_secret(device) -> str:
    import base64

    raw = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def backup_codes_impact(unused: int) -> list[str]:
    """ "Your 10 current codes (7 unused) will stop working." Codes are made
    OTP_BACKUP_CODE_COUNT at a time, and a used one is deleted."""
    made = settings.OTP_BACKUP_CODE_COUNT
    left = f"{unused} unused" if unused else "none unused"
    return [
        f"Your {made} current code{pluralize(made)} ({left}) will stop working.",
        f"{made} new code{pluralize(made)} will be shown once, on the next page; keep them "
        "somewhere safe.",
    ]


@login_required
def backup_codes(request):
    """Show freshly generated backup codes once; afterwards they can only be regenerated, after
    a confirmation that says how many current codes stop working."""
    if request.method == "POST" and request.user.is_verified():
        unused = selectors.backup_codes_unused_for(user=request.user)
        if unused is not None and not confirmed(request):
            return confirmation_page(
                request,
                title="Make new backup codes?",
                impact=backup_codes_impact(unused),
                confirm_label="Make new backup codes",
                cancel_url=reverse("accounts:backup_codes"),
            )
        request.session[SESSION_BACKUP_CODES] = services.backup_codes_regenerate(user=request.user)
        return redirect("accounts:backup_codes")
    codes = request.session.pop(SESSION_BACKUP_CODES, None)
    return render(
        request,
        "accounts/backup_codes.html",
        # Right after enrolment, a new person also sees what comes next (issue 11).
        {"codes": codes, "onboarding": onboarding_for(request.user) if codes else None},
    )


@require_POST
def sign_out(request):
    if request.user.is_authenticated:
        services.security_event_record(
            kind="signed_out", user=request.user, ip_address=client_address(request)
        )
    logout(request)
    messages.info(request, "You are signed out.")
    return redirect("accounts:login")


def sign_out_impact(impact: selectors.SignOutImpact) -> list[str]:
    """ "You will be signed out of 3 sessions (including this one) and your 2 API tokens will be
    revoked." """
    if impact.sessions == 1:
        sessions = "1 session (this one)"
    else:
        sessions = f"{impact.sessions} sessions (including this one)"
    if impact.api_tokens == 1:
        tokens = "your 1 API token will be revoked"
    elif impact.api_tokens:
        tokens = f"your {impact.api_tokens} API tokens will be revoked"
    else:
        tokens = "you have no API token to revoke"
    return [
        f"You will be signed out of {sessions} and {tokens}.",
        "Sign in again, with your authenticator, on each device you keep using.",
    ]


@require_POST
@login_required
def sign_out_everywhere(request):
    """End every session and API token of the user, after a confirmation that counts them."""
    if not confirmed(request):
        return confirmation_page(
            request,
            title="Sign out everywhere?",
            impact=sign_out_impact(selectors.sign_out_impact_for(user=request.user)),
            confirm_label="Sign out everywhere and revoke my API tokens",
            cancel_url=reverse("accounts:home"),
        )
    services.sign_out_everywhere(user=request.user, ip_address=client_address(request))
    logout(request)
    messages.info(request, "You are signed out on every device, and your API tokens are revoked.")
    return redirect("accounts:login")


@login_required
def home(request):
    return render(request, "accounts/home.html", home_context(request))


def home_context(request) -> dict:
    """The home page: who the user is, what the access gate says about them now and, for an
    administrator, the work that waits for them (accounts.work_queue)."""
    return {
        "decision": services.check_access(request.user, request),
        "queue": work_queue.work_queue_for(user=request.user),
    }


@require_POST
@login_required
def account_unlock(request, pk: int):
    account = selectors.user_get_for_admin(user=request.user, pk=pk)
    services.account_unlock(actor=request.user, account=account)
    messages.success(request, f"{account.username} is unlocked.")
    return redirect("accounts:security_log")


@administrative_role_required
def agency_settings(request):
    """The agency's policy profile; its administrator may change the allowed networks."""
    agency = request.user.agency
    can_edit = permissions.is_agency_admin(request.user)
    initial = {"allowed_networks": "\n".join(agency.allowed_networks)}
    form = AllowedNetworksForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            services.agency_settings_update(
                actor=request.user,
                agency=agency,
                allowed_networks=form.cleaned_data["allowed_networks"],
                client_address=client_address(request),
            )
            messages.success(request, "Allowed networks saved.")
            return redirect("accounts:agency_settings")
    divisions = selectors.division_list_for(user=request.user).order_by("code")
    return render(
        request,
        "accounts/agency_settings.html",
        {"agency": agency, "form": form, "can_edit": can_edit, "divisions": divisions},
    )


@administrative_role_required
def division_settings(request, pk: int):
    """A division's case-number format and hiring authority. "Try" checks a case number against
    the pattern as typed, without saving (53060.7(b)(6))."""
    division = selectors.division_get_for(user=request.user, pk=pk)
    if not permissions.is_agency_admin(request.user):
        raise PermissionDenied
    initial = {name: getattr(division, name) for name in DIVISION_SETTINGS_FIELDS}
    trial = None
    if request.method == "POST" and request.POST.get("action") == "try":
        try_form = CaseNumberTryForm(request.POST)
        trial = try_form.result() if try_form.is_valid() else ("no_match", "Too long to try.")
        form = DivisionSettingsForm(initial={**initial, **request.POST.dict()})
    else:
        form = DivisionSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and trial is None and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in DIVISION_SETTINGS_FIELDS}
        try:
            services.division_settings_update(
                actor=request.user,
                division=division,
                reason=form.cleaned_data["reason"],
                client_address=client_address(request),
                **changes,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{division.name}: settings saved.")
            return redirect("accounts:agency_settings")
    try_value = request.POST.get("try_case_number", "") if trial else ""
    # Examples judged by the pattern as typed (or as saved): what it accepts, what it refuses.
    pattern = request.POST.get("case_number_pattern", division.case_number_pattern)
    example = request.POST.get("case_number_example", division.case_number_example)
    accepted, refused = case_number_samples(pattern[:400], example[:60])
    return render(
        request,
        "accounts/division_settings.html",
        {
            "division": division,
            "form": form,
            "trial": trial,
            "try_value": try_value,
            "accepted": accepted,
            "refused": refused,
        },
    )

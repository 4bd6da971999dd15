"""Request-wide security: the content security policy, idle timeout, mandatory second factor."""

import time
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect, resolve_url
from django.urls import Resolver404, resolve

from accounts.models import SecurityEvent
from alpr_governance.client import client_address

# URL names reachable without a verified second factor. Everything else (but the API, which
# authenticates by token or camera secret on its own) needs one; tests/accounts walk the URLconf.
# The invitation/reset link and "forgot password?" are for people who cannot sign in yet.
PUBLIC_URL_NAMES = frozenset(
    {"accounts:login", "accounts:password_forgot", "accounts:account_link", "health"}
)
HALF_SIGNED_IN_URL_NAMES = frozenset(
    {"accounts:otp_verify", "accounts:otp_enrol", "accounts:backup_codes", "accounts:logout"}
)
SELF_AUTHENTICATING_PREFIXES = ("/api/", "/static/")

SESSION_LAST_SEEN = "last_seen"
SESSION_EPOCH = "session_epoch"


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        return response


class IdleTimeoutMiddleware:
    """End a session idle past SESSION_IDLE_TIMEOUT_SECONDS, or signed out everywhere."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and hasattr(request, "session"):
            now = int(time.time())
            last_seen = request.session.get(SESSION_LAST_SEEN, now)
            epoch = request.session.get(SESSION_EPOCH, user.session_epoch)
            if now - last_seen > settings.SESSION_IDLE_TIMEOUT_SECONDS:
                from accounts.services import security_event_record

                security_event_record(
                    kind=SecurityEvent.Kind.SESSION_IDLE_EXPIRED,
                    user=user,
                    ip_address=client_address(request),
                )
                logout(request)
                messages.info(request, "You were signed out after 30 minutes without activity.")
                return redirect(settings.LOGIN_URL)
            if epoch != user.session_epoch:
                logout(request)
                messages.info(request, "You were signed out from every device.")
                return redirect(settings.LOGIN_URL)
            request.session[SESSION_LAST_SEEN] = now
            request.session[SESSION_EPOCH] = user.session_epoch
        return self.get_response(request)


class RequireSecondFactorMiddleware:
    """No page but sign-in, enrolment and public ones without a verified second factor."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(SELF_AUTHENTICATING_PREFIXES):
            return self.get_response(request)
        try:
            url_name = resolve(request.path_info).view_name
        except Resolver404:
            url_name = None
        if url_name in PUBLIC_URL_NAMES:
            return self.get_response(request)
        user = request.user
        if not user.is_authenticated:
            if url_name is None:
                return self.get_response(request)  # a plain 404, revealing nothing
            return redirect(
                f"{resolve_url(settings.LOGIN_URL)}?next={quote(request.get_full_path())}"
            )
        if user.is_verified() or url_name in HALF_SIGNED_IN_URL_NAMES:
            return self.get_response(request)
        from accounts.services import totp_device_for

        if totp_device_for(user) is None:
            return redirect("accounts:otp_enrol")
        return redirect("accounts:otp_verify")

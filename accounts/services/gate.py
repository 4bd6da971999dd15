"""The one entry every ALPR-data route passes (DESIGN.md section 4): search, read detail, photo,
legal hold, held reads, export.

`gate_enter` runs the access gate (`check_access`), records what it decided and returns the
decision. A refusal is a security event `ACCESS_REFUSED` with its codes (and, for a search
attempt, an access-record row: the route's `on_refusal` hook writes it). A pass stamps the
person's last ALPR access, which the inactivity job reads (53060.5(c)(2)(D)): without it every
account would be suspended on its grant's anniversary, used or not.

Routes use it through `alpr_gate` (a view decorator) or `AlprGate` (a DRF permission); both mark
the view so tests/accounts/test_gate_walk.py can tell a gated route from one that forgot.
Routes that show no ALPR data but live beside those that do say so with `gate_exempt(reason)`.
"""

from collections.abc import Callable
from datetime import datetime, timedelta
from functools import wraps

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from rest_framework.permissions import BasePermission

from accounts.models import SecurityEvent, User
from accounts.services.access import AccessDecision, check_access
from accounts.services.auth import security_event_record
from alpr_governance.api_errors import ApiError, ApiRefusal
from alpr_governance.client import client_address

GATE_ATTRIBUTE = "alpr_gated"
EXEMPT_ATTRIBUTE = "alpr_gate_exempt"
DECISION_ATTRIBUTE = "alpr_gate_decision"

LAST_ACCESS_GRANULARITY = timedelta(minutes=1)

RefusalHook = Callable[[object, AccessDecision], None]


def gate_enter(*, user: User, request, route: str, now: datetime | None = None) -> AccessDecision:
    """Run the access gate for one request to an ALPR-data route and record the outcome:
    a refusal as ACCESS_REFUSED with its codes, a pass as the person's last ALPR access
    (53060.5(c)(2)(D), 429.4). One check, then one write (INSERT or UPDATE)."""
    now = now or timezone.now()
    decision = check_access(user, request, now=now)
    if not decision.allowed:
        known = user is not None and user.is_authenticated and user.pk is not None
        security_event_record(
            kind=SecurityEvent.Kind.ACCESS_REFUSED,
            user=user if known else None,
            ip_address=client_address(request),
            route=route,
            codes=decision.codes,
        )
        return decision
    # Inactivity is counted in months: a stamp less than a minute old is kept, which spares a
    # write on every request of a busy session. Otherwise one UPDATE, no read-modify-write.
    last = user.last_alpr_access_at
    if last is None or not (now - LAST_ACCESS_GRANULARITY <= last <= now):
        User.objects.filter(pk=user.pk).update(last_alpr_access_at=now)
        user.last_alpr_access_at = now
    return decision


def _route_name(request) -> str:
    match = getattr(request, "resolver_match", None)
    return (match.view_name if match else None) or request.path


def refusal_errors(decision: AccessDecision) -> list[ApiError]:
    """The gate's reasons in the API's one error shape."""
    return [
        ApiError(code=reason.code, message=f"{reason.message} {reason.action}".strip())
        for reason in decision.reasons
    ]


def alpr_gate(view=None, *, on_refusal: RefusalHook | None = None):
    """Decorate a browser view that shows or acts on ALPR data. A refusal answers 403 with each
    reason and what to do about it; `on_refusal(request, decision)` records more (a search
    attempt's access record) before that answer."""

    def decorate(function):
        @wraps(function)
        def wrapped(request, *args, **kwargs):
            decision = gate_enter(user=request.user, request=request, route=_route_name(request))
            setattr(request, DECISION_ATTRIBUTE, decision)
            if not decision.allowed:
                if on_refusal is not None:
                    on_refusal(request, decision)
                body = render_to_string(
                    "accounts/gate_refused.html", {"decision": decision}, request=request
                )
                return HttpResponse(body, status=403)
            return function(request, *args, **kwargs)

        setattr(wrapped, GATE_ATTRIBUTE, True)
        return wrapped

    return decorate(view) if view is not None else decorate


class AlprGate(BasePermission):
    """DRF permission for API views that show or act on ALPR data. A refusal answers 403 with
    the gate's codes; a view's `on_gate_refusal(request, decision)` records more first."""

    def has_permission(self, request, view) -> bool:
        decision = gate_enter(user=request.user, request=request, route=_route_name(request))
        setattr(request, DECISION_ATTRIBUTE, decision)
        if decision.allowed:
            return True
        hook = getattr(view, "on_gate_refusal", None)
        if hook is not None:
            hook(request, decision)
        raise ApiRefusal(refusal_errors(decision), status_code=403)


def gate_exempt(reason: str):
    """Mark a view that lives among ALPR-data routes but shows no reads (e.g. the live purpose
    check): the gate walk accepts it, and the reason is there for the reviewer."""
    if not reason.strip():
        raise ValueError("Say why the route needs no gate.")

    def decorate(view):
        setattr(view, EXEMPT_ATTRIBUTE, reason)
        return view

    return decorate


def is_gated(view) -> bool:
    """Whether a URL pattern's callback passes the gate (decorator or DRF permission)."""
    if getattr(view, GATE_ATTRIBUTE, False):
        return True
    view_class = getattr(view, "cls", None) or getattr(view, "view_class", None)
    permissions = getattr(view_class, "permission_classes", ()) or ()
    return any(isinstance(p, type) and issubclass(p, AlprGate) for p in permissions)


def gate_exemption(view) -> str | None:
    view_class = getattr(view, "cls", None) or getattr(view, "view_class", None)
    return getattr(view, EXEMPT_ATTRIBUTE, None) or getattr(view_class, EXEMPT_ATTRIBUTE, None)

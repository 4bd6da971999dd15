"""Logs administrators and auditors review: the governance record, security events, scheduled jobs."""

from django.core.paginator import Paginator
from django.shortcuts import render

from accounts import selectors
from accounts.decorators import administrative_role_required


@administrative_role_required
def provisioning_log(request):
    """The governance log: every administrative act the user may review, before and after."""
    records = selectors.governance_record_list_for(user=request.user)
    page = Paginator(records, 50).get_page(request.GET.get("page"))
    earlier = selectors.provisioning_event_list_for(user=request.user)[:200]
    return render(
        request, "accounts/provisioning/log.html", {"page": page, "earlier_events": earlier}
    )


@administrative_role_required
def security_log(request):
    events = selectors.security_event_list_for(user=request.user)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    locked = [u for u in selectors.user_list_for_admin(user=request.user) if u.is_locked()]
    return render(request, "accounts/security_log.html", {"page": page, "locked_users": locked})


@administrative_role_required
def jobruns(request):
    runs = selectors.jobrun_list_for(user=request.user)
    page = Paginator(runs, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/jobruns.html", {"page": page})

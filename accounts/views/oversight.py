"""Read-only pages for auditors and other oversight roles: people with their standing, the
agency's cameras, its legal holds (metadata only). No forms: oversight reads, it never acts. Each
page reads through a selector scoped to what the reader may audit."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts import selectors
from accounts.decorators import administrative_role_required, agency_oversight_required
from accounts.services.access import access_standing
from camera_ingest import selectors as camera_selectors

PAGE_SIZE = 50


def _page(request, rows):
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))


@require_GET
@administrative_role_required
def oversight_people(request):
    """The people of the divisions the reader audits or administers: role, status, second
    factor, and whether the gate would let them reach ALPR data, with its reasons in words."""
    page = _page(request, selectors.people_oversight_list_for(user=request.user))
    people = list(page)
    enrolled = selectors.second_factor_enrolled_among(user=request.user, people=people)
    now = timezone.now()
    rows = [
        {
            "person": person,
            "standing": access_standing(person, now=now),
            "second_factor": person.pk in enrolled,
        }
        for person in people
    ]
    return render(request, "accounts/oversight/people.html", {"page": page, "rows": rows})


@require_GET
@agency_oversight_required
def oversight_cameras(request):
    """The agency's cameras: name, kind, state, when each last posted. No secret, no payload."""
    page = _page(request, camera_selectors.camera_oversight_list_for(user=request.user))
    return render(request, "accounts/oversight/cameras.html", {"page": page})


@require_GET
@agency_oversight_required
def oversight_holds(request):
    """The agency's legal holds: case, reason, who, window, state. Never a plate or a read."""
    page = _page(request, camera_selectors.legal_hold_oversight_list_for(user=request.user))
    return render(request, "accounts/oversight/holds.html", {"page": page})

"""A confirmation before anything irreversible or agency-wide: a page that states the impact.

The act's form posts to its own URL. Without `confirmed=1` the view answers with
`confirmation_page(...)`, which says what will happen ("9 people will lose access until they
sign version 3") and re-posts the same fields with `confirmed=1`; Cancel leaves without effect.
Acts that end an account also ask for the account's username to be typed (`typed=`).
"""

from django.http import HttpResponse
from django.shortcuts import render

CONFIRMED_FIELD = "confirmed"
TYPED_FIELD = "typed_confirmation"
_NOT_CARRIED = {"csrfmiddlewaretoken", CONFIRMED_FIELD, TYPED_FIELD}


def confirmed(request, *, typed: str | None = None) -> bool:
    """True when the POST carries the confirmation and, when asked for, the exact typed text."""
    if request.method != "POST" or request.POST.get(CONFIRMED_FIELD) != "1":
        return False
    if typed is not None:
        return request.POST.get(TYPED_FIELD, "").strip() == typed
    return True


def confirmation_page(
    request,
    *,
    title: str,
    impact: list[str],
    confirm_label: str,
    cancel_url: str,
    action_url: str | None = None,
    typed: str | None = None,
    danger: bool = True,
) -> HttpResponse:
    """The page that asks. Fields of the first post (a reason, a choice) are carried over, so
    confirming sends exactly what was asked; files are not, so an act with a file confirms first."""
    typed_wrong = typed is not None and request.POST.get(CONFIRMED_FIELD) == "1"
    carried = [
        (name, value)
        for name, values in request.POST.lists()
        if name not in _NOT_CARRIED
        for value in values
    ]
    return render(
        request,
        "confirm.html",
        {
            "title": title,
            "impact": impact,
            "confirm_label": confirm_label,
            "cancel_url": cancel_url,
            "action_url": action_url or request.path,
            "typed": typed,
            "typed_wrong": typed_wrong,
            "danger": danger,
            "carried": carried,
            "confirmed_field": CONFIRMED_FIELD,
            "typed_field": TYPED_FIELD,
        },
        status=400 if typed_wrong else 200,
    )

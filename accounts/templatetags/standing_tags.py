"""`{% standing_path person as path %}`: the way back to ALPR access (accounts.standing), for
templates included by views that do not compute it themselves (the person's home, the gate's
refusal page)."""

from django import template

from accounts.standing import standing_path as _standing_path

register = template.Library()


@register.simple_tag
def standing_path(person):
    if person is None or not getattr(person, "is_authenticated", False) or not person.agency_id:
        return None
    return _standing_path(person)


@register.simple_tag
def explained_reasons(path, decision):
    """The gate's reasons in `decision`, each with the line of `path` that says why, if any."""
    if path is None:
        return [(reason, "") for reason in decision.reasons]
    return path.explain(decision.reasons)

"""The main navigation, with the work counts (`nav_counts`, {url name: n}) beside its entries.

The groups come from `accounts.context_processors.navigation`; the counts from another context
processor (the work queue's), which the navigation cannot see, so they meet here, in the page.
"""

from django import template

register = template.Library()


@register.inclusion_tag("_nav.html", takes_context=True)
def main_navigation(context) -> dict:
    counts = context.get("nav_counts") or {}
    groups = []
    for group in context.get("nav_groups") or []:
        entries = [(entry, max(int(counts.get(entry.url_name, 0)), 0)) for entry in group.entries]
        groups.append(
            {
                "group": group,
                "entries": entries,
                "count": sum(count for _, count in entries),
            }
        )
    return {"groups": groups}


@register.simple_tag(takes_context=True)
def nav_waiting_total(context) -> int:
    """All the work waiting in the person's menu: shown on the phone's Menu button, folded."""
    counts = context.get("nav_counts") or {}
    shown = {entry.url_name for group in context.get("nav_groups") or [] for entry in group.entries}
    return sum(max(int(n), 0) for name, n in counts.items() if name in shown)

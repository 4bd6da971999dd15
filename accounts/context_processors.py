"""Navigation by role: one list, so every page shows the same menu for the same person."""

from django.urls import reverse

from accounts import permissions
from accounts.models import Role


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_verified():
        return {"nav_items": []}
    items = [("Home", reverse("accounts:home"))]
    for entry in NAV_ENTRIES:
        if user.role in entry["roles"]:
            items.append((entry["label"], reverse(entry["url"])))
    return {"nav_items": items}


_ADMINS = permissions.PEOPLE_ADMIN_ROLES
_OVERSIGHT = permissions.ADMINISTRATIVE_ROLES
# Administrators search too (CDCR 53060.5(c)(3)(A): with a purpose, "system support").
_SEARCHERS = (Role.END_USER, *permissions.PEOPLE_ADMIN_ROLES)

# Apps add their pages here: label, URL name, roles that see it.
NAV_ENTRIES: list[dict] = [
    {"label": "Search", "url": "queries:search", "roles": _SEARCHERS},
    {"label": "My searches", "url": "queries:history", "roles": _SEARCHERS},
    {"label": "Misreads", "url": "queries:misread_list", "roles": _SEARCHERS},
    {"label": "Agreement", "url": "accounts:agreement", "roles": permissions.ALL_ROLES},
    {"label": "Training", "url": "training:my_training", "roles": permissions.ALL_ROLES},
    {"label": "Provisioning", "url": "accounts:provisioning", "roles": _ADMINS},
    {"label": "Division training", "url": "training:division_training", "roles": _ADMINS},
    {"label": "Re-approvals", "url": "accounts:reapprovals", "roles": _ADMINS},
    {
        "label": "Governance log",
        "url": "accounts:provisioning_log",
        "roles": _OVERSIGHT,
    },
    {"label": "Agency", "url": "accounts:agency_settings", "roles": _OVERSIGHT},
    {"label": "Courses", "url": "training:course_list", "roles": (Role.AGENCY_ADMIN,)},
    {"label": "Cameras", "url": "camera_ingest:camera_list", "roles": (Role.AGENCY_ADMIN,)},
    {"label": "Legal holds", "url": "camera_ingest:hold_list", "roles": (Role.AGENCY_ADMIN,)},
    {"label": "Security log", "url": "accounts:security_log", "roles": _OVERSIGHT},
    {"label": "Scheduled jobs", "url": "accounts:jobruns", "roles": _OVERSIGHT},
    {"label": "Sharing", "url": "sharing:ledger", "roles": _OVERSIGHT},
    {
        "label": "Audits",
        "url": "audits:cycle_list",
        "roles": (*_ADMINS, Role.AUDITOR, Role.HIRING_AUTHORITY),
    },
]


def work_counts(request) -> dict:
    """How much work waits for a signed-in administrator, keyed by the URL name of the page where
    it is done ({"accounts:provisioning": 2, ...}), for the navigation's badges. One query
    (accounts.work_queue.work_counts_for); nothing for anyone else, nor before the second factor."""
    from accounts.work_queue import work_counts_for

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_verified():
        return {"nav_counts": {}}
    if not permissions.is_people_admin(user):
        return {"nav_counts": {}}
    return {"nav_counts": work_counts_for(user=user).for_navigation()}

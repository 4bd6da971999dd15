"""Navigation by role: one list, so every page shows the same menu for the same person.

The menu is a handful of groups (Search · People · Training · Cameras · Logs · Agency). A
person sees a group only when at least one of its pages is open to their role; a group with a
single page is a plain link, so an end user sees Home, Search, My training and Agreement while
an agency administrator finds every page under seven headings.
"""

from dataclasses import dataclass, field

from django.urls import reverse

from accounts import permissions
from accounts.models import Role


@dataclass
class NavEntry:
    label: str
    url: str
    url_name: str
    current: bool = False  # the page shown is this one, or one of its sub-pages
    exact: bool = False  # the page shown is exactly this one


@dataclass
class NavGroup:
    label: str
    slug: str
    entries: list[NavEntry] = field(default_factory=list)

    @property
    def current(self) -> bool:
        return any(entry.current for entry in self.entries)

    @property
    def single(self) -> NavEntry | None:
        """The one page of a group that has one: shown as a plain link, not a menu."""
        return self.entries[0] if len(self.entries) == 1 else None


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_verified():
        return {"nav_groups": []}
    return {"nav_groups": nav_groups_for(user.role, request.path)}


def nav_groups_for(role: str, path: str) -> list[NavGroup]:
    """The groups and pages open to `role`, the one that holds `path` marked current.

    The current page is the entry whose address is the longest prefix of `path`, so a person's
    page (/provisioning/users/5/) highlights People and /provisioning/log/ the governance log."""
    groups = {slug: NavGroup(label=label, slug=slug) for slug, label in NAV_GROUPS}
    entries = [NavEntry(label="Home", url=reverse("accounts:home"), url_name="accounts:home")]
    groups["home"].entries.append(entries[0])
    for spec in NAV_ENTRIES:
        if role not in spec["roles"]:
            continue
        entry = NavEntry(label=spec["label"], url=reverse(spec["url"]), url_name=spec["url"])
        groups[spec["group"]].entries.append(entry)
        entries.append(entry)
    _mark_current(entries, path)
    return [group for group in groups.values() if group.entries]


def _mark_current(entries: list[NavEntry], path: str) -> None:
    def holds(entry: NavEntry) -> bool:
        if entry.url == "/":
            return path == "/"  # Home is a prefix of everything: only itself
        return path.startswith(entry.url)

    holders = [entry for entry in entries if holds(entry)]
    if holders:
        best = max(holders, key=lambda entry: len(entry.url))
        best.current = True
        best.exact = best.url == path


_ADMINS = permissions.PEOPLE_ADMIN_ROLES
_OVERSIGHT = permissions.ADMINISTRATIVE_ROLES
# Administrators search too (CDCR 53060.5(c)(3)(A): with a purpose, "system support").
_SEARCHERS = (Role.END_USER, *permissions.PEOPLE_ADMIN_ROLES)

# The menu's headings, in order (slug, label). "home" holds only Home, added for everyone.
NAV_GROUPS: tuple[tuple[str, str], ...] = (
    ("home", "Home"),
    ("search", "Search"),
    ("people", "People"),
    ("training", "Training"),
    ("cameras", "Cameras"),
    ("logs", "Logs"),
    ("agency", "Agency"),
)

# Apps add their pages here: label, URL name, roles that see it, group (a slug of NAV_GROUPS).
NAV_ENTRIES: list[dict] = [
    {"label": "Search", "url": "queries:search", "roles": _SEARCHERS, "group": "search"},
    {"label": "My searches", "url": "queries:history", "roles": _SEARCHERS, "group": "search"},
    {"label": "Misreads", "url": "queries:misread_list", "roles": _SEARCHERS, "group": "search"},
    {"label": "People", "url": "accounts:provisioning", "roles": _ADMINS, "group": "people"},
    {"label": "Re-approvals", "url": "accounts:reapprovals", "roles": _ADMINS, "group": "people"},
    {
        "label": "My training",
        "url": "training:my_training",
        "roles": permissions.ALL_ROLES,
        "group": "training",
    },
    {
        "label": "Division training",
        "url": "training:division_training",
        "roles": _ADMINS,
        "group": "training",
    },
    {
        "label": "Courses",
        "url": "training:course_list",
        "roles": (Role.AGENCY_ADMIN,),
        "group": "training",
    },
    {
        "label": "Cameras",
        "url": "camera_ingest:camera_list",
        "roles": (Role.AGENCY_ADMIN,),
        "group": "cameras",
    },
    {
        "label": "Legal holds",
        "url": "camera_ingest:hold_list",
        "roles": (Role.AGENCY_ADMIN,),
        "group": "cameras",
    },
    {
        "label": "Governance log",
        "url": "accounts:provisioning_log",
        "roles": _OVERSIGHT,
        "group": "logs",
    },
    {"label": "Security log", "url": "accounts:security_log", "roles": _OVERSIGHT, "group": "logs"},
    {"label": "Scheduled jobs", "url": "accounts:jobruns", "roles": _OVERSIGHT, "group": "logs"},
    # Read-only oversight for auditors: people's standing, cameras, legal holds.
    {
        "label": "People",
        "url": "accounts:oversight_people",
        "roles": (Role.AUDITOR,),
        "group": "people",
    },
    {
        "label": "Cameras",
        "url": "accounts:oversight_cameras",
        "roles": (Role.AUDITOR,),
        "group": "cameras",
    },
    {
        "label": "Legal holds",
        "url": "accounts:oversight_holds",
        "roles": (Role.AUDITOR,),
        "group": "cameras",
    },
    {
        "label": "Audits",
        "url": "audits:cycle_list",
        "roles": (*_ADMINS, Role.AUDITOR, Role.HIRING_AUTHORITY),
        "group": "logs",
    },
    {
        "label": "Agency settings",
        "url": "accounts:agency_settings",
        "roles": _OVERSIGHT,
        "group": "agency",
    },
    {
        "label": "Agreement",
        "url": "accounts:agreement",
        "roles": permissions.ALL_ROLES,
        "group": "agency",
    },
    {"label": "Sharing", "url": "sharing:ledger", "roles": _OVERSIGHT, "group": "agency"},
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

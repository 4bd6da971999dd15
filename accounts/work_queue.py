"""What needs an administrator now: the work queue of their home page and the counts beside the
navigation (issue 11).

Read-only, like every selector, and scoped the same way: the accounts a person administers come
from accounts.selectors.user_list_for_admin (accounts.permissions decides: a Division
Administrator the divisions they administer, the agency's administrator the agency). Nobody is
shown work on their own account, which someone else must do. The counts cost one query whatever
the number of items, because every page shows them.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Exists, IntegerField, OuterRef, QuerySet, Subquery
from django.utils import timezone

from accounts import permissions
from accounts.models import AccountStatus, ReapprovalItem, User
from accounts.selectors import reapproval_list_for_admin, user_list_for_admin

# How many items of each kind the home page lists; the count and a link give the rest.
LIST_LIMIT = 10

ACCESS_REQUESTS = "access_requests"
CERTIFICATES = "certificates"
LOCKED = "locked"
REAPPROVALS = "reapprovals"
EXPIRING = "expiring"
KINDS = (ACCESS_REQUESTS, CERTIFICATES, LOCKED, REAPPROVALS, EXPIRING)

# The page each kind of work is done on, for the counts beside the navigation. Expiring training
# is for information (the person retakes the course), so it has no badge.
NAV_URLS = {
    ACCESS_REQUESTS: "accounts:provisioning",
    CERTIFICATES: "training:division_training",
    LOCKED: "accounts:security_log",
    REAPPROVALS: "accounts:reapprovals",
}


# --- The items, one queryset per kind ---------------------------------------------------------


def _people(user) -> QuerySet[User]:
    """The accounts the user administers, less their own and separated ones (nothing to do)."""
    return (
        user_list_for_admin(user=user).exclude(pk=user.pk).exclude(status=AccountStatus.SEPARATED)
    )


def access_requests(user) -> QuerySet[User]:
    """People waiting for a grant."""
    return _people(user).filter(status=AccountStatus.PENDING, is_active=True)


def certificates_to_verify(user):
    """Submitted completions nobody has verified or rejected yet."""
    from training.selectors import record_list_for_admin

    return record_list_for_admin(user=user).filter(
        verified_at__isnull=True,
        rejected_at__isnull=True,
        user__in=_people(user).values("pk"),
    )


def locked_accounts(user, now: datetime) -> QuerySet[User]:
    """Accounts locked after failed sign-ins, until their lock runs out or someone unlocks them."""
    return _people(user).filter(locked_until__gt=now)


def reapprovals_due(user) -> QuerySet[ReapprovalItem]:
    """Open yearly reviews (opened 30 days before they fall due, 429.6)."""
    return reapproval_list_for_admin(user=user).filter(user__in=_people(user).values("pk"))


def training_expiring(user, today: date):
    """Verified completions of required courses that expire within the notice window
    (training.models.EXPIRY_NOTICE_DAYS) and that no later completion replaces, of active
    people."""
    from training.models import EXPIRY_NOTICE_DAYS, TrainingRecord
    from training.selectors import counting_records, record_list_for_admin

    later = TrainingRecord.objects.filter(
        user=OuterRef("user"),
        course=OuterRef("course"),
        verified_at__isnull=False,
        expires_on__gt=OuterRef("expires_on"),
    )
    return (
        counting_records(record_list_for_admin(user=user))
        .filter(
            user__in=_people(user).filter(status=AccountStatus.ACTIVE).values("pk"),
            expires_on__gte=today,
            expires_on__lte=today + timedelta(days=EXPIRY_NOTICE_DAYS),
        )
        .exclude(Exists(later))
    )


# --- Counts: one query -------------------------------------------------------------------------


class _Count(Subquery):
    """COUNT(*) of a queryset, as a scalar subquery (several counts in one round trip)."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) AS counted)"
    output_field = IntegerField()


@dataclass(frozen=True)
class WorkCounts:
    access_requests: int = 0
    certificates: int = 0
    locked: int = 0
    reapprovals: int = 0
    expiring: int = 0

    @property
    def total(self) -> int:
        return sum(getattr(self, kind) for kind in KINDS)

    def for_navigation(self) -> dict[str, int]:
        """{URL name: count} for the navigation's badges; Home carries the whole queue."""
        counts = {url: getattr(self, kind) for kind, url in NAV_URLS.items()}
        counts["accounts:home"] = self.total
        return counts


def _querysets(user, now: datetime) -> dict[str, QuerySet]:
    today = timezone.localdate(now)
    return {
        ACCESS_REQUESTS: access_requests(user),
        CERTIFICATES: certificates_to_verify(user),
        LOCKED: locked_accounts(user, now),
        REAPPROVALS: reapprovals_due(user),
        EXPIRING: training_expiring(user, today),
    }


def work_counts_for(*, user, now: datetime | None = None) -> WorkCounts:
    """How much of each kind of work waits for this administrator; zeros for anyone else."""
    if not permissions.is_people_admin(user):
        return WorkCounts()
    now = now or timezone.now()
    # Prefixed: "reapprovals" is also a relation of User.
    counts = {
        f"n_{kind}": _Count(queryset.order_by().values("pk"))
        for kind, queryset in _querysets(user, now).items()
    }
    row = User.objects.filter(pk=user.pk).annotate(**counts).values(*counts).first()
    if row is None:
        return WorkCounts()
    return WorkCounts(**{kind: row[f"n_{kind}"] for kind in KINDS})


# --- The queue of the home page ----------------------------------------------------------------


@dataclass(frozen=True)
class AccessRequest:
    person: User
    blockers: list[str]


def grant_blockers_about(person: User, *, now: datetime) -> list[str]:
    """What stands between the person and a grant: the grant's own checks
    (accounts.services.grant_blockers), in the words told to their administrator."""
    from accounts.services.people import grant_blockers

    return grant_blockers(person, now=now, about=True)


@dataclass
class WorkQueue:
    counts: WorkCounts
    now: datetime
    notice_days: int
    # Whether the administrator may act now; if not, why (their own standing's reasons).
    may_act: bool
    standing_reasons: tuple = ()
    access_requests: list[AccessRequest] = field(default_factory=list)
    certificates: list = field(default_factory=list)
    locked: list = field(default_factory=list)
    reapprovals: list = field(default_factory=list)
    expiring: list = field(default_factory=list)


def work_queue_for(*, user, now: datetime | None = None) -> WorkQueue | None:
    """The home page's queue: each kind of work with its count and its first items; None for
    anyone who administers nobody (they keep the plain home page)."""
    from accounts.services.access import STANDING_PREFETCH, access_standing
    from training.models import EXPIRY_NOTICE_DAYS

    if not permissions.is_people_admin(user):
        return None
    now = now or timezone.now()
    may_act = permissions.standing_allows_admin(user)
    reasons = () if may_act else access_standing(user, now=now).reasons
    items = _querysets(user, now)
    requests = (
        items[ACCESS_REQUESTS]
        .prefetch_related(*STANDING_PREFETCH)
        .order_by("date_joined", "pk")[:LIST_LIMIT]
    )
    return WorkQueue(
        counts=work_counts_for(user=user, now=now),
        now=now,
        notice_days=EXPIRY_NOTICE_DAYS,
        may_act=may_act,
        standing_reasons=reasons,
        access_requests=[AccessRequest(p, grant_blockers_about(p, now=now)) for p in requests],
        certificates=list(
            items[CERTIFICATES]
            .select_related("user__division")
            .order_by("submitted_at", "pk")[:LIST_LIMIT]
        ),
        locked=list(items[LOCKED].order_by("locked_until", "pk")[:LIST_LIMIT]),
        reapprovals=list(
            items[REAPPROVALS]
            .select_related("user__division")
            .order_by("due_at", "pk")[:LIST_LIMIT]
        ),
        expiring=list(
            items[EXPIRING]
            .select_related("user__division")
            .order_by("expires_on", "user__last_name", "pk")[:LIST_LIMIT]
        ),
    )

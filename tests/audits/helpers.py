"""Building audit states through the real services, for the tests."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from alpr_governance.appendonly import chain_append
from audits import services
from queries.models import SearchRequest

JUSTIFICATION = "Stolen vehicle reported at 5th and Main, suspect seen leaving in it"


def local(day, hour=10, minute=0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=timezone.get_current_timezone())


def access(user, *, at, **fields) -> SearchRequest:
    """One access record as the search service writes it (chained, append-only)."""
    division = user.division
    values = {
        "agency_id": user.agency_id,
        "division_id": user.division_id,
        "user_id": user.pk,
        "username": user.username,
        "kind": SearchRequest.Kind.SEARCH,
        "at": at,
        "case_number": division.case_number_example,
        "purpose_category": "criminal_investigation",
        "justification": JUSTIFICATION,
        "criteria": {
            "plate": "7ABC123",
            "start": (at - timedelta(days=3)).isoformat(),
            "end": at.isoformat(),
        },
        "client_address": "10.1.2.3",
        "outcome": SearchRequest.Outcome.RUN,
        "result_count": 2,
        "read_ids": [11, 12],
        "agency_counts": {str(user.agency_id): 2},
    }
    values.update(fields)
    return chain_append(SearchRequest, **values)


def period_days(days_ago_start=30, days_ago_end=0):
    today = timezone.localdate()
    return today - timedelta(days=days_ago_start), today - timedelta(days=days_ago_end)


def open_cycle(admin, *, start=None, end=None, division=None):
    default_start, default_end = period_days()
    return services.cycle_open(
        actor=admin,
        division=division or admin.division,
        period_start=start or default_start,
        period_end=end or default_end,
        directive="Hiring Authority's directive",
    )


def compiled(admin, cycle, run_after_commit):
    """Compile the cycle (Celery runs eagerly in the tests, after commit)."""
    with run_after_commit():
        services.cycle_compile_start(actor=admin, cycle=cycle)
    cycle.refresh_from_db()
    return cycle

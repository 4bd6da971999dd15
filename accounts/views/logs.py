"""Logs administrators and auditors review: the governance record, security events, scheduled
jobs. Each filters by person, act (event, job) and date range, pages keeping its filters, and
downloads the filtered rows as CSV; a download is recorded (accounts.services.logs)."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import number_format
from django.views.decorators.http import require_GET

from accounts import selectors, services, work_queue
from accounts.decorators import administrative_role_required
from accounts.log_filters import GovernanceLogFilterForm, JobRunFilterForm, SecurityLogFilterForm
from alpr_governance.client import client_address
from alpr_governance.csv_export import csv_attachment

PAGE_SIZE = 50
# A file is built in memory: past this many rows the reader narrows the filter instead.
CSV_MAX_ROWS = 50_000


def _too_many(form, count: int) -> None:
    form.add_error(
        None,
        f"{number_format(count, force_grouping=True)} rows match; a file holds at most "
        f"{number_format(CSV_MAX_ROWS, force_grouping=True)}. Narrow the dates or choose a "
        "person.",
    )


def _page(request, rows):
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))


def _export(request, *, form, rows, log: str, filename: str, header, row, page):
    """The filtered rows as CSV, recorded; bad filters or too many rows show the page again."""
    if form.errors:
        return page(status=400)
    count = rows.count()
    if count > CSV_MAX_ROWS:
        _too_many(form, count)
        return page(status=400)
    services.log_export_record(
        actor=request.user,
        log=log,
        filters=form.described(),
        rows=count,
        client_address=client_address(request),
    )
    return csv_attachment(filename, header, (row(item) for item in rows.iterator()))


# --- The governance record ---------------------------------------------------------------------

GOVERNANCE_COLUMNS = (
    "when",
    "act",
    "act_code",
    "concerning",
    "person",
    "division",
    "by",
    "reason",
    "changes",
    "from_address",
    "record_id",
    "row_hash",
)


def _governance_row(record) -> list:
    if record.attempted:
        changes = f"refused: {record.attempted}"
    else:
        changes = "; ".join(f"{name}: {before} → {after}" for name, before, after in record.changes)
    return [
        record.at,
        record.action_label,
        record.action,
        record.subject_label,
        record.subject_user.username if record.subject_user_id else "",
        record.division.code if record.division_id else "agency-wide",
        record.actor_username or "(scheduled job or set-up)",
        record.reason,
        changes,
        record.client_address,
        record.pk,
        record.row_hash,
    ]


def _governance(request):
    people = selectors.user_list_for(user=request.user)
    form = GovernanceLogFilterForm(request.GET, people=people)
    records = selectors.governance_record_list_for(user=request.user, filters=form.filters())
    return form, records


def _governance_page(request, form, records, status=200):
    return render(
        request,
        "accounts/provisioning/log.html",
        {
            "form": form,
            "page": _page(request, records if not form.errors else records.none()),
            "earlier_events": selectors.provisioning_event_list_for(user=request.user)[:200],
        },
        status=status,
    )


@require_GET
@administrative_role_required
def provisioning_log(request):
    """The governance log: every administrative act the user may review, before and after."""
    form, records = _governance(request)
    return _governance_page(request, form, records)


@require_GET
@administrative_role_required
def provisioning_log_csv(request):
    form, records = _governance(request)
    return _export(
        request,
        form=form,
        rows=records,
        log="governance",
        filename="governance-log.csv",
        header=GOVERNANCE_COLUMNS,
        row=_governance_row,
        page=lambda status: _governance_page(request, form, records, status),
    )


# --- The security log --------------------------------------------------------------------------

SECURITY_COLUMNS = ("when", "event", "event_code", "account", "by", "from_address", "detail")


def _security_row(event) -> list:
    return [
        event.at,
        event.get_kind_display(),
        event.kind,
        event.username,
        event.actor.username if event.actor_id else "",
        event.ip_address,
        event.detail or "",
    ]


def _security(request):
    people = selectors.user_list_for(user=request.user)
    form = SecurityLogFilterForm(request.GET, people=people)
    events = selectors.security_event_list_for(user=request.user, filters=form.filters())
    return form, events


def _security_page(request, form, events, status=200):
    locked = work_queue.locked_accounts(request.user, timezone.now()).order_by("locked_until", "pk")
    return render(
        request,
        "accounts/security_log.html",
        {
            "form": form,
            "page": _page(request, events if not form.errors else events.none()),
            "locked_users": locked,
        },
        status=status,
    )


@require_GET
@administrative_role_required
def security_log(request):
    form, events = _security(request)
    return _security_page(request, form, events)


@require_GET
@administrative_role_required
def security_log_csv(request):
    form, events = _security(request)
    return _export(
        request,
        form=form,
        rows=events,
        log="security",
        filename="security-log.csv",
        header=SECURITY_COLUMNS,
        row=_security_row,
        page=lambda status: _security_page(request, form, events, status),
    )


# --- Scheduled jobs ----------------------------------------------------------------------------

JOB_COLUMNS = ("job", "job_code", "status", "dry_run", "started", "finished", "counts", "error")


def _job_row(run) -> list:
    return [
        run.job_label,
        run.job,
        run.get_status_display(),
        "yes" if run.dry_run else "no",
        run.started_at,
        run.finished_at,
        run.counts or "",
        run.error,
    ]


def _jobs(request):
    form = JobRunFilterForm(request.GET)
    runs = selectors.jobrun_list_for(user=request.user, filters=form.filters())
    return form, runs


def _jobs_page(request, form, runs, status=200):
    return render(
        request,
        "accounts/jobruns.html",
        {"form": form, "page": _page(request, runs if not form.errors else runs.none())},
        status=status,
    )


@require_GET
@administrative_role_required
def jobruns(request):
    form, runs = _jobs(request)
    return _jobs_page(request, form, runs)


@require_GET
@administrative_role_required
def jobruns_csv(request):
    form, runs = _jobs(request)
    return _export(
        request,
        form=form,
        rows=runs,
        log="jobs",
        filename="scheduled-jobs.csv",
        header=JOB_COLUMNS,
        row=_job_row,
        page=lambda status: _jobs_page(request, form, runs, status),
    )

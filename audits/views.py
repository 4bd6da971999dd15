"""Audit pages: cycles, compilation progress, review, signing, packet and CSV downloads."""

import csv
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from accounts import permissions
from accounts import selectors as account_selectors
from accounts.models import Role
from alpr_governance.client import client_address
from alpr_governance.forms import add_service_errors
from alpr_governance.tables import Table
from alpr_governance.uploads import inert_download
from audits import rules, selectors, services
from audits.forms import AssignForm, CycleOpenForm, DisposeForm
from audits.models import AuditItem
from audits.tables import CYCLE_COLUMNS, CycleFilterForm

AUDIT_ROLES = (*permissions.ADMINISTRATIVE_ROLES, Role.HIRING_AUTHORITY)


def audit_role_required(view):
    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not permissions.has_role(request.user, AUDIT_ROLES):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _cycle(request, pk):
    """The cycle if the user may open it; otherwise 404, recorded as a refused access."""
    try:
        return selectors.cycle_get_for(user=request.user, pk=pk)
    except Http404:
        services.access_refusal_record(
            actor=request.user, what="audit_cycle", pk=pk, client_address=client_address(request)
        )
        raise


def _message(request, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


@audit_role_required
def cycle_list(request):
    user = request.user
    openable = permissions.administered_divisions(user)
    if user.role == Role.HIRING_AUTHORITY:
        openable = account_selectors.division_list_for(user=user).filter(pk=user.division_id)
    form = CycleOpenForm(request.POST or None, divisions=openable.order_by("code"))
    if request.method == "POST" and form.is_valid():
        try:
            cycle = services.cycle_open(
                actor=user, client_address=client_address(request), **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Audit cycle opened for {cycle.division.name}.")
            return redirect("audits:cycle_detail", pk=cycle.pk)
    table = Table(
        request,
        selectors.cycle_list_for(user=user),
        columns=CYCLE_COLUMNS,
        default="-period",
        form=CycleFilterForm(
            request.GET,
            divisions=account_selectors.division_list_for(user=user).order_by("code"),
        ),
    )
    notices = selectors.notice_list_for(user=user)[:50]
    agency = user.agency
    context = {
        "table": table,
        "notices": notices,
        "form": form if openable.exists() else None,
        "cadence": rules.cadence_label(agency.purpose_mode, agency.audit_cadence_days),
        "signer": rules.signer_title(agency.purpose_mode),
    }
    return render(request, "audits/list.html", context)


@require_GET
@audit_role_required
def cycle_detail(request, pk: int):
    cycle = _cycle(request, pk)
    user = request.user
    items = list(cycle.items.select_related("disposed_by"))
    context = {
        "cycle": cycle,
        "flags": [i for i in items if i.kind == AuditItem.Kind.FLAG],
        "samples": [i for i in items if i.kind == AuditItem.Kind.SAMPLE],
        "undisposed": sum(1 for i in items if not i.disposition),
        "may_review": services.may_review(user, cycle),
        "may_sign": services.may_sign(user, cycle),
        "administers": services.administers(user, cycle),
        "assign_form": AssignForm(
            auditors=selectors.auditor_choices_for(user=user, cycle=cycle),
            initial={"auditor": cycle.auditor_id},
        ),
        "dispose_choices": AuditItem.Disposition.choices,
        "packet": selectors.packet_latest(cycle),
        "figures": (cycle.compiled or {}).get("figures", {}),
        "signer": rules.signer_title(cycle.agency.purpose_mode),
    }
    return render(request, "audits/detail.html", context)


@require_GET
@audit_role_required
def cycle_progress(request, pk: int):
    """The progress fragment the detail page polls while compiling (HTMX)."""
    cycle = _cycle(request, pk)
    response = render(request, "audits/_progress.html", {"cycle": cycle})
    if cycle.state != cycle.State.COMPILING and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"  # compiled: reload the page to show the items
    return response


def _act(request, pk, act, done: str):
    cycle = _cycle(request, pk)
    try:
        act(cycle)
    except ValidationError as error:
        _message(request, error)
    else:
        messages.success(request, done)
    return redirect("audits:cycle_detail", pk=cycle.pk)


@require_POST
@audit_role_required
def cycle_assign(request, pk: int):
    def act(cycle):
        form = AssignForm(
            request.POST, auditors=selectors.auditor_choices_for(user=request.user, cycle=cycle)
        )
        if not form.is_valid():
            raise ValidationError("Choose the auditor.")
        services.cycle_auditor_assign(
            actor=request.user,
            cycle=cycle,
            auditor=form.cleaned_data["auditor"],
            client_address=client_address(request),
        )

    return _act(request, pk, act, "Auditor assigned.")


@require_POST
@audit_role_required
def cycle_compile(request, pk: int):
    return _act(
        request,
        pk,
        lambda cycle: services.cycle_compile_start(
            actor=request.user, cycle=cycle, client_address=client_address(request)
        ),
        "Compilation started.",
    )


@require_POST
@audit_role_required
def item_dispose(request, pk: int, item_pk: int):
    def act(cycle):
        item = selectors.item_get_for(user=request.user, cycle=cycle, pk=item_pk)
        form = DisposeForm(request.POST)
        if not form.is_valid():
            raise ValidationError("Choose a disposition.")
        services.item_dispose(
            actor=request.user,
            item=item,
            client_address=client_address(request),
            **form.cleaned_data,
        )

    return _act(request, pk, act, "Disposition recorded.")


@require_POST
@audit_role_required
def cycle_sign(request, pk: int):
    return _act(
        request,
        pk,
        lambda cycle: services.cycle_sign(
            actor=request.user, cycle=cycle, client_address=client_address(request)
        ),
        "Cycle signed. The packet is rendered and the report goes to the Hiring Authority.",
    )


@require_POST
@audit_role_required
def packet_render(request, pk: int):
    return _act(
        request,
        pk,
        lambda cycle: services.packet_render_request(
            actor=request.user, cycle=cycle, client_address=client_address(request)
        ),
        "Draft packet requested.",
    )


@require_GET
@audit_role_required
def packet_download(request, pk: int, packet_pk: int):
    """The packet, to the division's auditors, administrators and Hiring Authority only."""
    cycle = _cycle(request, pk)
    packet = selectors.packet_get_for(user=request.user, cycle=cycle, pk=packet_pk)
    try:
        services.packet_download_check(
            actor=request.user, packet=packet, client_address=client_address(request)
        )
    except ValidationError as error:
        return HttpResponse(" ".join(error.messages), status=410, content_type="text/plain")
    kind = "signed" if packet.final else "draft"
    return inert_download(
        packet.file, download_name=f"audit-{cycle.division.code}-{cycle.period_start:%Y%m%d}-{kind}"
    )


class _Echo:
    def write(self, value):
        return value


@require_GET
@audit_role_required
def cycle_export_csv(request, pk: int):
    """The period's access records as CSV (the raw material of the audit)."""
    cycle = _cycle(request, pk)
    services.access_records_export_record(
        actor=request.user, cycle=cycle, client_address=client_address(request)
    )
    writer = csv.writer(_Echo())
    zone = timezone.get_current_timezone()

    def rows():
        yield writer.writerow(selectors.CSV_COLUMNS)
        for record in selectors.cycle_access_records(cycle).iterator(chunk_size=2000):
            yield writer.writerow(selectors.csv_row(record, zone))

    response = StreamingHttpResponse(rows(), content_type="text/csv")
    response["Content-Disposition"] = (
        f'attachment; filename="access-records-{cycle.division.code}-{cycle.period_start:%Y%m%d}.csv"'
    )
    return response

"""Browser pages of justified search (DESIGN.md section 5): the search form with its live purpose
check, results with photos and a map, the read and photo view, misread reports and the person's
own search history. Views parse forms, call the search services, and render: every decision
(gate, purpose rules, criteria, scope, records) is made by the services the API calls too."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_POST

from accounts import permissions
from accounts.services.gate import alpr_gate, gate_exempt
from alpr_governance.client import client_address
from alpr_governance.forms import add_service_errors
from alpr_governance.tables import Table
from queries import selectors, services
from queries.forms import (
    PURPOSE_FIELDS,
    MisreadCloseForm,
    MisreadNoticeForm,
    MisreadReportForm,
    PurposeForm,
    SearchForm,
)
from queries.models import MisreadReport
from queries.services import MATCHED_EXACT, VIEW_DETAIL, SearchPurpose
from queries.tables import HISTORY_COLUMNS, HistoryFilterForm

HISTORY_PAGE_SIZE = 50
QUEUE_PAGE_SIZE = 50


def _is_administrator(user) -> bool:
    return permissions.is_people_admin(user)


def _form_kwargs(request) -> dict:
    user = request.user
    return {
        "categories": services.purpose_categories_for(user=user),
        "division": user.division,
        "requires_on_behalf_of": bool(user.agency and user.agency.requires_on_behalf_of),
    }


def _purpose(form: PurposeForm) -> SearchPurpose:
    return SearchPurpose(**form.purpose_values())


def _record_refused_search(request, decision) -> None:
    """A search the gate refuses is still an access attempt: its record carries the codes."""
    if request.method != "POST":
        return  # opening the form is not an attempt
    form = SearchForm(request.POST, **_form_kwargs(request))
    form.is_valid()
    raw = form.criteria() if not form.errors else {}
    services.search_record_refusal(
        actor=request.user,
        purpose=_purpose(form),
        raw_criteria=raw,
        client_address=client_address(request),
        codes=list(decision.codes),
    )


def _camera_points(cameras) -> list[dict]:
    return [
        {"name": c.name, "lat": c.latitude, "lon": c.longitude}
        for c in cameras
        if c.latitude is not None and c.longitude is not None
    ]


def _results_context(request, outcome) -> dict:
    record = outcome.record
    kinds = selectors.read_image_kinds_for(
        user=request.user, read_ids=[hit.read.pk for hit in outcome.hits]
    )
    rows, points = [], []
    for hit in outcome.hits:
        read = hit.read
        url = f"{reverse('queries:read_detail', args=[read.pk])}?from={record.pk}"
        image_kinds = kinds.get(read.pk, ())
        thumb = None
        if "plate" in image_kinds:
            thumb = f"{reverse('queries:read_image', args=[read.pk, 'plate'])}?from={record.pk}"
        misread_only = hit.matched_by != MATCHED_EXACT
        rows.append(
            {"hit": hit, "read": read, "url": url, "thumb": thumb, "misread_only": misread_only}
        )
        points.append(
            {
                "plate": read.plate,
                "lat": read.latitude,
                "lon": read.longitude,
                "seen": f"{timezone.localtime(read.seen_at):%Y-%m-%d %H:%M}",
                "camera": hit.camera_name,
                "misread_only": misread_only,
                "url": url,
            }
        )
    asked = record.criteria
    area = {key: asked[key] for key in ("bbox", "near") if key in asked}
    return {"outcome": outcome, "rows": rows, "points": points, "area": area}


@login_required
@alpr_gate(on_refusal=_record_refused_search)
def search(request):
    """The search form; a POST runs the search and shows its first page of results."""
    cameras = list(selectors.searchable_cameras_for(user=request.user).order_by("name"))
    form = SearchForm(request.POST or None, cameras=cameras, **_form_kwargs(request))
    context = {"form": form, "camera_points": _camera_points(cameras)}
    status = 200
    if request.method == "POST":
        # A field that does not even parse is still an attempt: refused and recorded with the rest.
        form.is_valid()
        typed_wrong = form.input_violations()
        outcome = services.search_run(
            actor=request.user,
            purpose=_purpose(form),
            criteria=form.criteria(),
            client_address=client_address(request),
            input_violations=typed_wrong,
        )
        if outcome.refused:
            form.add_violations(v for v in outcome.violations if v not in typed_wrong)
            context["refused"] = outcome.record
            status = 400
        else:
            context.update(_results_context(request, outcome))
    return render(request, "queries/search.html", context, status=status)


@require_POST
@login_required
@alpr_gate
def search_next(request, pk: int):
    """The next page of one of the person's own searches: same purpose and criteria, recorded
    as a search of its own."""
    record = selectors.search_request_get_for(user=request.user, pk=pk)
    outcome = services.search_continue(
        actor=request.user,
        search=record,
        after=request.POST.get("after", ""),
        client_address=client_address(request),
    )
    if outcome.refused:
        messages.error(request, " ".join(v.message for v in outcome.violations))
        return redirect("queries:history")
    cameras = list(selectors.searchable_cameras_for(user=request.user).order_by("name"))
    form = SearchForm(initial=_initial_from(record), cameras=cameras, **_form_kwargs(request))
    context = {"form": form, "camera_points": _camera_points(cameras)}
    context.update(_results_context(request, outcome))
    return render(request, "queries/search.html", context)


def _initial_from(record) -> dict:
    """The form as the person filled it for a recorded search (to refine it)."""
    criteria = services.criteria_of(record)
    initial = {
        "case_number": record.case_number,
        "purpose_category": record.purpose_category,
        "justification": record.justification,
        "on_behalf_of": record.on_behalf_of,
        "plate": criteria.get("plate", ""),
        "state": criteria.get("state", ""),
        "misread_tolerant": criteria.get("misread_tolerant", False),
        "cameras": criteria.get("camera_ids", []),
    }
    for key in ("start", "end"):
        if criteria.get(key):
            initial[key] = parse_datetime(criteria[key])
    if criteria.get("bbox"):
        initial["area"] = "box"
        initial.update(zip(("west", "south", "east", "north"), criteria["bbox"], strict=True))
    if criteria.get("near"):
        near = criteria["near"]
        initial.update(
            area="near", near_lat=near["lat"], near_lon=near["lon"], radius_m=near["radius_m"]
        )
    return initial


@require_POST
@login_required
@gate_exempt("checks typed purpose text against the rules; reads and shows no ALPR data")
def purpose_check(request):
    """The live purpose check (HTMX): each problem beside its field, as the user types. Same
    rules, same path as `POST /api/v1/purpose-checks`."""
    form = PurposeForm(request.POST, **_form_kwargs(request))
    form.is_valid()
    violations = services.purpose_violations(actor=request.user, purpose=_purpose(form))
    touched = {name for name in PURPOSE_FIELDS if request.POST.get(name, "").strip()}
    by_field: dict[str, list[str]] = {name: [] for name in PURPOSE_FIELDS if name in form.fields}
    general = []
    for violation in violations:
        if violation.field in by_field:
            by_field[violation.field].append(violation.message)
        else:
            general.append(violation.message)
    # A field not typed in yet is not scolded while the person is still on another one.
    shown = {
        name: messages_ if (name in touched or request.POST.get("final")) else []
        for name, messages_ in by_field.items()
    }
    return render(
        request,
        "queries/_purpose_check.html",
        {"by_field": shown, "general": general, "ok": not violations},
    )


def _from_search(request) -> int | None:
    value = request.GET.get("from") or request.POST.get("from") or ""
    return int(value) if value.isdigit() and len(value) < 19 else None


@login_required
@alpr_gate
def read_detail(request, read_id: int):
    """One read with its photos: opening it is recorded as a view (1798.90.52)."""
    from_search = _from_search(request)
    opened = services.read_open(
        actor=request.user,
        read_id=read_id,
        what=VIEW_DETAIL,
        client_address=client_address(request),
        from_search=from_search,
    )
    read = opened.read
    images = list(selectors.read_images_for(user=request.user, read=read))
    reported = selectors.misread_report_list_for(user=request.user).filter(
        reported_by=request.user, read_id=read.pk
    )
    return render(
        request,
        "queries/read_detail.html",
        {
            "opened": opened,
            "read": read,
            "images": images,
            "from_search": from_search,
            "report": reported.first(),
            "form": MisreadReportForm(),
        },
    )


@login_required
@alpr_gate
def read_image(request, read_id: int, kind: str):
    """A read's photo. The plate crop shown beside a search's own result is covered by that
    search's record; any other photo opened is recorded as a view."""
    image = services.read_photo_open(
        actor=request.user,
        read_id=read_id,
        image_kind=kind,
        client_address=client_address(request),
        from_search=_from_search(request),
    )
    try:
        handle = image.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(handle, content_type=image.content_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@login_required
@alpr_gate
def misread_report(request, read_id: int):
    """Report that a read of one of the person's searches does not match its photo
    (53060.7(b)(7), 53060.9(b)(1))."""
    read = selectors.read_get_for(user=request.user, pk=read_id)
    from_search = _from_search(request)
    search_record = (
        selectors.search_request_list_for(user=request.user).filter(pk=from_search).first()
        if from_search is not None
        else None
    )
    form = MisreadReportForm(request.POST)
    if search_record is None:
        raise Http404
    if form.is_valid():
        try:
            report = services.misread_report_create(
                actor=request.user,
                search_request=search_record,
                read=read,
                description=form.cleaned_data["description"],
                plate_seen=form.cleaned_data["plate_seen"],
            )
        except PermissionDenied as refused:
            raise Http404 from refused
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, "Reported to your Division Administrator. You can follow it here."
            )
            return redirect("queries:misread_detail", pk=report.pk)
    return render(
        request,
        "queries/misread_form.html",
        {"form": form, "read": read, "from_search": from_search},
        status=400,
    )


@login_required
@gate_exempt("misread reports keep their own copy of the read's facts; no read store access")
def misread_list(request):
    """The person's own reports and, for administrators, their division's queue."""
    status = request.GET.get("status", "")
    queue = selectors.misread_queue_for(user=request.user)
    if status in MisreadReport.Status.values:
        queue = queue.filter(status=status)
    page = Paginator(queue.order_by("status", "-reported_at"), QUEUE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    own = selectors.misread_report_list_for(user=request.user).filter(reported_by=request.user)
    return render(
        request,
        "queries/misread_list.html",
        {
            "page": page,
            "administers": _is_administrator(request.user),
            "own": own[:50],
            "statuses": MisreadReport.Status.choices,
            "status": status,
        },
    )


def _misread_detail_context(request, report, **forms) -> dict:
    handles = selectors.misread_queue_for(user=request.user).filter(pk=report.pk).exists()
    return {
        "report": report,
        "handles": handles,
        "notice_form": forms.get("notice_form") or MisreadNoticeForm(),
        "close_form": forms.get("close_form") or MisreadCloseForm(),
    }


@login_required
@gate_exempt("misread reports keep their own copy of the read's facts; no read store access")
def misread_detail(request, pk: int):
    report = selectors.misread_report_get_for(user=request.user, pk=pk)
    return render(request, "queries/misread_detail.html", _misread_detail_context(request, report))


def _queued_report(request, pk: int) -> MisreadReport:
    # Only an administrator who handles it may act; anyone else: 404, like a missing id.
    return get_object_or_404(selectors.misread_queue_for(user=request.user), pk=pk)


@require_POST
@login_required
@gate_exempt("records an administrator's notice about a report; no read store access")
def misread_notice(request, pk: int):
    report = _queued_report(request, pk)
    form = MisreadNoticeForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.misread_notice_record(
                actor=request.user,
                report=report,
                recipient=data["notice_recipient"],
                method=data["notice_method"],
                sent_at=data["notice_sent_at"],
                note=data["notice_note"],
                client_address=client_address(request),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The notice to the agency of record is recorded.")
            return redirect("queries:misread_detail", pk=pk)
    return render(
        request,
        "queries/misread_detail.html",
        _misread_detail_context(request, report, notice_form=form),
        status=400,
    )


@require_POST
@login_required
@gate_exempt("closes an administrator's report; no read store access")
def misread_close_view(request, pk: int):
    report = _queued_report(request, pk)
    form = MisreadCloseForm(request.POST)
    if form.is_valid():
        try:
            services.misread_close(
                actor=request.user,
                report=report,
                resolution=form.cleaned_data["resolution"],
                note=form.cleaned_data["closing_note"],
                client_address=client_address(request),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The report is closed; the reporter sees its status.")
            return redirect("queries:misread_detail", pk=pk)
    return render(
        request,
        "queries/misread_detail.html",
        _misread_detail_context(request, report, close_form=form),
        status=400,
    )


def _criteria_text(criteria: dict) -> list[str]:
    """What a record asked for, in words (the history page)."""
    words = []
    for key, value in criteria.items():
        if key == "kind":
            continue
        if key == "near" and isinstance(value, dict):
            value = f"{value.get('lat')}, {value.get('lon')} within {value.get('radius_m')} m"
        elif key == "bbox" and isinstance(value, list):
            value = "W {} S {} E {} N {}".format(*value) if len(value) == 4 else value
        elif isinstance(value, list):
            value = ", ".join(str(item) for item in value)
        elif isinstance(value, str) and key in ("start", "end") and parse_datetime(value):
            value = f"{timezone.localtime(parse_datetime(value)):%Y-%m-%d %H:%M}"
        words.append(f"{key.replace('_', ' ')}: {value}")
    return words


@login_required
@gate_exempt("the person's own access records: what they asked, never the reads")
def history(request):
    """The person's own searches and views, run or refused, with codes and counts."""
    table = Table(
        request,
        selectors.search_request_list_for(user=request.user),
        columns=HISTORY_COLUMNS,
        default="-at",
        form=HistoryFilterForm(request.GET),
        per_page=HISTORY_PAGE_SIZE,
    )
    labels = {c["code"]: c["label"] for c in services.purpose_categories_for(user=request.user)}
    rows = [
        {
            "record": record,
            "asked": _criteria_text(record.criteria),
            "category": labels.get(record.purpose_category, record.purpose_category),
        }
        for record in table.rows
    ]
    return render(request, "queries/history.html", {"table": table, "rows": rows})

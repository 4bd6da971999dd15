"""Training pages: a person's own status and certificates; administrators verify submissions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts import selectors as account_selectors
from accounts import work_queue
from accounts.decorators import agency_admin_required
from accounts.decorators import people_admin_required as division_admin_required
from alpr_governance.client import client_address
from alpr_governance.forms import add_service_errors
from alpr_governance.uploads import inert_download
from training import selectors, services
from training.forms import (
    RETURN_TO,
    CourseCreateForm,
    CourseForm,
    CourseRetireForm,
    CourseVoidForm,
    SystemUserForm,
    TrainingRecordForm,
    TrainingRejectForm,
)


@login_required
def my_training(request):
    courses = selectors.course_list_for(user=request.user)
    form = TrainingRecordForm(request.POST or None, request.FILES or None, courses=courses)
    if request.method == "POST" and form.is_valid():
        try:
            services.training_record_submit(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                "Submitted, awaiting verification: it counts once an administrator of your "
                "division verifies it.",
            )
            return redirect("training:my_training")
    statuses = selectors.training_status(request.user, timezone.localdate())
    records = request.user.training_records.select_related("course", "verified_by").order_by(
        "-submitted_at", "-pk"
    )[:50]
    return render(
        request,
        "training/my_training.html",
        {"statuses": statuses, "records": records, "form": form},
    )


@division_admin_required
def division_training(request):
    """The completions of the divisions the administrator administers, those awaiting
    verification first."""
    records = (
        selectors.record_list_for_admin(user=request.user)
        .select_related("rejected_by")
        .order_by(
            F("verified_at").asc(nulls_first=True),
            F("rejected_at").asc(nulls_first=True),
            "user__username",
            "-completed_on",
        )[:500]
    )
    # The same count as the work queue's (and the navigation's badge).
    awaiting = work_queue.certificates_to_verify(request.user).count()
    today = timezone.localdate()
    return render(
        request,
        "training/division.html",
        {
            "records": records,
            "today": today,
            "awaiting": awaiting,
        },
    )


def _back(request) -> str:
    """The page a verify or reject button was pressed on (home or the division's training)."""
    return RETURN_TO.get(request.POST.get("back", ""), "training:division_training")


@require_POST
@division_admin_required
def record_verify(request, pk: int):
    record = selectors.record_get_for_admin(user=request.user, pk=pk)
    try:
        services.training_record_verify(
            actor=request.user, record=record, client_address=client_address(request)
        )
    except PermissionDenied as error:
        messages.error(request, str(error))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{record.course.name} of {record.user.display_name} verified.")
    return redirect(_back(request))


@division_admin_required
def record_reject(request, pk: int):
    """Reject a submitted certificate with a reason (the person is told). The queue's and the
    division page's inline forms post here; a missing reason comes back on this page."""
    record = selectors.record_get_for_admin(user=request.user, pk=pk)
    form = TrainingRejectForm(request.POST or None, initial={"back": request.GET.get("back")})
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.training_record_reject(
                actor=request.user,
                record=record,
                reason=form.cleaned_data["reason"],
                client_address=client_address(request),
            )
        except PermissionDenied as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"The {record.course.name} certificate of {record.user.display_name} is "
                f"rejected; {record.user.display_name} is told why by e-mail.",
            )
            return redirect(RETURN_TO.get(form.cleaned_data["back"], "training:division_training"))
    if request.method == "POST":
        status = 400
    back = RETURN_TO.get(form["back"].value() or "", "training:division_training")
    return render(
        request,
        "training/record_reject.html",
        {"record": record, "form": form, "back_url": reverse(back)},
        status=status,
    )


@login_required
def certificate(request, pk: int):
    """A certificate of completion, for its owner and their administrators."""
    record = selectors.certificate_record_get_for(user=request.user, pk=pk)
    return inert_download(record.certificate)


# --- Course management: the agency administrator (bypass 5; 429.5; GO 5.42 F.4-F.5) -----------


@agency_admin_required
def course_list(request):
    courses = selectors.course_list_for_admin(user=request.user)
    form = CourseCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            course = services.course_create(
                actor=request.user,
                agency=request.user.agency,
                client_address=client_address(request),
                **data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{course.name} added.")
            return redirect("training:course_detail", pk=course.pk)
    return render(request, "training/courses.html", {"courses": courses, "form": form})


def _course_page(request, course, *, form=None, retire_form=None, void_form=None, status=200):
    initial = {name: getattr(course, name) for name in services.COURSE_EDITABLE}
    people = []
    if course.system:
        marked = set(selectors.system_users_for(course=course).values_list("user_id", flat=True))
        people = [
            (person, person.pk in marked)
            for person in account_selectors.user_list_for(user=request.user).order_by(
                "division__code", "last_name", "username"
            )
        ]
    return render(
        request,
        "training/course_detail.html",
        {
            "course": course,
            "form": form or CourseForm(initial=initial),
            "retire_form": retire_form or CourseRetireForm(prefix="retire"),
            "void_form": void_form or CourseVoidForm(prefix="void"),
            "people": people,
        },
        status=status,
    )


@agency_admin_required
def course_detail(request, pk: int):
    course = selectors.course_get_for_admin(user=request.user, pk=pk)
    if request.method != "POST":
        return _course_page(request, course)
    form = CourseForm(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        reason = data.pop("reason")
        try:
            services.course_update(
                actor=request.user,
                course=course,
                reason=reason,
                client_address=client_address(request),
                **data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{course.name}: saved.")
            return redirect("training:course_detail", pk=pk)
    return _course_page(request, course, form=form, status=400)


@require_POST
@agency_admin_required
def course_retire(request, pk: int):
    course = selectors.course_get_for_admin(user=request.user, pk=pk)
    form = CourseRetireForm(request.POST, prefix="retire")
    if form.is_valid():
        services.course_retire(
            actor=request.user,
            course=course,
            reason=form.cleaned_data["reason"],
            client_address=client_address(request),
        )
        messages.success(request, f"{course.name} is retired; it is required of nobody.")
        return redirect("training:course_detail", pk=pk)
    return _course_page(request, course, retire_form=form, status=400)


@require_POST
@agency_admin_required
def course_void(request, pk: int):
    course = selectors.course_get_for_admin(user=request.user, pk=pk)
    form = CourseVoidForm(request.POST, prefix="void")
    if form.is_valid():
        try:
            services.course_completions_void(
                actor=request.user,
                course=course,
                client_address=client_address(request),
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"Completions of {course.name} before {form.cleaned_data['before']} no longer "
                "count; those people must take it again.",
            )
            return redirect("training:course_detail", pk=pk)
    return _course_page(request, course, void_form=form, status=400)


@require_POST
@agency_admin_required
def course_system_user(request, pk: int):
    course = selectors.course_get_for_admin(user=request.user, pk=pk)
    form = SystemUserForm(request.POST)
    if not form.is_valid() or not course.system:
        messages.error(request, "Choose a person and whether they use the system.")
        return redirect("training:course_detail", pk=pk)
    person = account_selectors.user_get_for(user=request.user, pk=form.cleaned_data["user"])
    uses = form.cleaned_data["uses"]
    services.system_user_set(
        actor=request.user,
        user=person,
        system=course.system,
        uses=uses,
        client_address=client_address(request),
    )
    verb = "uses" if uses else "no longer uses"
    messages.success(request, f"{person.display_name} {verb} {course.system}.")
    return redirect("training:course_detail", pk=pk)

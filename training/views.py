"""Training pages: a person's own status and certificates; administrators verify submissions."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.views.provisioning import division_admin_required
from alpr_governance.forms import add_service_errors
from alpr_governance.uploads import inert_download
from training import selectors, services


class TrainingRecordForm(forms.Form):
    course = forms.ModelChoiceField(queryset=None, empty_label=None)
    completed_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    certificate = forms.FileField(required=False, help_text="PDF, PNG or JPEG, up to 10 MB.")

    def __init__(self, *args, courses=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = courses


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
            messages.success(request, "Submitted. It counts once your administrator verifies it.")
            return redirect("training:my_training")
    statuses = selectors.training_status(request.user, timezone.localdate())
    records = request.user.training_records.select_related("course", "verified_by")[:50]
    return render(
        request,
        "training/my_training.html",
        {"statuses": statuses, "records": records, "form": form},
    )


@division_admin_required
def division_training(request):
    records = selectors.record_list_for_admin(user=request.user).order_by(
        "verified_at", "user__username", "-completed_on"
    )[:500]
    today = timezone.localdate()
    return render(request, "training/division.html", {"records": records, "today": today})


@require_POST
@division_admin_required
def record_verify(request, pk: int):
    record = selectors.record_get_for_admin(user=request.user, pk=pk)
    try:
        services.training_record_verify(actor=request.user, record=record)
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{record.course.name} of {record.user.display_name} verified.")
    return redirect("training:division_training")


@login_required
def certificate(request, pk: int):
    """A certificate of completion, for its owner and their administrators."""
    record = selectors.certificate_record_get_for(user=request.user, pk=pk)
    return inert_download(record.certificate)

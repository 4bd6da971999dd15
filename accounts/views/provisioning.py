"""Provisioning pages of Division Administrators, and the agreement page every user signs."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts import permissions, selectors, services
from accounts.decorators import people_admin_required as division_admin_required
from accounts.forms import (
    AccessRequestForm,
    ClassificationForm,
    DesignateForm,
    ExceptionForm,
    ReapprovalDecisionForm,
    ReasonForm,
    ScanForm,
)
from accounts.services.access import STANDING_PREFETCH
from accounts.tables import PEOPLE_COLUMNS, PeopleFilterForm
from alpr_governance.client import client_address
from alpr_governance.forms import add_service_errors
from alpr_governance.tables import Table


def _errors(error: ValidationError) -> str:
    return " ".join(error.messages)


@division_admin_required
def provisioning(request):
    """The people of the divisions administered: sorted, filtered, searched, a page at a time.
    Their standing is judged for the page shown, from prefetched rows (a fixed number of queries
    whatever the page's length)."""
    divisions = selectors.divisions_administered_by(user=request.user).order_by("code")
    table = Table(
        request,
        selectors.user_list_for_admin(user=request.user),
        columns=PEOPLE_COLUMNS,
        default="name",
        form=PeopleFilterForm(request.GET, divisions=divisions),
    )
    people = table.rows
    prefetch_related_objects(people, *STANDING_PREFETCH)
    rows = [(person, services.access_standing(person)) for person in people]
    return render(request, "accounts/provisioning/list.html", {"rows": rows, "table": table})


@division_admin_required
def access_request(request):
    divisions = selectors.divisions_administered_by(user=request.user).order_by("code")
    form = AccessRequestForm(
        request.POST or None,
        divisions=divisions,
        classifications=request.user.agency.eligible_classifications,
    )
    if request.method == "POST" and form.is_valid():
        try:
            person = services.access_request(
                actor=request.user,
                client_address=client_address(request),
                link_base=request.build_absolute_uri("/"),
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"Access requested for {person.display_name}, who is e-mailed an invitation to "
                "choose a password. Next: agreement, training, grant.",
            )
            return redirect("accounts:provision_user", pk=person.pk)
    return render(request, "accounts/provisioning/request.html", {"form": form})


@division_admin_required
def provision_user(request, pk: int):
    from training.forms import TrainingRecordForm
    from training.selectors import course_list_for, training_status

    person = selectors.user_get_for_admin(user=request.user, pk=pk)
    current = selectors.agreement_current_for(user=request.user)
    context = {
        "person": person,
        "decision": services.access_standing(person),
        "blockers": services.grant_blockers(person),
        "training": training_status(person, timezone.localdate()),
        "signatures": person.agreement_signatures.select_related("version")[:5],
        "current_agreement": current,
        "records": selectors.governance_record_list_for_person(user=request.user, person=person)[
            :50
        ],
        "earlier_events": person.provisioning_events.select_related("actor")[:50],
        "training_form": TrainingRecordForm(courses=course_list_for(user=request.user)),
        "reason_form": ReasonForm(),
        # Own ids: the revoke form on the same page has a "reason" field too.
        "classification_form": ClassificationForm(
            initial={"classification": person.job_classification}, auto_id="cls_%s"
        ),
        "exception_form": ExceptionForm(
            initial={"approver_title": person.agency.exception_approver}
        ),
        "scan_form": ScanForm(),
        "designate_form": DesignateForm(),
        "is_agency_admin": permissions.is_agency_admin(request.user),
        # The services refuse (and record) anyway; the page just does not offer what it refuses.
        "act_refusal": permissions.refusal_reason(request.user, person),
        "end_refusal": permissions.refusal_reason(request.user, person, ending=True),
        "invitation": services.invitation_state(person),
    }
    return render(request, "accounts/provisioning/user.html", context)


def _grant(request, person):
    services.access_grant(
        actor=request.user, subject=person, client_address=client_address(request)
    )
    return f"Access granted to {person.display_name}."


def _revoke(request, person):
    form = ReasonForm(request.POST)
    services.access_revoke(
        actor=request.user,
        subject=person,
        reason=form.data.get("reason", ""),
        client_address=client_address(request),
    )
    return "Access revoked."


def _separate(request, person):
    services.account_separate(
        actor=request.user,
        subject=person,
        reason=request.POST.get("reason", ""),
        client_address=client_address(request),
    )
    return "The account is closed for good; its history is kept."


def _classification(request, person):
    form = ClassificationForm(request.POST)
    if not form.is_valid():
        raise ValidationError("Give the new classification.")
    services.classification_change(
        actor=request.user,
        subject=person,
        client_address=client_address(request),
        **form.cleaned_data,
    )
    return "Classification recorded."


def _exception(request, person):
    form = ExceptionForm(request.POST, request.FILES)
    if not form.is_valid():
        raise ValidationError(
            "Fill in the approver, their title, the date and the reason, and attach the signed "
            "approval."
        )
    services.exception_approve(
        actor=request.user,
        subject=person,
        client_address=client_address(request),
        **form.cleaned_data,
    )
    return "Exception recorded."


def _scan(request, person):
    form = ScanForm(request.POST, request.FILES)
    if not form.is_valid():
        raise ValidationError("Choose the scanned, signed form to upload.")
    current = selectors.agreement_current_for(user=request.user)
    if current is None:
        raise ValidationError("The agency has no agreement published yet.")
    services.agreement_scan_upload(
        actor=request.user,
        subject=person,
        version=current,
        scan=form.cleaned_data["scan"],
        client_address=client_address(request),
    )
    return "Signed agreement filed."


def _reactivate(request, person):
    services.account_reactivate(
        actor=request.user, subject=person, client_address=client_address(request)
    )
    return "Account reactivated."


def _designate(request, person):
    form = DesignateForm(request.POST)
    if not form.is_valid():
        raise ValidationError("Choose primary or secondary.")
    services.division_admin_designate(
        actor=request.user,
        subject=person,
        role=form.cleaned_data["role"],
        client_address=client_address(request),
    )
    return "Division Administrator designated."


def _training(request, person):
    from training import services as training_services
    from training.forms import TrainingRecordForm
    from training.selectors import course_list_for

    form = TrainingRecordForm(
        request.POST, request.FILES, courses=course_list_for(user=request.user)
    )
    if not form.is_valid():
        raise ValidationError([f"{k}: {' '.join(v)}" for k, v in form.errors.items()])
    training_services.training_record_create(
        actor=request.user,
        subject=person,
        client_address=client_address(request),
        **form.cleaned_data,
    )
    return "Training recorded."


def _invite(request, person):
    services.invitation_resend(
        actor=request.user,
        subject=person,
        link_base=request.build_absolute_uri("/"),
        client_address=client_address(request),
    )
    return f"A new invitation is on its way to {person.display_name}; the earlier link is void."


def _password_reset(request, person):
    services.password_reset(
        actor=request.user,
        subject=person,
        link_base=request.build_absolute_uri("/"),
        client_address=client_address(request),
    )
    return (
        f"{person.display_name}'s password no longer works and their sessions ended; "
        "a link to choose a new one is on its way to them."
    )


def _authenticator_reset(request, person):
    services.authenticator_reset(
        actor=request.user, subject=person, client_address=client_address(request)
    )
    return (
        f"{person.display_name}'s authenticator and backup codes are removed; they add a new "
        "one at their next sign-in, and were told by e-mail."
    )


USER_ACTIONS = {
    "invite": _invite,
    "password-reset": _password_reset,
    "authenticator-reset": _authenticator_reset,
    "grant": _grant,
    "revoke": _revoke,
    "separate": _separate,
    "classification": _classification,
    "exception": _exception,
    "agreement-scan": _scan,
    "reactivate": _reactivate,
    "designate": _designate,
    "training": _training,
}


@require_POST
@division_admin_required
def user_action(request, pk: int, action: str):
    """One provisioning action on one person; the service re-checks everything."""
    handler = USER_ACTIONS.get(action)
    if handler is None:
        raise Http404
    person = selectors.user_get_for_admin(user=request.user, pk=pk)
    try:
        messages.success(request, handler(request, person))
    except ValidationError as error:
        messages.error(request, _errors(error))
    except PermissionDenied as error:
        messages.error(request, str(error) or "You may not do that.")
    return redirect("accounts:provision_user", pk=pk)


@division_admin_required
def reapprovals(request):
    items = selectors.reapproval_list_for_admin(user=request.user)
    return render(
        request,
        "accounts/provisioning/reapprovals.html",
        {"items": items, "form": ReapprovalDecisionForm()},
    )


@require_POST
@division_admin_required
def reapproval_decide(request, pk: int):
    item = selectors.reapproval_get_for_admin(user=request.user, pk=pk)
    form = ReapprovalDecisionForm(request.POST)
    if form.is_valid():
        try:
            services.reapproval_decide(
                actor=request.user,
                item=item,
                client_address=client_address(request),
                **form.cleaned_data,
            )
        except PermissionDenied as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Decision recorded.")
    else:
        messages.error(request, "Choose approve or revoke.")
    return redirect("accounts:reapprovals")

"""Provisioning pages of Division Administrators, and the agreement page every user signs."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_POST

from accounts import permissions, selectors, services
from accounts.decorators import people_admin_required as division_admin_required
from accounts.forms import (
    AccessRequestForm,
    ClassificationForm,
    DesignateForm,
    ExceptionForm,
    ReapprovalDecisionForm,
    ReapprovalNoteForm,
    ReasonForm,
    ScanForm,
    SeparationForm,
)
from accounts.models import AccountStatus
from accounts.services import acts
from accounts.services.access import STANDING_PREFETCH
from accounts.services.refusals import require_may_act
from accounts.standing import revocation_impact, separation_impact, standing_path
from accounts.tables import PEOPLE_COLUMNS, PeopleFilterForm
from alpr_governance.client import client_address
from alpr_governance.confirm import confirmation_page, confirmed
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
        exception_approver=request.user.agency.exception_approver,
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


CLOSED_NOTICE = "This account is closed: the person left the agency. Nothing here can change."


def _person_context(request, person, **bound) -> dict:
    """The person page: standing and the way back, and only the forms this administrator may
    use on this person. A closed (separated) account is read-only: no form at all."""
    from training.forms import TrainingRecordForm
    from training.selectors import course_list_for, training_status

    agency = person.agency
    closed = person.status == AccountStatus.SEPARATED
    act_refusal = permissions.refusal_reason(request.user, person)
    end_refusal = permissions.refusal_reason(request.user, person, ending=True)
    context = {
        "person": person,
        "closed": closed,
        "path": standing_path(person),
        "training": training_status(person, timezone.localdate()),
        "signatures": person.agreement_signatures.select_related("version")[:5],
        "current_agreement": selectors.agreement_current_for(user=request.user),
        "records": selectors.governance_record_list_for_person(user=request.user, person=person)[
            :50
        ],
        "earlier_events": person.provisioning_events.select_related("actor")[:50],
        "is_agency_admin": permissions.is_agency_admin(request.user),
        # The services refuse (and record) anyway; the page just does not offer what it refuses.
        # A closed account counts as a refusal, so no section offers a form.
        "act_refusal": CLOSED_NOTICE if closed else act_refusal,
        "end_refusal": CLOSED_NOTICE if closed else end_refusal,
        "may_act": not closed and act_refusal is None,
        "may_end": not closed and act_refusal is None and end_refusal is None,
        "invitation": services.invitation_state(person),
    }
    if not context["may_act"]:
        return context
    # Several forms on one page: each its own prefix, so no two inputs share an id.
    context.update(
        training_form=bound.get("training_form")
        or TrainingRecordForm(
            courses=course_list_for(user=request.user), warn_expired=True, prefix="training"
        ),
        reason_form=ReasonForm(prefix="revoke"),
        separation_form=SeparationForm(prefix="separate"),
        reapproval_form=ReapprovalNoteForm(prefix="reapprove"),
        classification_form=ClassificationForm(
            classifications=agency.eligible_classifications,
            exception_approver=agency.exception_approver,
            current=person.job_classification,
            prefix="cls",
        ),
        exception_form=ExceptionForm(
            initial={"approver_title": agency.exception_approver}, prefix="exception"
        ),
        scan_form=ScanForm(prefix="scan"),
        designate_form=DesignateForm(prefix="designate"),
    )
    return context


@division_admin_required
def provision_user(request, pk: int):
    person = selectors.user_get_for_admin(user=request.user, pk=pk)
    return render(request, "accounts/provisioning/user.html", _person_context(request, person))


def _person_url(person) -> str:
    return reverse("accounts:provision_user", args=[person.pk])


def _grant(request, person):
    services.access_grant(
        actor=request.user, subject=person, client_address=client_address(request)
    )
    return f"Access granted to {person.display_name}."


def _revoke(request, person):
    """Revoking asks first, with what it does (issue 11); Cancel goes back untouched."""
    # A refused attempt is recorded and answered before anything is asked.
    require_may_act(
        request.user,
        person,
        act=acts.ACCESS_REVOKED,
        client_address=client_address(request),
        ending=True,
    )
    form = ReasonForm(request.POST, prefix="revoke")
    if not form.is_valid():
        raise ValidationError("Say why access is revoked.")
    if not confirmed(request):
        return confirmation_page(
            request,
            title=f"Revoke the ALPR access of {person.display_name}?",
            impact=revocation_impact(person, reason=form.cleaned_data["reason"]),
            confirm_label=f"Revoke the access of {person.display_name}",
            cancel_url=_person_url(person),
        )
    services.access_revoke(
        actor=request.user,
        subject=person,
        reason=form.cleaned_data["reason"],
        client_address=client_address(request),
    )
    return f"Access of {person.display_name} revoked."


def _separate(request, person):
    """Closing an account cannot be undone: the impact is stated and the username typed."""
    require_may_act(
        request.user,
        person,
        act=acts.ACCOUNT_SEPARATED,
        client_address=client_address(request),
        ending=True,
    )
    form = SeparationForm(request.POST, prefix="separate")
    if not form.is_valid():
        raise ValidationError("Say why the person left (e.g. retired, transferred out).")
    if not confirmed(request, typed=person.username):
        return confirmation_page(
            request,
            title=f"Close the account of {person.display_name} for good?",
            impact=separation_impact(person),
            confirm_label=f"Close the account of {person.display_name}",
            cancel_url=_person_url(person),
            typed=person.username,
        )
    name = person.display_name
    services.account_separate(
        actor=request.user,
        subject=person,
        reason=form.cleaned_data["reason"],
        client_address=client_address(request),
    )
    return f"The account of {name} is closed for good; its history is kept."


def _reapprove(request, person):
    """Open the overdue yearly review from the person page, if the job has not, and approve it."""
    form = ReapprovalNoteForm(request.POST, prefix="reapprove")
    if not form.is_valid():
        raise ValidationError("The note is at most 500 characters.")
    address = client_address(request)
    item = services.reapproval_open(actor=request.user, subject=person, client_address=address)
    services.reapproval_decide(
        actor=request.user,
        item=item,
        approve=True,
        note=form.cleaned_data["note"],
        client_address=address,
    )
    return f"{person.display_name} is re-approved for another year."


def _classification(request, person):
    form = ClassificationForm(
        request.POST,
        classifications=person.agency.eligible_classifications,
        exception_approver=person.agency.exception_approver,
        prefix="cls",
    )
    if not form.is_valid():
        raise ValidationError(
            [f"{message}" for messages_ in form.errors.values() for message in messages_]
        )
    services.classification_change(
        actor=request.user,
        subject=person,
        client_address=client_address(request),
        **form.cleaned_data,
    )
    return "Classification recorded."


def _exception(request, person):
    form = ExceptionForm(request.POST, request.FILES, prefix="exception")
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
    form = ScanForm(request.POST, request.FILES, prefix="scan")
    if not form.is_valid():
        raise ValidationError(
            "Choose the scanned, signed form and give the date it was signed (as on the form)."
        )
    current = selectors.agreement_current_for(user=request.user)
    if current is None:
        raise ValidationError("The agency has no agreement published yet.")
    signed_on = form.cleaned_data["signed_on"]
    services.agreement_scan_upload(
        actor=request.user,
        subject=person,
        version=current,
        scan=form.cleaned_data["scan"],
        signed_on=signed_on,
        client_address=client_address(request),
    )
    when = date_format(signed_on, "DATE_FORMAT")
    return f"Signed agreement filed: {person.display_name} signed it on {when}."


def _reactivate(request, person):
    services.account_reactivate(
        actor=request.user, subject=person, client_address=client_address(request)
    )
    return f"The account of {person.display_name} is active again."


def _designate(request, person):
    form = DesignateForm(request.POST, prefix="designate")
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
        request.POST,
        request.FILES,
        courses=course_list_for(user=request.user),
        warn_expired=True,
        prefix="training",
    )
    if form.expired_warning:
        # An expired completion is asked about on the page itself, the form kept as typed.
        context = _person_context(request, person, training_form=form)
        return render(request, "accounts/provisioning/user.html", context)
    if not form.is_valid():
        raise ValidationError([f"{k}: {' '.join(v)}" for k, v in form.errors.items()])
    training_services.training_record_create(
        actor=request.user,
        subject=person,
        client_address=client_address(request),
        **form.cleaned_data,
    )
    if form.expired_on is not None:
        return "Training recorded as history; it expired and does not count."
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
    "reapprove": _reapprove,
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
    if person.status == AccountStatus.SEPARATED:
        # A closed account is read-only; the services refuse too, this only says it plainly.
        messages.error(request, f"The account of {person.display_name} is closed; nothing changes.")
        return redirect("accounts:provision_user", pk=pk)
    try:
        outcome = handler(request, person)
    except ValidationError as error:
        messages.error(request, _errors(error))
    except PermissionDenied as error:
        messages.error(request, str(error) or "You may not do that.")
    else:
        if isinstance(outcome, HttpResponse):
            return outcome  # a question first (confirmation, warning): nothing was done
        messages.success(request, outcome)
    return redirect("accounts:provision_user", pk=pk)


@division_admin_required
def reapprovals(request):
    items = list(selectors.reapproval_list_for_admin(user=request.user))
    return render(
        request,
        "accounts/provisioning/reapprovals.html",
        {"items": items, "now": timezone.now()},
    )


@require_POST
@division_admin_required
def reapproval_decide(request, pk: int):
    item = selectors.reapproval_get_for_admin(user=request.user, pk=pk)
    person = item.user
    form = ReapprovalDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose approve or revoke.")
        return redirect("accounts:reapprovals")
    if not form.cleaned_data["approve"] and not confirmed(request):
        try:
            require_may_act(
                request.user,
                person,
                act=acts.ACCESS_REVOKED,
                client_address=client_address(request),
                ending=True,
            )
        except PermissionDenied as error:
            messages.error(request, str(error))
            return redirect("accounts:reapprovals")
        return confirmation_page(
            request,
            title=f"Revoke the ALPR access of {person.display_name}?",
            impact=revocation_impact(
                person, reason=form.cleaned_data["note"] or "Not re-approved at the yearly review."
            ),
            confirm_label=f"Revoke the access of {person.display_name}",
            cancel_url=reverse("accounts:reapprovals"),
        )
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
        done = "re-approved for another year" if form.cleaned_data["approve"] else "revoked"
        messages.success(request, f"{person.display_name}: {done}.")
    return redirect("accounts:reapprovals")

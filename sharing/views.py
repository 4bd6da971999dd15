"""Browser pages of sharing: partners, standing agreements, disclosures and the ledger. Each view
parses input and calls one selector or service; the services decide and record."""

from django.contrib import messages
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts import permissions
from accounts.decorators import administrative_role_required, people_admin_required
from alpr_governance.client import client_address
from alpr_governance.forms import add_service_errors
from alpr_governance.tables import Table
from sharing import exports, rules, selectors, services
from sharing.forms import (
    AgreementForm,
    DecisionForm,
    DisclosureForm,
    LedgerFilterForm,
    PartnerForm,
    RevokeForm,
)
from sharing.tables import DISCLOSURE_COLUMNS, DisclosureFilterForm

LEDGER_PAGE = 200


def _eligible_partners(user):
    partners = selectors.partner_list_for(user=user)
    return [
        p
        for p in partners
        if not services.partner_eligibility(sharing_agency=user.agency, partner=p)
    ]


def _eligible_queryset(user, *, in_system: bool = False):
    ids = [p.pk for p in _eligible_partners(user) if p.system_agency_id or not in_system]
    return selectors.partner_list_for(user=user).filter(pk__in=ids)


@administrative_role_required
def partner_list(request):
    if permissions.is_agency_admin(request.user):
        services.partners_sync_system_agencies(agency=request.user.agency)
    form = PartnerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            partner = services.partner_record(
                actor=request.user, client_address=client_address(request), **form.cleaned_data
            )
        except services.SharingRefused as refusal:
            add_service_errors(form, refusal)
        else:
            messages.success(request, f"{partner.name} is recorded.")
            return redirect("sharing:partner_list")
    rows = [
        (p, services.partner_eligibility(sharing_agency=request.user.agency, partner=p))
        for p in selectors.partner_list_for(user=request.user)
    ]
    return render(
        request,
        "sharing/partner_list.html",
        {
            "rows": rows,
            "form": form,
            "profile": rules.sharing_profile(request.user.agency.purpose_mode),
        },
    )


@administrative_role_required
def agreement_list(request):
    form = AgreementForm(
        request.POST or None, partners=_eligible_queryset(request.user, in_system=True)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_approve(
                actor=request.user, client_address=client_address(request), **form.cleaned_data
            )
        except services.SharingRefused as refusal:
            add_service_errors(form, refusal)
        else:
            messages.success(request, "The agreement is in effect.")
            return redirect("sharing:agreement_list")
    agreements = selectors.agreement_list_for(user=request.user)
    return render(
        request,
        "sharing/agreement_list.html",
        {"agreements": agreements, "form": form, "today": timezone.localdate()},
    )


@require_POST
@administrative_role_required
def agreement_revoke(request, pk: int):
    agreement = selectors.agreement_granted_get_for(user=request.user, pk=pk)
    form = RevokeForm(request.POST)
    form.is_valid()
    try:
        services.agreement_revoke(
            actor=request.user,
            agreement=agreement,
            reason=form.cleaned_data.get("reason", ""),
            client_address=client_address(request),
        )
    except services.SharingRefused as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(request, "The agreement is revoked: access ended now.")
    return redirect("sharing:agreement_list")


@administrative_role_required
def disclosure_list(request):
    form = DisclosureForm(request.POST or None, partners=_eligible_queryset(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            disclosure = services.disclosure_request(
                actor=request.user, client_address=client_address(request), **form.cleaned_data
            )
        except services.SharingRefused as refusal:
            add_service_errors(form, refusal)
        else:
            messages.success(request, "The request is recorded; another administrator decides it.")
            return redirect("sharing:disclosure_detail", pk=disclosure.pk)
    table = Table(
        request,
        selectors.disclosure_list_for(user=request.user),
        columns=DISCLOSURE_COLUMNS,
        default="-entered",
        form=DisclosureFilterForm(request.GET),
    )
    return render(request, "sharing/disclosure_list.html", {"table": table, "form": form})


@administrative_role_required
def disclosure_detail(request, pk: int):
    disclosure = selectors.disclosure_get_for(user=request.user, pk=pk)
    form = DecisionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == "approve":
                services.disclosure_approve(
                    actor=request.user,
                    disclosure=disclosure,
                    reason=data["reason"],
                    method=data["method"],
                    original_email=data["original_email"],
                    client_address=client_address(request),
                )
                messages.success(request, "Approved: the export is ready.")
            else:
                services.disclosure_deny(
                    actor=request.user,
                    disclosure=disclosure,
                    reason=data["reason"],
                    client_address=client_address(request),
                )
                messages.success(request, "Denied.")
        except services.SharingRefused as refusal:
            add_service_errors(form, refusal)
        else:
            return redirect("sharing:disclosure_detail", pk=pk)
    entries = selectors.ledger_list_for(user=request.user).filter(disclosure_id=disclosure.pk)
    return render(
        request,
        "sharing/disclosure_detail.html",
        {"disclosure": disclosure, "form": form, "entries": entries},
    )


@people_admin_required
def disclosure_export(request, pk: int):
    disclosure = selectors.disclosure_get_for(user=request.user, pk=pk)
    try:
        export = services.disclosure_export_open(
            actor=request.user, disclosure=disclosure, client_address=client_address(request)
        )
    except services.SharingRefused as refusal:
        return HttpResponse(" ".join(refusal.messages), status=410, content_type="text/plain")
    # Served as an inert attachment, like every download (alpr_governance/uploads.py).
    response = FileResponse(export.open("rb"), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="disclosure-{disclosure.pk}.zip"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    return response


def _ledger_filters(request) -> tuple[LedgerFilterForm, dict]:
    form = LedgerFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    return form, filters


@administrative_role_required
def ledger(request):
    form, filters = _ledger_filters(request)
    entries = selectors.ledger_list_for(user=request.user, filters=filters).select_related(
        "agency"
    )[:LEDGER_PAGE]
    return render(
        request,
        "sharing/ledger.html",
        {
            "entries": entries,
            "form": form,
            "summary": selectors.shared_with_summary_for(user=request.user),
            "query": request.GET.urlencode(),
        },
    )


@administrative_role_required
def ledger_csv(request):
    _, filters = _ledger_filters(request)
    entries = selectors.ledger_list_for(user=request.user, filters=filters).select_related("agency")
    response = HttpResponse(exports.ledger_csv(entries.iterator()), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="sharing-ledger.csv"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@administrative_role_required
def ledger_pdf(request):
    _, filters = _ledger_filters(request)
    entries = selectors.ledger_list_for(user=request.user, filters=filters).select_related("agency")
    content = exports.ledger_pdf(
        list(entries[:2000]),
        agency=request.user.agency,
        filters=filters,
        summary=selectors.shared_with_summary_for(user=request.user),
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="sharing-ledger.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response

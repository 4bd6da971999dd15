"""The End User Agreement: reading and signing it, the form to print, publishing a new version,
filed scans."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from accounts import permissions, selectors, services
from accounts.agreement_form import agreement_form_pdf
from accounts.decorators import agency_admin_required
from accounts.forms import AgreementPublishForm, AgreementSignForm
from accounts.services.onboarding import onboarding_for
from alpr_governance.client import client_address
from alpr_governance.confirm import confirmation_page, confirmed
from alpr_governance.forms import add_service_errors
from alpr_governance.uploads import inert_download


def _safe_filename(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text)


@login_required
def agreement(request):
    """The agreement in force, and signing it (typed full name, explicit acceptance); for a new
    person, where signing stands among the steps to access, and the form to print instead."""
    current = selectors.agreement_current_for(user=request.user)
    signed = request.user.agreement_signatures.select_related("version").first()
    form = AgreementSignForm(
        request.POST or None, initial={"version": current.version if current else None}
    )
    if request.method == "POST" and current is not None and form.is_valid():
        version = selectors.agreement_version_get_for(
            user=request.user, version=form.cleaned_data["version"]
        )
        try:
            services.agreement_sign(
                actor=request.user,
                version=version,
                typed_name=form.cleaned_data["typed_name"],
                accepted=form.cleaned_data["accepted"],
                ip_address=client_address(request),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            remaining = onboarding_for(request.user).remaining_sentence()
            messages.success(
                request,
                f"You signed version {version.version} of the agreement. {remaining}".strip(),
            )
            return redirect("accounts:home")
    return render(
        request,
        "accounts/agreement.html",
        {
            "current": current,
            "signed": signed,
            "form": form,
            "onboarding": onboarding_for(request.user),
            "may_print": permissions.may_print_agreement_form(request.user, request.user),
        },
    )


@require_safe
@login_required
def agreement_form(request, pk: int):
    """Form 110 as a PDF to print, sign on paper and hand to the Division Administrator: the
    agreement in force with the person's details filled in. For the person and the
    administrators of their division only (accounts.permissions.may_print_agreement_form)."""
    person = selectors.agreement_form_person_get_for(user=request.user, pk=pk)
    version = selectors.agreement_current_for(user=request.user)
    if version is None:
        raise Http404
    pdf = agreement_form_pdf(person=person, version=version, printed_by=request.user)
    response = HttpResponse(pdf, content_type="application/pdf")
    # Opened in the browser's viewer, ready to print; the name says whose form and which version.
    response["Content-Disposition"] = (
        f'inline; filename="form-110-v{version.version}-{_safe_filename(person.username)}.pdf"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@agency_admin_required
def agreement_publish(request):
    """Publish a new version, after a confirmation that says who loses access until they sign."""
    current = selectors.agreement_current_for(user=request.user)
    form = AgreementPublishForm(
        request.POST or None,
        current=current,
        initial={"title": current.title, "text": current.text} if current else None,
    )
    if request.method == "POST" and form.is_valid():
        if not confirmed(request):
            impact = selectors.agreement_publish_impact_for(user=request.user)
            return confirmation_page(
                request,
                title=f"Publish version {impact.next_version} of the End User Agreement?",
                impact=publish_impact_lines(impact, title=form.cleaned_data["title"]),
                confirm_label=f"Publish version {impact.next_version}",
                cancel_url=reverse("accounts:agreement"),
            )
        try:
            version = services.agreement_version_publish(
                actor=request.user,
                agency=request.user.agency,
                client_address=client_address(request),
                **form.cleaned_data,
            )
        except ValidationError as error:
            # The text in force (published meanwhile by someone else) lands on its field.
            form.add_error(None, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, f"Version {version.version} is in force; everyone must sign it again."
            )
            return redirect("accounts:agreement")
    return render(request, "accounts/agreement_publish.html", {"form": form, "current": current})


def _people(count: int) -> str:
    return f"{count} person" if count == 1 else f"{count} people"


def publish_impact_lines(impact: selectors.AgreementPublishImpact, *, title: str) -> list[str]:
    """The confirmation's sentences: who loses access, who is e-mailed, what stops being in force."""
    version = impact.next_version
    if impact.losing_access:
        losing = (
            f"{_people(impact.losing_access)} will lose access until they sign version {version}."
        )
    else:
        losing = f"Nobody will lose access: nobody is allowed now. Version {version} must still be signed."
    lines = [losing]
    if impact.asker_loses_access:
        lines.append(f"You are one of them: sign version {version} yourself after publishing.")
    if impact.must_sign:
        lines.append(
            f"{_people(impact.must_sign)} with an open account will be e-mailed to sign it."
            if not impact.without_email
            else f"{_people(impact.must_sign)} with an open account must sign it; "
            f"{impact.without_email} of them {'has' if impact.without_email == 1 else 'have'} "
            "no e-mail address and will not be told; the others will be e-mailed."
        )
    else:
        lines.append("Nobody will be e-mailed: the agency has no open account.")
    if impact.current is not None:
        renamed = title.split() != impact.current.title.split()
        lines.append(
            f"Version {impact.current.version} (“{impact.current.title}”) stops being "
            "the version in force; its signatures stay on record."
            + (f" The new version is titled “{title}”." if renamed else "")
        )
    return lines


@login_required
def agreement_scan(request, pk: int):
    """A filed scan, for the person it belongs to and their administrators."""
    signature = selectors.agreement_scan_get_for(user=request.user, pk=pk)
    return inert_download(signature.scan)

"""Browser pages of the agency administrator: cameras, their dead letters and legal holds."""

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timesince import timesince
from django.views.decorators.http import require_POST

from accounts.decorators import agency_admin_required
from accounts.services.gate import alpr_gate, gate_exempt
from alpr_governance.client import client_address
from alpr_governance.confirm import confirmation_page, confirmed
from alpr_governance.forms import add_service_errors
from alpr_governance.tables import Table
from camera_ingest import selectors, services
from camera_ingest.forms import CameraForm, LegalHoldForm, ReleaseForm, VendorConfigForm
from camera_ingest.tables import (
    CAMERA_COLUMNS,
    DEAD_LETTER_COLUMNS,
    HOLD_COLUMNS,
    CameraFilterForm,
    DeadLetterFilterForm,
    HoldFilterForm,
)
from queries import services as access_records


def _show_secret(request, issued) -> None:
    # Shown once, on the next page only; never stored in clear.
    request.session["camera_secret"] = {"camera": issued.camera.pk, "secret": issued.secret}


@agency_admin_required
def camera_list(request):
    table = Table(
        request,
        selectors.camera_list_for(user=request.user),
        columns=CAMERA_COLUMNS,
        default="name",
        form=CameraFilterForm(request.GET),
    )
    return render(request, "camera_ingest/camera_list.html", {"table": table})


@agency_admin_required
def camera_create(request):
    form = CameraForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            issued = services.camera_create(
                actor=request.user,
                agency=request.user.agency,
                client_address=client_address(request),
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            _show_secret(request, issued)
            return redirect("camera_ingest:camera_detail", pk=issued.camera.pk)
    return render(request, "camera_ingest/camera_form.html", {"form": form})


def _device_setup(request, camera) -> dict:
    """What to type into the device: the exact URL and header for the camera's format."""
    name = "reads" if camera.vendor_format == camera.Format.NATIVE else camera.vendor_format
    url = request.build_absolute_uri(reverse(f"api:camera_ingest_api:ingest_{name}"))
    return {"url": url, "header": "Authorization: Bearer <the camera's secret>"}


@agency_admin_required
def camera_detail(request, pk: int, vendor_form=None, status=200):
    camera = selectors.camera_get_for(user=request.user, pk=pk)
    shown = request.session.pop("camera_secret", None)
    secret = shown["secret"] if shown and shown["camera"] == camera.pk else None
    vendor_form = vendor_form or VendorConfigForm(
        initial={"vendor_format": camera.vendor_format, "time_zone": camera.time_zone}
    )
    dead_letters = selectors.dead_letter_list_for(user=request.user).filter(camera=camera)
    return render(
        request,
        "camera_ingest/camera_detail.html",
        {
            "camera": camera,
            "secret": secret,
            "setup": _device_setup(request, camera),
            "vendor_form": vendor_form,
            "open_dead_letters": dead_letters.filter(replayed_at__isnull=True).count(),
        },
        status=status,
    )


@require_POST
@agency_admin_required
def camera_vendor(request, pk: int):
    camera = selectors.camera_get_for(user=request.user, pk=pk)
    form = VendorConfigForm(request.POST)
    if form.is_valid():
        try:
            services.camera_configure_vendor(actor=request.user, camera=camera, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Format and time zone saved. Configure the device below.")
            return redirect("camera_ingest:camera_detail", pk=pk)
    return camera_detail(request, pk=pk, vendor_form=form, status=400)


# Dead letters hold what cameras posted (plates, times, images): ALPR data, behind the gate.
@agency_admin_required
@alpr_gate
def dead_letter_list(request):
    table = Table(
        request,
        selectors.dead_letter_list_for(user=request.user),
        columns=DEAD_LETTER_COLUMNS,
        default="-received",
        form=DeadLetterFilterForm(request.GET),
    )
    return render(request, "camera_ingest/dead_letter_list.html", {"table": table})


@agency_admin_required
@alpr_gate
def dead_letter_detail(request, pk: int):
    letter = selectors.dead_letter_get_for(user=request.user, pk=pk)
    body = bytes(letter.body)
    return render(
        request,
        "camera_ingest/dead_letter_detail.html",
        {
            "letter": letter,
            "body_text": body[:20_000].decode("utf-8", "replace"),
            "body_cut": len(body) > 20_000,
            "replay_json": json.dumps(letter.replay_result, indent=2)
            if letter.replay_result
            else "",
        },
    )


@require_POST
@agency_admin_required
@alpr_gate
def dead_letter_replay(request, pk: int):
    letter = selectors.dead_letter_get_for(user=request.user, pk=pk)
    letter = services.dead_letter_replay(actor=request.user, dead_letter=letter)
    if letter.is_replayed:
        messages.success(request, "Replayed: the payload is stored.")
    else:
        messages.error(request, "The payload is still refused; see the replay result.")
    return redirect("camera_ingest:dead_letter_detail", pk=pk)


def _when(value) -> str:
    return date_format(timezone.localtime(value), "DATETIME_FORMAT")


def _last_posted(camera) -> str:
    """ "Main St last posted 2 minutes ago (2026-11-29 09:47 PST)", or "has never posted"."""
    last = camera.last_posted_at
    if last is None:
        return f"{camera.name} has never posted"
    ago = timesince(last, depth=1).replace("\xa0", " ")
    return f"{camera.name} last posted {ago} ago ({_when(last)})"


def _secret_impact(camera, *, revoking: bool) -> list[str]:
    """What ending the camera's secret does to the device, in the words of the camera page."""
    if revoking:
        consequence = "it will be refused until a new secret is issued."
    elif camera.is_revoked:
        consequence = (
            f"its secret was revoked {_when(camera.revoked_at)}; it can post again once it is "
            "reconfigured with the new secret."
        )
    else:
        consequence = "it will be refused until it is reconfigured with the new secret."
    lines = [f"{_last_posted(camera)}; {consequence}"]
    if not camera.enabled:
        lines.append(f"{camera.name} is disabled: its posts stay refused until it is enabled.")
    lines.append("Reads already received are kept; the act is recorded with your name.")
    return lines


@require_POST
@agency_admin_required
def camera_rotate(request, pk: int):
    """Issue a new secret, after a confirmation that says when the device last posted."""
    camera = selectors.camera_get_for(user=request.user, pk=pk)
    if not confirmed(request):
        return confirmation_page(
            request,
            title=f"Issue a new secret for {camera.name}?",
            impact=_secret_impact(camera, revoking=False),
            confirm_label=f"Issue a new secret for {camera.name}",
            cancel_url=reverse("camera_ingest:camera_detail", args=[camera.pk]),
        )
    _show_secret(
        request,
        services.camera_secret_rotate(
            actor=request.user, camera=camera, client_address=client_address(request)
        ),
    )
    messages.success(request, "A new secret is issued; the old one no longer works.")
    return redirect("camera_ingest:camera_detail", pk=pk)


@require_POST
@agency_admin_required
def camera_revoke(request, pk: int):
    """Revoke the secret, after a confirmation that says when the device last posted."""
    camera = selectors.camera_get_for(user=request.user, pk=pk)
    if not camera.is_revoked and not confirmed(request):
        return confirmation_page(
            request,
            title=f"Revoke the secret of {camera.name}?",
            impact=_secret_impact(camera, revoking=True),
            confirm_label=f"Revoke the secret of {camera.name}",
            cancel_url=reverse("camera_ingest:camera_detail", args=[camera.pk]),
        )
    services.camera_revoke(
        actor=request.user, camera=camera, client_address=client_address(request)
    )
    messages.success(request, "The camera's secret is revoked. Issue a new secret to use it again.")
    return redirect("camera_ingest:camera_detail", pk=pk)


@require_POST
@agency_admin_required
def camera_enabled(request, pk: int):
    camera = selectors.camera_get_for(user=request.user, pk=pk)
    enabled = request.POST.get("enabled") == "1"
    services.camera_set_enabled(
        actor=request.user,
        camera=camera,
        enabled=enabled,
        client_address=client_address(request),
    )
    messages.success(
        request, "Camera enabled." if enabled else "Camera disabled: its posts are refused."
    )
    return redirect("camera_ingest:camera_detail", pk=pk)


@gate_exempt("Lists holds and how many reads each keeps; shows no read.")
@agency_admin_required
def hold_list(request):
    table = Table(
        request,
        selectors.legal_hold_list_for(user=request.user),
        columns=HOLD_COLUMNS,
        default="-placed",
        form=HoldFilterForm(request.GET),
    )
    holds = table.rows
    counts = services.hold_counts(holds)
    for hold in holds:
        hold.held_count = counts.get(hold.pk, 0)
    return render(request, "camera_ingest/hold_list.html", {"table": table, "holds": holds})


@agency_admin_required
@alpr_gate
def hold_create(request):
    form = LegalHoldForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            hold = services.legal_hold_place(
                actor=request.user,
                case_number=data["case_number"],
                reason=data["reason"],
                description=data["description"],
                read_ids=data["read_ids"] or None,
                plate=data["plate"] or None,
                start=data["start"],
                end=data["end"],
                client_address=client_address(request),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, f"{hold.criteria['reads_held']} reads are on hold for {hold.case_number}."
            )
            return redirect("camera_ingest:hold_detail", pk=hold.pk)
    return render(request, "camera_ingest/hold_form.html", {"form": form})


@agency_admin_required
@alpr_gate
def hold_detail(request, pk: int):
    hold = selectors.legal_hold_get_for(user=request.user, pk=pk)
    reads = list(selectors.held_reads_for(user=request.user, hold=hold)[:500])
    access_records.held_reads_view_record(
        actor=request.user,
        hold=hold,
        read_ids=[read.read_id for read in reads],
        client_address=client_address(request),
    )
    return render(
        request,
        "camera_ingest/hold_detail.html",
        {"hold": hold, "reads": reads, "form": ReleaseForm()},
    )


@require_POST
@agency_admin_required
@alpr_gate
def hold_release(request, pk: int):
    hold = selectors.legal_hold_get_for(user=request.user, pk=pk)
    form = ReleaseForm(request.POST)
    if form.is_valid():
        services.legal_hold_release(
            actor=request.user,
            hold=hold,
            reason=form.cleaned_data["release_reason"],
            client_address=client_address(request),
        )
        messages.success(
            request, "The hold is released; its reads follow the normal retention again."
        )
        return redirect("camera_ingest:hold_detail", pk=pk)
    reads = selectors.held_reads_for(user=request.user, hold=hold)[:500]
    return render(
        request,
        "camera_ingest/hold_detail.html",
        {"hold": hold, "reads": reads, "form": form},
        status=400,
    )

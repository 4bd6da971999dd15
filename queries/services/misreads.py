"""Misread reports (53060.7(b)(7), 53060.9(b)(1)): an end-user who finds that a read's photo
does not show the plate the camera read reports it to the Division Administrator, who notifies
the agency of record and closes the report. Both see its status."""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts import permissions
from accounts.models import User
from accounts.services.governance import governance_record, snapshot
from camera_ingest.models import Camera
from queries.models import MisreadReport, SearchRequest

MAX_NOTE = 2000
_NOTICE_FIELDS = ("status", "notice_recipient", "notice_method", "notice_sent_at", "notice_note")
_CLOSE_FIELDS = ("status", "resolution", "closed_at", "closing_note")


def _snapshot(report: MisreadReport, fields) -> dict:
    # The governance record stores JSON: times as ISO 8601 text.
    return {
        name: value.isoformat() if isinstance(value, datetime) else value
        for name, value in snapshot(report, fields).items()
    }


def _administers_report(actor: User, report: MisreadReport) -> bool:
    from queries.selectors import misread_queue_for

    return misread_queue_for(user=actor).filter(pk=report.pk).exists()


def _locked(actor: User, report: MisreadReport) -> MisreadReport:
    """Re-check at write time that the report is in the actor's queue and that the actor's own
    standing still allows administering (accounts.permissions); lock its row."""
    if not _administers_report(actor, report):
        raise PermissionDenied("This report is not in a queue you administer.")
    if not permissions.standing_allows_admin(actor):
        raise PermissionDenied("Your own standing does not allow administering now.")
    return MisreadReport.objects.select_for_update().get(pk=report.pk)


def _note(value: str, field: str, *, required: str = "") -> str:
    """The note stripped and bounded; `required` is the message when it may not be empty."""
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: required})
    if len(value) > MAX_NOTE:
        raise ValidationError({field: f"Keep it under {MAX_NOTE} characters."})
    return value


def misread_report_create(
    *,
    actor: User,
    search_request: SearchRequest,
    read,
    description: str,
    plate_seen: str = "",
) -> MisreadReport:
    """Report that a read shown in one of the actor's own searches does not match its photo
    (53060.7(b)(7)). `read` is the PlateRead as the read door returned it; reporting it twice
    returns the first report."""
    if search_request.user_id != actor.pk or read.id not in (search_request.read_ids or []):
        # Only a read the person was shown can be reported, so ids reveal nothing.
        raise PermissionDenied("This read was not in one of your searches.")
    description = _note(
        description,
        "description",
        required="Say what the photo shows, so the administrator can check it.",
    )
    plate_seen = "".join(ch for ch in (plate_seen or "").upper() if ch.isalnum())[:16]
    existing = MisreadReport.objects.filter(reported_by=actor, read_id=read.id).first()
    if existing is not None:
        return existing
    camera_name = Camera.objects.filter(pk=read.camera_id).values_list("name", flat=True).first()
    try:
        with transaction.atomic():
            return MisreadReport.objects.create(
                agency_id=actor.agency_id,
                division_id=actor.division_id,
                reported_by=actor,
                search_request=search_request,
                read_id=read.id,
                read_seen_at=read.seen_at,
                read_agency_id=read.agency_id,
                camera_id=read.camera_id,
                camera_name=camera_name or "",
                plate_read=read.plate,
                region=read.region or "",
                plate_seen=plate_seen,
                description=description,
            )
    except IntegrityError:
        # The same person pressed twice at once: the first report stands.
        return MisreadReport.objects.get(reported_by=actor, read_id=read.id)


@transaction.atomic
def misread_notice_record(
    *,
    actor: User,
    report: MisreadReport,
    recipient: str,
    method: str,
    sent_at: datetime | None = None,
    note: str = "",
    client_address: str | None = None,
) -> MisreadReport:
    """Record the notice the Division Administrator sent to the agency of record
    (53060.7(b)(7)), with the governance record of the act."""
    report = _locked(actor, report)
    if MisreadReport.Status.NOTICE_SENT not in MisreadReport.TRANSITIONS[report.status]:
        raise ValidationError({"status": f"The report is {report.get_status_display().lower()}."})
    recipient = (recipient or "").strip()
    method = (method or "").strip()
    if not recipient:
        raise ValidationError({"notice_recipient": "Name who at the agency of record was told."})
    if not method:
        raise ValidationError({"notice_method": "Say how they were told (e-mail, phone...)."})
    sent_at = sent_at or timezone.now()
    if sent_at > timezone.now():
        raise ValidationError({"notice_sent_at": "A notice cannot be sent in the future."})
    before = _snapshot(report, _NOTICE_FIELDS)
    report.status = MisreadReport.Status.NOTICE_SENT
    report.notice_recipient = recipient[:200]
    report.notice_method = method[:100]
    report.notice_sent_at = sent_at
    report.notice_note = _note(note, "notice_note")
    report.notice_recorded_by = actor
    report.save()
    governance_record(
        actor=actor,
        agency=report.agency,
        division=report.division,
        action="misread.notice_recorded",
        subject=report,
        before=before,
        after=_snapshot(report, _NOTICE_FIELDS),
        client_address=client_address,
    )
    return report


@transaction.atomic
def misread_close(
    *,
    actor: User,
    report: MisreadReport,
    resolution: str,
    note: str = "",
    client_address: str | None = None,
) -> MisreadReport:
    """Close a misread report: after the agency of record was notified, or because the photo
    shows the read was right after all (then the reason is required). Recorded."""
    report = _locked(actor, report)
    if report.status == MisreadReport.Status.CLOSED:
        return report
    if resolution not in MisreadReport.Resolution.values:
        raise ValidationError({"resolution": "Choose how the report ends."})
    if (
        resolution == MisreadReport.Resolution.NOTIFIED
        and report.status != MisreadReport.Status.NOTICE_SENT
    ):
        raise ValidationError(
            {"resolution": "Record the notice to the agency of record before closing it so."}
        )
    note = _note(
        note,
        "closing_note",
        required="Say why the read is correct after all."
        if resolution == MisreadReport.Resolution.NOT_A_MISREAD
        else "",
    )
    before = _snapshot(report, _CLOSE_FIELDS)
    report.status = MisreadReport.Status.CLOSED
    report.resolution = resolution
    report.closing_note = note
    report.closed_at = timezone.now()
    report.closed_by = actor
    report.save()
    governance_record(
        actor=actor,
        agency=report.agency,
        division=report.division,
        action="misread.closed",
        subject=report,
        before=before,
        after=_snapshot(report, _CLOSE_FIELDS),
        reason=note,
        client_address=client_address,
    )
    return report

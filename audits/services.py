"""Every governed write of audits: open, assign, compile, dispose, sign, render, report, purge
(53060.5(c)(2)(A)-(D), 429.6, 429.8, GO 5.42 D.4 and H, 2.455.50).

Each act writes its governance record in its own transaction. A refused act changes nothing and
is recorded too: the check runs, the transaction rolls back, and the refusal is written after."""

import logging
import secrets
from datetime import date, datetime, timedelta
from smtplib import SMTPException

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from guardian.models import UserObjectPermission
from guardian.shortcuts import assign_perm, remove_perm

from accounts import permissions
from accounts.models import Agency, Division, Role, SecurityEvent, User
from accounts.services import governance_record, security_event_record, snapshot
from audits import rules
from audits.models import AuditCycle, AuditItem, AuditPacket, HiringAuthorityNotice
from audits.selectors import CYCLE_PERMISSION

logger = logging.getLogger(__name__)

State = AuditCycle.State
Disposition = AuditItem.Disposition

# Refusal codes (stable: shown to the user, stored on the refusal's record).
NOT_YOURS = "not_permitted"
PERIOD_OVERLAP = "period_overlap"
PERIOD_INVALID = "period_invalid"
WRONG_STATE = "cycle_wrong_state"
UNDISPOSED_ITEMS = "undisposed_items"
NOT_SIGNER = "not_signer"
PACKET_FINAL = "packet_final"
RETENTION_PASSED = "retention_passed"


def _snapshot(instance, fields) -> dict:
    """snapshot() with dates and times as ISO text, as the record's JSON holds them."""
    return {
        name: value.isoformat() if isinstance(value, date | datetime) else value
        for name, value in snapshot(instance, fields).items()
    }


class _Refusal(Exception):
    def __init__(self, code: str, message: str, field: str | None = None):
        super().__init__(message)
        self.code, self.message, self.field = code, message, field


def _refusal_recorded(*, actor, agency, division, subject, attempted, refusal, client_address):
    """Write the refusal's record (after the attempt rolled back) and raise it to the caller."""
    with transaction.atomic():
        governance_record(
            actor=actor,
            agency=agency,
            division=division,
            action="audit_refused",
            subject=subject,
            after={"attempted": attempted, "code": refusal.code},
            reason=refusal.message,
            client_address=client_address,
        )
    error = ValidationError(refusal.message, code=refusal.code)
    raise ValidationError({refusal.field: error} if refusal.field else error) from refusal


def _recorded(*, actor, cycle_or_division, attempted, client_address, work):
    """Run `work()` in a transaction; a _Refusal it raises is recorded and re-raised as a
    ValidationError carrying its code."""
    try:
        with transaction.atomic():
            return work()
    except _Refusal as refusal:
        if isinstance(cycle_or_division, AuditCycle):
            agency, division = cycle_or_division.agency, cycle_or_division.division
        else:
            agency, division = cycle_or_division.agency, cycle_or_division
        _refusal_recorded(
            actor=actor,
            agency=agency,
            division=division,
            subject=cycle_or_division,
            attempted=attempted,
            refusal=refusal,
            client_address=client_address,
        )


def access_refusal_record(*, actor: User, what: str, pk, client_address: str | None) -> None:
    """Record that someone asked for an audit object outside their scope (or missing: the two
    are not told apart, so ids reveal nothing)."""
    security_event_record(
        kind=SecurityEvent.Kind.ACCESS_REFUSED,
        user=actor,
        actor=actor,
        ip_address=client_address,
        refused=what,
        pk=str(pk)[:40],
    )


# --- Opening ----------------------------------------------------------------------------------


def _may_open(actor: User, division: Division) -> bool:
    """The division's Hiring Authority directs a cycle; its administrators (in standing) open one."""
    if not permissions.is_tenant_user(actor) or actor.agency_id != division.agency_id:
        return False
    if actor.role == Role.HIRING_AUTHORITY:
        return actor.division_id == division.pk
    return permissions.administers_division(
        actor, division.pk
    ) and permissions.standing_allows_admin(actor)


def _retain_until(agency: Agency, period_end: date) -> date:
    return period_end + timedelta(days=agency.audit_record_retention_days)


def _create_cycle(*, actor, division, period, origin, directive="") -> AuditCycle:
    agency = division.agency
    Division.objects.select_for_update().get(pk=division.pk)  # one opener per division at a time
    clash = (
        AuditCycle.objects.filter(division=division)
        .filter(period_start__lte=period[1], period_end__gte=period[0])
        .first()
    )
    if clash is not None:
        raise _Refusal(
            PERIOD_OVERLAP,
            f"The period overlaps the cycle {clash.period_start:%Y-%m-%d} to "
            f"{clash.period_end:%Y-%m-%d} of this division.",
            "period_start",
        )
    cycle = AuditCycle.objects.create(
        agency=agency,
        division=division,
        period_start=period[0],
        period_end=period[1],
        origin=origin,
        directive=directive,
        opened_by=actor,
        seed=secrets.randbits(62),
        sample_size=rules.default_sample_size(agency.audit_random_sample),
        retain_until=_retain_until(agency, period[1]),
    )
    governance_record(
        actor=actor,
        agency=agency,
        division=division,
        action="audit_cycle_opened",
        subject=cycle,
        after=_snapshot(cycle, ["period_start", "period_end", "origin", "seed", "sample_size"]),
        reason=directive,
    )
    return cycle


def cycle_open(
    *,
    actor: User,
    division: Division,
    period_start: date,
    period_end: date,
    directive: str = "",
    client_address: str | None = None,
) -> AuditCycle:
    """Open an extra cycle for any period, by an administrator or at the Hiring Authority's
    direction (53060.5(c)(2)(A): "or as directed by the Division's Hiring Authority")."""
    origin = (
        AuditCycle.Origin.HIRING_AUTHORITY
        if actor.role == Role.HIRING_AUTHORITY
        else AuditCycle.Origin.ADMINISTRATOR
    )

    def work():
        if not _may_open(actor, division):
            raise _Refusal(NOT_YOURS, "You may not open audit cycles for this division.")
        if period_end < period_start:
            raise _Refusal(PERIOD_INVALID, "The period ends before it starts.", "period_end")
        if period_end >= timezone.localdate() + timedelta(days=1):
            raise _Refusal(PERIOD_INVALID, "The period cannot end in the future.", "period_end")
        return _create_cycle(
            actor=actor,
            division=division,
            period=(period_start, period_end),
            origin=origin,
            directive=directive,
        )

    return _recorded(
        actor=actor,
        cycle_or_division=division,
        attempted="open",
        client_address=client_address,
        work=work,
    )


def cycles_open_due(*, agency: Agency, today: date | None = None, dry_run: bool = False) -> int:
    """Open, for each division, the cycle of the cadence period that last ended, unless a cycle
    already covers any of it (idempotent: the job may run twice a day)."""
    today = today or timezone.localdate()
    origin = timezone.localdate(agency.created_at)
    period = rules.last_completed_period(origin, agency.audit_cadence_days, today)
    if period is None:
        return 0
    opened = 0
    for division in agency.divisions.order_by("code"):
        overlapping = AuditCycle.objects.filter(
            division=division, period_start__lte=period[1], period_end__gte=period[0]
        ).exists()
        if overlapping:
            continue
        opened += 1
        if not dry_run:
            with transaction.atomic():
                _create_cycle(
                    actor=None, division=division, period=period, origin=AuditCycle.Origin.CADENCE
                )
    return opened


# --- Assignment and compilation ---------------------------------------------------------------


def administers(actor: User, cycle: AuditCycle) -> bool:
    """An administrator of the cycle's division (the agency's, or the division's)."""
    return actor.agency_id == cycle.agency_id and permissions.administers_division(
        actor, cycle.division_id
    )


def _administers_in_standing(actor: User, cycle: AuditCycle) -> bool:
    """Administrators act only while their own standing allows it (accounts/permissions.py)."""
    return administers(actor, cycle) and permissions.standing_allows_admin(actor)


def _is_assigned(actor: User, cycle: AuditCycle) -> bool:
    return cycle.auditor_id == actor.pk and actor.has_perm(CYCLE_PERMISSION, cycle)


def _locked(cycle: AuditCycle) -> AuditCycle:
    return (
        AuditCycle.objects.select_related("agency", "division")
        .select_for_update(of=("self",))
        .get(pk=cycle.pk)
    )


def cycle_auditor_assign(
    *, actor: User, cycle: AuditCycle, auditor: User, client_address: str | None = None
) -> AuditCycle:
    """Designate who compiles the cycle (53060.5(c)(2)(A)(1)); only they, of the auditors, see it."""

    def work():
        locked = _locked(cycle)
        if not _administers_in_standing(actor, locked):
            raise _Refusal(NOT_YOURS, "Only the division's administrators assign its auditor.")
        if locked.is_closed:
            raise _Refusal(WRONG_STATE, "A signed cycle cannot change.")
        if auditor.agency_id != locked.agency_id or not auditor.is_active:
            raise _Refusal(NOT_YOURS, "The auditor must be an active person of this agency.")
        before = _snapshot(locked, ["auditor"])
        if locked.auditor_id and locked.auditor_id != auditor.pk:
            remove_perm(CYCLE_PERMISSION, locked.auditor, locked)
        locked.auditor = auditor
        locked.save(update_fields=["auditor"])
        assign_perm(CYCLE_PERMISSION, auditor, locked)
        governance_record(
            actor=actor,
            agency=locked.agency,
            division=locked.division,
            action="audit_auditor_assigned",
            subject=locked,
            before=before,
            after=_snapshot(locked, ["auditor"]),
            client_address=client_address,
        )
        return locked

    return _recorded(
        actor=actor,
        cycle_or_division=cycle,
        attempted="assign",
        client_address=client_address,
        work=work,
    )


def may_review(actor: User, cycle: AuditCycle) -> bool:
    """The assigned designee, or the division's administrators (53060.5(c)(2)(A)-(A)(1))."""
    return _is_assigned(actor, cycle) or _administers_in_standing(actor, cycle)


def cycle_compile_start(
    *, actor: User, cycle: AuditCycle, client_address: str | None = None
) -> AuditCycle:
    """Start compiling the period (a Celery task after commit; progress is kept on the cycle)."""

    def work():
        locked = _locked(cycle)
        if not may_review(actor, locked):
            raise _Refusal(
                NOT_YOURS, "Only the assigned auditor or the division's administrators compile."
            )
        if locked.state != State.SCHEDULED:
            raise _Refusal(
                WRONG_STATE,
                f"The cycle is {locked.get_state_display().lower()}: it was compiled already.",
            )
        locked.state = State.COMPILING
        locked.progress, locked.progress_note, locked.compile_error = 0, "Queued", ""
        locked.compiled_by = actor
        locked.save(
            update_fields=["state", "progress", "progress_note", "compile_error", "compiled_by"]
        )
        governance_record(
            actor=actor,
            agency=locked.agency,
            division=locked.division,
            action="audit_compile_started",
            subject=locked,
            client_address=client_address,
        )
        from audits.tasks import compile_cycle

        transaction.on_commit(lambda: compile_cycle.delay(locked.pk))
        return locked

    return _recorded(
        actor=actor,
        cycle_or_division=cycle,
        attempted="compile",
        client_address=client_address,
        work=work,
    )


def cycle_compile_failed(*, cycle_id: int, error: str) -> None:
    """Back to scheduled, with the error shown on the page, so it can be compiled again."""
    with transaction.atomic():
        cycle = AuditCycle.objects.select_for_update().filter(pk=cycle_id).first()
        if cycle is None or cycle.state != State.COMPILING:
            return
        cycle.state, cycle.compile_error, cycle.progress_note = (
            State.SCHEDULED,
            error[-4000:],
            "Failed",
        )
        cycle.save(update_fields=["state", "compile_error", "progress_note"])


# --- Review -----------------------------------------------------------------------------------


def item_dispose(
    *,
    actor: User,
    item: AuditItem,
    disposition: str,
    note: str = "",
    client_address: str | None = None,
) -> AuditItem:
    """Dispose of a flag or sampled search: adequate, inadequate justification (reported to the
    Hiring Authority with the signed report, 53060.5(c)(2)(B)), or suspected misuse (reported
    to the Hiring Authority at once, (C))."""
    cycle = item.cycle

    def work():
        locked_cycle = _locked(cycle)
        if not may_review(actor, locked_cycle):
            raise _Refusal(
                NOT_YOURS,
                "Only the assigned auditor or the division's administrators dispose items.",
            )
        if locked_cycle.state != State.IN_REVIEW:
            raise _Refusal(
                WRONG_STATE,
                "Items are disposed while the cycle is in review; a signed cycle cannot change.",
            )
        if disposition not in Disposition.values:
            raise _Refusal(WRONG_STATE, "Choose a disposition.", "disposition")
        if disposition != Disposition.ADEQUATE and not note.strip():
            raise _Refusal(WRONG_STATE, "Say in a note what was found.", "note")
        locked = AuditItem.objects.select_for_update().get(pk=item.pk, cycle=locked_cycle)
        before = _snapshot(locked, ["disposition", "note"])
        locked.disposition, locked.note = disposition, note.strip()
        locked.disposed_by, locked.disposed_at = actor, timezone.now()
        locked.save(update_fields=["disposition", "note", "disposed_by", "disposed_at"])
        governance_record(
            actor=actor,
            agency=locked_cycle.agency,
            division=locked_cycle.division,
            action="audit_item_disposed",
            subject=locked,
            before=before,
            after=_snapshot(locked, ["disposition", "note"]),
            client_address=client_address,
        )
        if disposition == Disposition.SUSPECTED_MISUSE and before["disposition"] != disposition:
            _notice(
                cycle=locked_cycle,
                item=locked,
                kind=HiringAuthorityNotice.Kind.SUSPECTED_MISUSE,
                subject=f"Suspected misuse of ALPR: {locked_cycle.division.name}",
                body=(
                    f"Reported at once under 53060.5(c)(2)(C).\n\n"
                    f"Audit cycle: {locked_cycle}\nItem: {locked.title}\n"
                    f"Person: {locked.subject_username or 'several'}\n"
                    f"Finding: {locked.explanation}\n\nAuditor's note: {locked.note}\n"
                    f"Disposed by {actor.display_name} at {locked.disposed_at:%Y-%m-%d %H:%M}."
                ),
            )
        return locked

    return _recorded(
        actor=actor,
        cycle_or_division=cycle,
        attempted="dispose",
        client_address=client_address,
        work=work,
    )


def hiring_authority_recipients(division: Division) -> list[str]:
    """The division's Hiring Authority: the address on the division, and HA accounts of it."""
    addresses = [division.hiring_authority_email] if division.hiring_authority_email else []
    addresses += list(
        User.objects.filter(division=division, role=Role.HIRING_AUTHORITY, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    return sorted(set(addresses))


def _notice(*, cycle, item, kind, subject, body) -> HiringAuthorityNotice:
    notice = HiringAuthorityNotice.objects.create(
        cycle=cycle,
        item=item,
        kind=kind,
        subject=subject,
        body=body,
        recipients=hiring_authority_recipients(cycle.division),
    )
    transaction.on_commit(lambda: notice_email_send(notice_id=notice.pk))
    return notice


def notice_email_send(*, notice_id: int) -> None:
    """E-mail a notice after its act committed. A mail outage leaves the act done and the
    notice in the app, with the failure noted on it for the administrators to follow up."""
    notice = HiringAuthorityNotice.objects.filter(pk=notice_id).first()
    if notice is None or not notice.recipients or notice.emailed_at:
        return
    try:
        send_mail(
            f"[ALPR] {notice.subject}",
            notice.body,
            settings.DEFAULT_FROM_EMAIL,
            notice.recipients,
            fail_silently=False,
        )
    except (SMTPException, OSError) as error:
        logger.warning("Hiring Authority notice %s not e-mailed: %s", notice.pk, error)
        HiringAuthorityNotice.objects.filter(pk=notice.pk).update(email_error=str(error)[:1000])
    else:
        HiringAuthorityNotice.objects.filter(pk=notice.pk).update(emailed_at=timezone.now())


# --- Signing, packet, report ------------------------------------------------------------------


def may_sign(actor: User, cycle: AuditCycle) -> bool:
    """The role the agency's policy names signs, for a division it administers."""
    return actor.role in rules.signer_roles(cycle.agency.purpose_mode) and _administers_in_standing(
        actor, cycle
    )


def cycle_sign(*, actor: User, cycle: AuditCycle, client_address: str | None = None) -> AuditCycle:
    """Sign the cycle once every item is disposed; from then on it cannot change (429.8: the
    ALPR Administrator reviews and approves; 53060.5(c)(2)(A): the Division Administrator)."""

    def work():
        locked = _locked(cycle)
        if not may_sign(actor, locked):
            raise _Refusal(
                NOT_SIGNER,
                f"This cycle is signed by the {rules.signer_title(locked.agency.purpose_mode)} "
                "of the division.",
            )
        if locked.state != State.IN_REVIEW:
            raise _Refusal(
                WRONG_STATE,
                f"The cycle is {locked.get_state_display().lower()}; only a cycle in review is signed.",
            )
        open_items = locked.items.filter(disposition="").count()
        if open_items:
            raise _Refusal(
                UNDISPOSED_ITEMS,
                f"{open_items} item(s) have no disposition yet; dispose every flag and sampled "
                "search before signing.",
            )
        locked.state, locked.signed_at, locked.signed_by = State.SIGNED, timezone.now(), actor
        locked.signed_role = rules.signer_title(locked.agency.purpose_mode)
        locked.save(update_fields=["state", "signed_at", "signed_by", "signed_role"])
        governance_record(
            actor=actor,
            agency=locked.agency,
            division=locked.division,
            action="audit_cycle_signed",
            subject=locked,
            after=_snapshot(locked, ["state", "signed_at", "signed_role"]),
            client_address=client_address,
        )
        _packet_request(actor=actor, cycle=locked, final=True)
        return locked

    return _recorded(
        actor=actor,
        cycle_or_division=cycle,
        attempted="sign",
        client_address=client_address,
        work=work,
    )


def _packet_request(*, actor, cycle, final: bool) -> AuditPacket:
    packet = AuditPacket.objects.create(cycle=cycle, final=final, requested_by=actor)
    from audits.tasks import render_packet

    transaction.on_commit(lambda: render_packet.delay(packet.pk))
    return packet


def packet_render_request(
    *, actor: User, cycle: AuditCycle, client_address: str | None = None
) -> AuditPacket:
    """Render a draft packet while in review; the signed cycle's packet is rendered once, at
    signing, and never again."""

    def work():
        locked = _locked(cycle)
        if not (may_review(actor, locked)):
            raise _Refusal(
                NOT_YOURS,
                "Only the assigned auditor or the division's administrators render packets.",
            )
        if locked.is_closed:
            raise _Refusal(
                PACKET_FINAL, "The cycle is signed: its packet is final and is not rendered again."
            )
        if locked.state != State.IN_REVIEW:
            raise _Refusal(WRONG_STATE, "Compile the cycle before rendering its packet.")
        governance_record(
            actor=actor,
            agency=locked.agency,
            division=locked.division,
            action="audit_packet_requested",
            subject=locked,
            client_address=client_address,
        )
        return _packet_request(actor=actor, cycle=locked, final=False)

    return _recorded(
        actor=actor,
        cycle_or_division=cycle,
        attempted="render",
        client_address=client_address,
        work=work,
    )


def cycle_report(*, cycle: AuditCycle) -> AuditCycle:
    """Send the signed results to the Hiring Authority: every inadequate justification
    (53060.5(c)(2)(B)) and the suspected misuse already reported (C); the cycle is then reported."""
    with transaction.atomic():
        locked = _locked(cycle)
        if locked.state != State.SIGNED:
            return locked
        packet = locked.packets.filter(final=True, state=AuditPacket.State.READY).first()
        inadequate = list(locked.items.filter(disposition=Disposition.INADEQUATE_JUSTIFICATION))
        misuse = list(locked.items.filter(disposition=Disposition.SUSPECTED_MISUSE))
        lines = [
            f"Audit of {locked.division.name}, {locked.period_start:%Y-%m-%d} to "
            f"{locked.period_end:%Y-%m-%d}, signed by {locked.signed_by.display_name} "
            f"({locked.signed_role}) on {locked.signed_at:%Y-%m-%d}.",
            "",
            f"Inadequate justifications (53060.5(c)(2)(B)): {len(inadequate)}",
            *[
                f"- {i.subject_username or 'several users'}: {i.title}. {i.note}"
                for i in inadequate
            ],
            "",
            f"Suspected misuse, already reported at once (53060.5(c)(2)(C)): {len(misuse)}",
            *[f"- {i.subject_username or 'several users'}: {i.title}. {i.note}" for i in misuse],
        ]
        if packet is not None:
            lines += ["", f"Audit packet SHA-256: {packet.sha256} ({packet.pages} pages)."]
        _notice(
            cycle=locked,
            item=None,
            kind=HiringAuthorityNotice.Kind.REPORT,
            subject=f"Signed ALPR audit report: {locked.division.name}",
            body="\n".join(lines),
        )
        locked.state, locked.reported_at = State.REPORTED, timezone.now()
        locked.save(update_fields=["state", "reported_at"])
        governance_record(
            actor=None,
            agency=locked.agency,
            division=locked.division,
            action="audit_cycle_reported",
            subject=locked,
            after={"inadequate": len(inadequate), "suspected_misuse": len(misuse)},
        )
        return locked


def packet_download_check(
    *, actor: User, packet: AuditPacket, client_address: str | None = None
) -> AuditPacket:
    """A packet leaves only within the agency's audit-record retention; a late request is
    refused and recorded (429.8)."""

    def work():
        if packet.cycle.retain_until < timezone.localdate():
            raise _Refusal(
                RETENTION_PASSED,
                f"This packet's retention ended on {packet.cycle.retain_until:%Y-%m-%d}; "
                "it is no longer released and will be purged.",
            )
        governance_record(
            actor=actor,
            agency=packet.cycle.agency,
            division=packet.cycle.division,
            action="audit_packet_downloaded",
            subject=packet,
            client_address=client_address,
        )
        return packet

    return _recorded(
        actor=actor,
        cycle_or_division=packet.cycle,
        attempted="download",
        client_address=client_address,
        work=work,
    )


# --- Retention --------------------------------------------------------------------------------


def cycles_purge_expired(
    *, agency: Agency, today: date | None = None, dry_run: bool = False
) -> dict:
    """Purge cycles, their items, notices and packet files past the agency's audit-record
    retention (429.8: three years)."""
    today = today or timezone.localdate()
    expired = AuditCycle.objects.filter(agency=agency, retain_until__lt=today)
    counts = {
        "cycles": expired.count(),
        "packets": AuditPacket.objects.filter(cycle__in=expired).count(),
    }
    if dry_run:
        return counts
    for cycle in expired.order_by("pk"):
        with transaction.atomic():
            files = [p.file for p in cycle.packets.exclude(file="")]
            governance_record(
                actor=None,
                agency=agency,
                division=cycle.division,
                action="audit_cycle_purged",
                subject=cycle,
                before=_snapshot(cycle, ["period_start", "period_end", "state", "retain_until"]),
                reason="Audit-record retention passed.",
            )
            # The assigned auditor's object permission goes with the cycle.
            UserObjectPermission.objects.filter(
                content_type=ContentType.objects.get_for_model(AuditCycle), object_pk=str(cycle.pk)
            ).delete()
            cycle.delete()
            transaction.on_commit(lambda files=files: [f.delete(save=False) for f in files])
    return counts


def access_records_export_record(
    *, actor: User, cycle: AuditCycle, client_address: str | None = None
) -> None:
    """Record that the period's access records left the system as CSV."""
    with transaction.atomic():
        governance_record(
            actor=actor,
            agency=cycle.agency,
            division=cycle.division,
            action="audit_access_records_exported",
            subject=cycle,
            client_address=client_address,
        )

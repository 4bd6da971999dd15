"""Every governed write of sharing (DESIGN.md section 7): partners, agreements, disclosures, their
exports and the ledger. Each act writes its ledger entry (and, for administrative acts, its
governance record) in its own transaction; a refusal is recorded in a transaction of its own and
then raised, so the record survives the refusal (1798.90.55(b), 429.7, 53060.10).
"""

import csv
import hashlib
import io
import uuid
import zipfile
from datetime import date, datetime, timedelta
from email import policy as email_policy
from email.parser import BytesParser

from django.core.cache import cache
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from accounts import permissions
from accounts.models import Agency, User
from accounts.services.governance import governance_record, snapshot
from alpr_governance.appendonly import ChainBreak, chain_append, chain_verify
from alpr_governance.violations import Violation
from camera_ingest.models import ReadImage
from sharing import rules
from sharing.models import Disclosure, LedgerEntry, PartnerAgency, SharingAgreement

# Codes of refusals that are not eligibility or purpose rules (stable, part of the API).
NOT_ADMINISTRATOR = "not_sharing_administrator"
OWN_REQUEST = "approving_own_request"
NOT_PENDING = "disclosure_already_decided"
EXPORT_DESTROYED = "export_destroyed"
EMAIL_ORIGINAL_REQUIRED = "original_email_required"
EMAIL_ORIGINAL_INVALID = "original_email_invalid"
DATES_INVALID = "agreement_dates_invalid"
GRANTEE_NOT_IN_SYSTEM = "grantee_not_in_system"
CASE_NUMBER_REQUIRED = "case_number_required"
REQUESTER_REQUIRED = "requester_required"
PLATE_REQUIRED = "plate_required"

# The audit flag an immigration or reproductive-health purpose raises on a sharing act
# (53060.4(c)-(d), GO 5.42 G.3, Penal Code 13778.2): the audit compilation reads ledger entries
# whose detail carries it.
AUDIT_FLAG_PROHIBITED_PURPOSE = "sharing_prohibited_purpose"
_PROHIBITED_CODES = {"prohibited_purpose_immigration", "prohibited_purpose_reproductive_health"}

MAX_EMAIL_BYTES = 10 * 1024 * 1024


class SharingRefused(ValidationError):
    """A refused sharing act: its violations ({code, field, message}), already recorded."""

    def __init__(self, violations: list[Violation]):
        self.violations = violations
        super().__init__(
            {
                (v.field or NON_FIELD_ERRORS): [ValidationError(v.message, code=v.code)]
                for v in violations
            }
        )


# --- The ledger ------------------------------------------------------------------------------


def ledger_append(
    *,
    agency: Agency,
    kind: str,
    actor: User | None = None,
    partner: PartnerAgency | None = None,
    partner_agency_id: int | None = None,
    case_number: str = "",
    purpose: str = "",
    read_count: int = 0,
    agreement_id: int | None = None,
    disclosure_id: int | None = None,
    search_request_id: int | None = None,
    codes: list[str] = (),
    detail: dict | None = None,
    client_address: str | None = None,
    at: datetime | None = None,
) -> LedgerEntry:
    """Append one entry to `agency`'s ledger chain, in the caller's transaction."""
    if partner is not None and partner_agency_id is None:
        partner_agency_id = partner.system_agency_id
    return chain_append(
        LedgerEntry,
        agency_id=agency.pk,
        partner_agency_id=partner_agency_id,
        partner_name=(partner.name if partner is not None else "")[:200],
        kind=kind,
        at=at or timezone.now(),
        actor_id=actor.pk if actor is not None else None,
        actor_username=actor.username if actor is not None else "",
        actor_agency_id=actor.agency_id if actor is not None else None,
        case_number=case_number[:100],
        purpose=purpose,
        read_count=read_count,
        agreement_id=agreement_id,
        disclosure_id=disclosure_id,
        search_request_id=search_request_id,
        codes=list(codes),
        detail=detail or {},
        client_address=client_address,
    )


def _refuse(
    violations: list[Violation],
    *,
    agency: Agency | None,
    actor: User | None,
    action: str,
    partner: PartnerAgency | None = None,
    case_number: str = "",
    purpose: str = "",
    client_address: str | None = None,
    agreement_id: int | None = None,
    disclosure_id: int | None = None,
):
    """Record a refused sharing act on the ledger, then raise it (bad input is recorded too)."""
    codes = [v.code for v in violations]
    detail = {"action": action}
    if _PROHIBITED_CODES & set(codes):
        detail["audit_flag"] = AUDIT_FLAG_PROHIBITED_PURPOSE
    if agency is not None:
        with transaction.atomic():
            ledger_append(
                agency=agency,
                kind=LedgerEntry.Kind.REFUSED,
                actor=actor,
                partner=partner,
                case_number=case_number,
                purpose=purpose,
                codes=codes,
                detail=detail,
                client_address=client_address,
                agreement_id=agreement_id,
                disclosure_id=disclosure_id,
            )
    raise SharingRefused(violations)


def _administrator_violations(actor: User, agency: Agency, approver: str) -> list[Violation]:
    """The actor administers `agency` with standing: its agency administrator, or (where the
    profile lets any administrator approve) one of its division administrators."""
    if (
        actor is None
        or actor.agency_id != agency.pk
        or not permissions.standing_allows_admin(actor)
    ):
        allowed = False
    elif approver == rules.APPROVER_AGENCY_ADMIN:
        allowed = permissions.administers_agency(actor, agency.pk)
    else:
        allowed = permissions.is_people_admin(actor)
    if allowed:
        return []
    who = (
        "the agency's administrator"
        if approver == rules.APPROVER_AGENCY_ADMIN
        else "an administrator of the agency"
    )
    return [Violation(NOT_ADMINISTRATOR, None, f"Only {who}, in good standing, may do this.")]


def _purpose_violations(actor: User, purpose: str, need: str | None) -> list[Violation]:
    """The same prohibitions as a search (queries/rules.py), for a sharing purpose and need."""
    from queries import rules as purpose_rules

    profile = purpose_rules.PurposeProfile.for_division(actor.division)
    found = purpose_rules.check_disclosure_purpose(
        purpose, purpose if need is None else need, profile
    )
    if need is None:
        found = [v for v in found if v.field == "purpose"]
    return found


# --- Partners --------------------------------------------------------------------------------


def partner_eligibility(*, sharing_agency: Agency, partner: PartnerAgency) -> list[Violation]:
    """Why `sharing_agency` may not share with `partner` (sharing/rules.py); empty if it may."""
    return rules.eligibility_violations(
        kind=partner.kind,
        jurisdiction_state=partner.jurisdiction_state,
        mode=sharing_agency.purpose_mode,
    )


def partner_record(
    *,
    actor: User,
    name: str,
    jurisdiction_state: str,
    kind: str,
    contact: str = "",
    verification_evidence: str = "",
    client_address: str | None = None,
) -> PartnerAgency:
    """Record an external agency in the actor's registry, with who verified its classification,
    when, and on what evidence. Any agency may be recorded (so a refusal names it); whether it
    may receive data is computed on every act (1798.90.5(f))."""
    agency = actor.agency
    problems = _administrator_violations(actor, agency, rules.APPROVER_AGENCY_ADMIN)
    if not name.strip():
        problems.append(Violation("name_required", "name", "Name the agency."))
    if kind not in rules.CALIFORNIA_PUBLIC_KINDS | rules.NEVER_ELIGIBLE_KINDS:
        problems.append(Violation("kind_unknown", "kind", "Choose the kind of agency."))
    if not verification_evidence.strip():
        problems.append(
            Violation(
                "evidence_required",
                "verification_evidence",
                "Say how the classification was verified (statute, charter, letterhead...).",
            )
        )
    if problems:
        _refuse(
            problems,
            agency=agency,
            actor=actor,
            action="partner_record",
            client_address=client_address,
        )
    with transaction.atomic():
        partner = PartnerAgency.objects.create(
            agency=agency,
            name=name.strip()[:200],
            jurisdiction_state=(jurisdiction_state or "").strip().upper()[:2],
            kind=kind,
            contact=contact.strip()[:300],
            verified_by=actor,
            verified_at=timezone.now(),
            verification_evidence=verification_evidence.strip(),
        )
        eligible = not partner_eligibility(sharing_agency=agency, partner=partner)
        governance_record(
            actor=actor,
            agency=agency,
            action="sharing_partner_recorded",
            subject=partner,
            after=snapshot(partner, ["name", "jurisdiction_state", "kind", "contact"]),
            reason=verification_evidence,
            client_address=client_address,
        )
        ledger_append(
            agency=agency,
            kind=LedgerEntry.Kind.PARTNER_RECORDED,
            actor=actor,
            partner=partner,
            detail={
                "kind": kind,
                "jurisdiction_state": partner.jurisdiction_state,
                "eligible": eligible,
            },
            client_address=client_address,
        )
    return partner


def partner_for_system_agency(*, agency: Agency, other: Agency) -> PartnerAgency:
    """The registry row of another agency of this system, created on first use from its preset
    (classified by sharing/rules.py, not by a person)."""
    partner, _ = PartnerAgency.objects.get_or_create(
        agency=agency,
        system_agency=other,
        defaults={
            "name": other.name,
            "jurisdiction_state": "CA",
            "kind": rules.system_agency_kind(other.purpose_mode),
            "verification_evidence": f"Agency of this system, created from the {other.preset} preset.",
        },
    )
    return partner


def partners_sync_system_agencies(*, agency: Agency) -> int:
    """Make sure every other agency of the system is in `agency`'s registry; returns new rows."""
    existing = set(
        PartnerAgency.objects.filter(agency=agency, system_agency__isnull=False).values_list(
            "system_agency_id", flat=True
        )
    )
    created = 0
    for other in Agency.objects.exclude(pk=agency.pk).exclude(pk__in=existing):
        partner_for_system_agency(agency=agency, other=other)
        created += 1
    return created


# --- Standing agreements ---------------------------------------------------------------------


def agreement_approve(
    *,
    actor: User,
    partner: PartnerAgency,
    purpose: str,
    starts_on: date,
    ends_on: date,
    client_address: str | None = None,
) -> SharingAgreement:
    """Grant a partner agency of the system search access to our reads for a documented purpose
    and period, approved by our agency's administrator (1798.90.55(b), 53060.10, 429.7, GO 5.42
    G.4, 2.455.40). Takes effect only in queries.selectors.searchable_agency_ids_for."""
    agency = actor.agency if actor is not None else None
    if agency is None or partner.agency_id != agency.pk:
        # Another agency's registry row answers like a missing one (the view 404s before this).
        raise SharingRefused([Violation("partner_unknown", "partner", "No such partner.")])
    problems = _administrator_violations(actor, agency, rules.APPROVER_AGENCY_ADMIN)
    problems += partner_eligibility(sharing_agency=agency, partner=partner)
    if partner.system_agency_id is None:
        problems.append(
            Violation(
                GRANTEE_NOT_IN_SYSTEM,
                "partner",
                "A standing agreement lets an agency of this system search; for an agency "
                "outside it, record a disclosure.",
            )
        )
    if starts_on is None or ends_on is None or ends_on < starts_on:
        problems.append(
            Violation(DATES_INVALID, "ends_on", "The agreement must end on or after it starts.")
        )
    elif ends_on < timezone.localdate():
        problems.append(
            Violation(DATES_INVALID, "ends_on", "The agreement would already have ended.")
        )
    problems += _purpose_violations(actor, purpose, None)
    if problems:
        _refuse(
            problems,
            agency=agency,
            actor=actor,
            action="agreement_approve",
            partner=partner,
            purpose=purpose,
            client_address=client_address,
        )
    with transaction.atomic():
        agreement = SharingAgreement.objects.create(
            agency=agency,
            partner=partner,
            grantee_id=partner.system_agency_id,
            purpose=purpose.strip(),
            starts_on=starts_on,
            ends_on=ends_on,
            approved_by=actor,
        )
        _grantors_forget(agreement.grantee_id)
        governance_record(
            actor=actor,
            agency=agency,
            action="sharing_agreement_approved",
            subject=agreement,
            after=snapshot(agreement, ["grantee", "purpose", "starts_on", "ends_on"]),
            client_address=client_address,
        )
        ledger_append(
            agency=agency,
            kind=LedgerEntry.Kind.AGREEMENT_APPROVED,
            actor=actor,
            partner=partner,
            purpose=agreement.purpose,
            agreement_id=agreement.pk,
            detail={"starts_on": starts_on.isoformat(), "ends_on": ends_on.isoformat()},
            client_address=client_address,
        )
    return agreement


def agreement_revoke(
    *, actor: User, agreement: SharingAgreement, reason: str, client_address: str | None = None
) -> SharingAgreement:
    """End a standing agreement at once: the grantee's searches, and the result pages of its past
    searches, stop including our reads from this moment (1798.90.55(b))."""
    agency = agreement.agency
    problems = _administrator_violations(actor, agency, rules.APPROVER_AGENCY_ADMIN)
    if not reason.strip():
        problems.append(Violation("reason_required", "reason", "Say why the agreement is revoked."))
    if problems:
        _refuse(
            problems,
            agency=agency,
            actor=actor,
            action="agreement_revoke",
            partner=agreement.partner,
            agreement_id=agreement.pk,
            client_address=client_address,
        )
    with transaction.atomic():
        locked = SharingAgreement.objects.select_for_update().get(pk=agreement.pk)
        if locked.revoked_at is not None:
            return locked
        before = snapshot(locked, ["revoked_at", "revoke_reason"])
        locked.revoked_at = timezone.now()
        locked.revoked_by = actor
        locked.revoke_reason = reason.strip()
        locked.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
        _grantors_forget(locked.grantee_id)
        governance_record(
            actor=actor,
            agency=agency,
            action="sharing_agreement_revoked",
            subject=locked,
            before=before,
            after=snapshot(locked, ["revoked_at", "revoke_reason"]),
            reason=reason,
            client_address=client_address,
        )
        ledger_append(
            agency=agency,
            kind=LedgerEntry.Kind.AGREEMENT_REVOKED,
            actor=actor,
            partner=locked.partner,
            purpose=locked.purpose,
            agreement_id=locked.pk,
            detail={"reason": reason.strip()},
            client_address=client_address,
        )
    return locked


def _grantors_key(grantee_id: int, day: date) -> str:
    return f"sharing:grantors:{grantee_id}:{day.isoformat()}"


def _grantors_forget(grantee_id: int) -> None:
    """Drop the cached answer of the door for `grantee_id` (a change of its agreements): now, and
    again once the change is committed, so a reader between the two cannot keep the old answer."""
    today = timezone.localdate()
    keys = [_grantors_key(grantee_id, today + timedelta(days=shift)) for shift in (-1, 0, 1)]
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


def _granting_agency_ids_uncached(grantee_id: int, today: date) -> list[int]:
    rows = SharingAgreement.objects.filter(
        grantee_id=grantee_id,
        revoked_at__isnull=True,
        starts_on__lte=today,
        ends_on__gte=today,
    ).select_related("agency", "partner")
    return sorted(
        {
            row.agency_id
            for row in rows
            if not partner_eligibility(sharing_agency=row.agency, partner=row.partner)
        }
    )


def granting_agency_ids(*, grantee_id: int, today: date | None = None) -> list[int]:
    """Agencies whose active standing agreement lets `grantee_id` search their reads, for the one
    door (queries.selectors.searchable_agency_ids_for) and only for it. Eligibility is re-computed
    here: an agreement whose partner is no longer eligible opens nothing.

    The door is asked several times per search; the answer is cached per grantee and day (dates
    are what agreements start and end on, so expiry needs no invalidation) and forgotten by every
    approval and revocation (`_grantors_forget`), so a revocation still ends access at once."""
    if today is not None:
        return _granting_agency_ids_uncached(grantee_id, today)
    today = timezone.localdate()
    key = _grantors_key(grantee_id, today)
    found = cache.get(key)
    if found is None:
        found = _granting_agency_ids_uncached(grantee_id, today)
        cache.set(key, found, timeout=3600)
    return list(found)


# --- Cross-agency hits -----------------------------------------------------------------------


def cross_agency_hits_record(*, record) -> list[LedgerEntry]:
    """Called by the search service inside the transaction that writes the access record: one
    ledger entry per other agency whose reads the search returned (who, when, case number,
    purpose, how many reads), on that agency's ledger and visible to the searcher's agency."""
    entries = []
    for key, count in sorted((record.agency_counts or {}).items()):
        owner_id = int(key)
        if owner_id == record.agency_id or not count:
            continue
        entries.append(
            chain_append(
                LedgerEntry,
                agency_id=owner_id,
                partner_agency_id=record.agency_id,
                partner_name=PartnerAgency.objects.filter(
                    agency_id=owner_id, system_agency_id=record.agency_id
                )
                .values_list("name", flat=True)
                .first()
                or "",
                kind=LedgerEntry.Kind.CROSS_AGENCY_HIT,
                at=record.at,
                actor_id=record.user_id,
                actor_username=record.username,
                actor_agency_id=record.agency_id,
                case_number=record.case_number,
                purpose=f"{record.purpose_category}: {record.justification}"[:2000],
                read_count=int(count),
                agreement_id=None,
                disclosure_id=None,
                search_request_id=record.pk,
                codes=[],
                detail={},
                client_address=record.client_address,
            )
        )
    return entries


# --- Disclosures -----------------------------------------------------------------------------


def disclosure_request(
    *,
    actor: User,
    partner: PartnerAgency,
    requester_name: str,
    requester_contact: str,
    purpose: str,
    need: str,
    case_number: str,
    plate: str,
    window_start: datetime,
    window_end: datetime,
    client_address: str | None = None,
) -> Disclosure:
    """Record a partner's ad-hoc request (429.7): requester, documented purpose and need (checked
    by the same purpose rules as searches), case number, and the reads asked for (a plate within
    a window of our agency's reads)."""
    agency = actor.agency
    if partner.agency_id != agency.pk:
        raise SharingRefused([Violation("partner_unknown", "partner", "No such partner.")])
    problems = _administrator_violations(actor, agency, rules.APPROVER_ANY_ADMIN)
    problems += partner_eligibility(sharing_agency=agency, partner=partner)
    if not requester_name.strip():
        problems.append(
            Violation(REQUESTER_REQUIRED, "requester_name", "Name the person who asks.")
        )
    if not case_number.strip():
        problems.append(
            Violation(CASE_NUMBER_REQUIRED, "case_number", "Give the requester's case number.")
        )
    normalised = "".join(ch for ch in (plate or "").upper() if ch.isalnum())
    if not normalised:
        problems.append(Violation(PLATE_REQUIRED, "plate", "Give the plate the request is about."))
    if window_start is None or window_end is None or window_end <= window_start:
        problems.append(
            Violation("window_invalid", "window_end", "The window must end after it starts.")
        )
    problems += _purpose_violations(actor, purpose, need)
    if problems:
        _refuse(
            problems,
            agency=agency,
            actor=actor,
            action="disclosure_request",
            partner=partner,
            case_number=case_number,
            purpose=purpose,
            client_address=client_address,
        )
    with transaction.atomic():
        disclosure = Disclosure.objects.create(
            agency=agency,
            partner=partner,
            requester_name=requester_name.strip()[:200],
            requester_contact=requester_contact.strip()[:300],
            purpose=purpose.strip(),
            need=need.strip(),
            case_number=case_number.strip()[:100],
            plate=normalised[:20],
            window_start=window_start,
            window_end=window_end,
            entered_by=actor,
        )
        ledger_append(
            agency=agency,
            kind=LedgerEntry.Kind.DISCLOSURE_REQUESTED,
            actor=actor,
            partner=partner,
            case_number=disclosure.case_number,
            purpose=disclosure.purpose,
            disclosure_id=disclosure.pk,
            detail={"need": disclosure.need, "requester": disclosure.requester_name},
            client_address=client_address,
        )
    return disclosure


def _decision_problems(actor: User, disclosure: Disclosure) -> list[Violation]:
    agency = disclosure.agency
    profile = rules.sharing_profile(agency.purpose_mode)
    problems = _administrator_violations(actor, agency, profile.approver)
    if actor is not None and actor.pk == disclosure.entered_by_id:
        problems.append(
            Violation(
                OWN_REQUEST, None, "You entered this request: another administrator decides it."
            )
        )
    if disclosure.status != Disclosure.Status.PENDING:
        problems.append(Violation(NOT_PENDING, None, "This request has already been decided."))
    return problems


def _validated_email(original_email) -> bytes:
    data = original_email.read(MAX_EMAIL_BYTES + 1)
    if len(data) > MAX_EMAIL_BYTES or not data.strip():
        raise ValueError
    message = BytesParser(policy=email_policy.default).parsebytes(data)
    if not message["From"] or not (message["Date"] or message["Subject"]):
        raise ValueError
    return data


def disclosure_export_bytes(*, disclosure: Disclosure) -> tuple[bytes, int]:
    """The export of a disclosure: the reads of our agency matching its plate and window, as a
    CSV plus their photos, zipped (deterministic file order). Returns (zip bytes, read count)."""
    from queries import selectors as read_selectors

    reads = list(
        read_selectors.disclosure_reads(agency_id=disclosure.agency_id)
        .filter(
            plate=disclosure.plate,
            seen_at__gte=disclosure.window_start,
            seen_at__lt=disclosure.window_end,
        )
        .order_by("seen_at", "id")
    )
    images = ReadImage.objects.filter(
        agency_id=disclosure.agency_id, read_id__in=[r.pk for r in reads]
    ).order_by("read_id", "kind")
    table = io.StringIO()
    writer = csv.writer(table)
    writer.writerow(
        [
            "read_id",
            "seen_at",
            "plate",
            "region",
            "camera_id",
            "latitude",
            "longitude",
            "confidence",
        ]
    )
    for read in reads:
        writer.writerow(
            [
                read.pk,
                read.seen_at.isoformat(),
                read.plate,
                read.region,
                read.camera_id,
                read.latitude,
                read.longitude,
                read.confidence,
            ]
        )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            zipfile.ZipInfo("reads.csv", date_time=(2000, 1, 1, 0, 0, 0)), table.getvalue()
        )
        for image in images:
            with image.file.open("rb") as handle:
                extension = image.file.name.rsplit(".", 1)[-1][:5]
                name = f"photos/{image.read_id}-{image.kind}.{extension}"
                archive.writestr(
                    zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0)), handle.read()
                )
    return buffer.getvalue(), len(reads)


def disclosure_approve(
    *,
    actor: User,
    disclosure: Disclosure,
    reason: str,
    method: str,
    original_email=None,
    client_address: str | None = None,
    today: date | None = None,
) -> Disclosure:
    """Approve a partner's request (the approver the profile names, never the person who entered
    it; 429.7, GO 5.42 G.4): eligibility and purpose are checked again, the export is produced and
    its SHA-256 stored, the method recorded (an e-mail keeps the original message, 429.7) and the
    destroy-by date set from the profile."""
    agency = disclosure.agency
    today = today or timezone.localdate()
    problems = _decision_problems(actor, disclosure)
    problems += partner_eligibility(sharing_agency=agency, partner=disclosure.partner)
    if not reason.strip():
        problems.append(Violation("reason_required", "reason", "Give the reason for the decision."))
    if method not in Disclosure.Method.values:
        problems.append(Violation("method_unknown", "method", "Choose how the export is sent."))
    email_bytes = None
    if method == Disclosure.Method.EMAIL:
        if original_email is None:
            problems.append(
                Violation(
                    EMAIL_ORIGINAL_REQUIRED,
                    "original_email",
                    "Attach the original e-mail (.eml) sent.",
                )
            )
        else:
            try:
                email_bytes = _validated_email(original_email)
            except (ValueError, TypeError):
                problems.append(
                    Violation(
                        EMAIL_ORIGINAL_INVALID,
                        "original_email",
                        "Attach the original message as a .eml file (with its From and Date headers).",
                    )
                )
    if actor is not None and actor.division_id is not None:
        problems += _purpose_violations(actor, disclosure.purpose, disclosure.need)
    if problems:
        _refuse(
            problems,
            agency=agency,
            actor=actor,
            action="disclosure_approve",
            partner=disclosure.partner,
            case_number=disclosure.case_number,
            purpose=disclosure.purpose,
            disclosure_id=disclosure.pk,
            client_address=client_address,
        )
    profile = rules.sharing_profile(agency.purpose_mode)
    with transaction.atomic():
        locked = Disclosure.objects.select_for_update().get(pk=disclosure.pk)
        if locked.status != Disclosure.Status.PENDING:
            return locked
        content, count = disclosure_export_bytes(disclosure=locked)
        locked.export_file.save(f"{uuid.uuid4().hex}.zip", ContentFile(content), save=False)
        if email_bytes is not None:
            locked.original_email.save(
                f"{uuid.uuid4().hex}.eml", ContentFile(email_bytes), save=False
            )
        locked.export_sha256 = hashlib.sha256(content).hexdigest()
        locked.read_count = count
        locked.method = method
        locked.status = Disclosure.Status.APPROVED
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.decision_reason = reason.strip()
        locked.destroy_by = today + timedelta(days=profile.export_keep_days)
        locked.save()
        governance_record(
            actor=actor,
            agency=agency,
            action="sharing_disclosure_approved",
            subject=locked,
            after=snapshot(
                locked, ["status", "method", "export_sha256", "read_count", "destroy_by"]
            ),
            reason=reason,
            client_address=client_address,
        )
        ledger_append(
            agency=agency,
            kind=LedgerEntry.Kind.DISCLOSURE_APPROVED,
            actor=actor,
            partner=locked.partner,
            case_number=locked.case_number,
            purpose=locked.purpose,
            read_count=count,
            disclosure_id=locked.pk,
            detail={
                "need": locked.need,
                "method": method,
                "sha256": locked.export_sha256,
                "destroy_by": locked.destroy_by.isoformat(),
                "reason": locked.decision_reason,
            },
            client_address=client_address,
        )
    return locked


def disclosure_deny(
    *, actor: User, disclosure: Disclosure, reason: str, client_address: str | None = None
) -> Disclosure:
    """Deny a partner's request with a reason (429.7: purpose verified, need considered)."""
    agency = disclosure.agency
    problems = _decision_problems(actor, disclosure)
    if not reason.strip():
        problems.append(Violation("reason_required", "reason", "Give the reason for the decision."))
    if problems:
        _refuse(
            problems,
            agency=agency,
            actor=actor,
            action="disclosure_deny",
            partner=disclosure.partner,
            disclosure_id=disclosure.pk,
            client_address=client_address,
        )
    with transaction.atomic():
        locked = Disclosure.objects.select_for_update().get(pk=disclosure.pk)
        if locked.status != Disclosure.Status.PENDING:
            return locked
        locked.status = Disclosure.Status.DENIED
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.decision_reason = reason.strip()
        locked.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
        governance_record(
            actor=actor,
            agency=agency,
            action="sharing_disclosure_denied",
            subject=locked,
            after=snapshot(locked, ["status"]),
            reason=reason,
            client_address=client_address,
        )
        ledger_append(
            agency=agency,
            kind=LedgerEntry.Kind.DISCLOSURE_DENIED,
            actor=actor,
            partner=locked.partner,
            case_number=locked.case_number,
            purpose=locked.purpose,
            disclosure_id=locked.pk,
            detail={"reason": locked.decision_reason},
            client_address=client_address,
        )
    return locked


def disclosure_export_open(
    *,
    actor: User,
    disclosure: Disclosure,
    client_address: str | None = None,
    today: date | None = None,
):
    """Hand out an approved export for download, recorded on the ledger; refused (and recorded)
    once its destroy-by date has come, even before the purge job has run."""
    problems = _administrator_violations(actor, disclosure.agency, rules.APPROVER_ANY_ADMIN)
    if not disclosure.export_available(today):
        problems.append(
            Violation(
                EXPORT_DESTROYED,
                None,
                "This export is not available: it was never produced or has passed its destroy-by date.",
            )
        )
    if problems:
        _refuse(
            problems,
            agency=disclosure.agency,
            actor=actor,
            action="export_download",
            partner=disclosure.partner,
            disclosure_id=disclosure.pk,
            client_address=client_address,
        )
    with transaction.atomic():
        ledger_append(
            agency=disclosure.agency,
            kind=LedgerEntry.Kind.EXPORT_DOWNLOADED,
            actor=actor,
            partner=disclosure.partner,
            case_number=disclosure.case_number,
            disclosure_id=disclosure.pk,
            read_count=disclosure.read_count,
            detail={"sha256": disclosure.export_sha256},
            client_address=client_address,
        )
    return disclosure.export_file


def exports_purge_expired(
    *, agency: Agency, today: date | None = None, dry_run: bool = False
) -> dict:
    """Destroy the export files of `agency` whose destroy-by date has come (429.7 "secure
    location"; the profile's keep period): the file goes, the row and its hash stay, the ledger
    says when. Safe to run twice."""
    today = today or timezone.localdate()
    due = Disclosure.objects.filter(
        agency=agency,
        status=Disclosure.Status.APPROVED,
        purged_at__isnull=True,
        destroy_by__lte=today,
    ).order_by("pk")
    counts = {"due": due.count(), "purged": 0}
    if dry_run:
        return counts
    for pk in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            locked = Disclosure.objects.select_for_update().get(pk=pk)
            if locked.purged_at is not None:
                continue
            if locked.export_file:
                locked.export_file.delete(save=False)
            locked.export_file = ""
            locked.purged_at = timezone.now()
            locked.save(update_fields=["export_file", "purged_at"])
            ledger_append(
                agency=agency,
                kind=LedgerEntry.Kind.EXPORT_PURGED,
                partner=locked.partner,
                case_number=locked.case_number,
                disclosure_id=locked.pk,
                detail={
                    "sha256": locked.export_sha256,
                    "destroy_by": locked.destroy_by.isoformat(),
                },
            )
        counts["purged"] += 1
    return counts


def ledger_verify(*, agency: Agency) -> ChainBreak | None:
    """The first broken link of `agency`'s ledger chain, or None when intact."""
    return chain_verify(LedgerEntry.objects.filter(agency_id=agency.pk).order_by("pk").iterator())

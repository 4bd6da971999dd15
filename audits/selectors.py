"""Reads of audits, scoped to the user who asks. An auditor sees only the cycles assigned to them
(object permission); administrators the cycles of divisions they administer; the Hiring Authority
those of their division; the agency administrator the agency's. Another agency's cycle answers
exactly like a missing one."""

from datetime import date, datetime, time, timedelta

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from guardian.shortcuts import get_objects_for_user

from accounts import permissions
from accounts.models import AccountStatus, Role, User
from accounts.services.access import STANDING_PREFETCH, access_standing
from audits.models import AuditCycle, AuditItem, AuditPacket, HiringAuthorityNotice
from queries.models import SearchRequest
from training.selectors import CURRENT, training_status

CYCLE_PERMISSION = "audits.audit_cycle"


def cycle_list_for(*, user) -> QuerySet[AuditCycle]:
    """Cycles the user may open."""
    if not permissions.is_tenant_user(user):
        return AuditCycle.objects.none()
    cycles = AuditCycle.objects.filter(agency_id=user.agency_id).select_related(
        "division", "auditor", "signed_by", "agency"
    )
    if user.role == Role.AGENCY_ADMIN:
        return cycles
    if user.role in permissions.DIVISION_ADMIN_ROLES:
        administered = permissions.administered_divisions(user)
        return cycles.filter(division__in=administered.values("pk"))
    if user.role == Role.HIRING_AUTHORITY:
        return cycles.filter(division_id=user.division_id)
    if user.role == Role.AUDITOR:
        return get_objects_for_user(user, CYCLE_PERMISSION, klass=cycles, accept_global_perms=False)
    return cycles.none()


def cycle_get_for(*, user, pk) -> AuditCycle:
    return get_object_or_404(cycle_list_for(user=user), pk=pk)


def item_get_for(*, user, cycle: AuditCycle, pk) -> AuditItem:
    """An item of a cycle already fetched through cycle_get_for (so within the user's scope)."""
    return get_object_or_404(cycle.items.all(), pk=pk)


def packet_latest(cycle: AuditCycle) -> AuditPacket | None:
    return cycle.packets.order_by("-final", "-requested_at", "-pk").first()


def packet_get_for(*, user, cycle: AuditCycle, pk) -> AuditPacket:
    """A rendered packet of a cycle already fetched through cycle_get_for."""
    return get_object_or_404(cycle.packets.filter(state=AuditPacket.State.READY), pk=pk)


def notice_list_for(*, user) -> QuerySet[HiringAuthorityNotice]:
    """What was reported to the Hiring Authority, for the cycles the user may open."""
    return HiringAuthorityNotice.objects.filter(
        cycle__in=cycle_list_for(user=user).values("pk")
    ).select_related("cycle", "cycle__division")


def auditor_choices_for(*, user, cycle: AuditCycle) -> QuerySet[User]:
    """Who may be assigned: the agency's auditors and the division's administrators."""
    return User.objects.filter(
        agency_id=cycle.agency_id,
        status=AccountStatus.ACTIVE,
        role__in=(Role.AUDITOR, Role.DIVISION_ADMIN_PRIMARY, Role.DIVISION_ADMIN_SECONDARY),
    ).order_by("last_name", "username")


# --- What the compilation and the packet read (the cycle is already in the caller's scope) ---


def period_bounds(cycle: AuditCycle) -> tuple[datetime, datetime]:
    """The period as aware times in the agency's zone: [start 00:00, day after end 00:00)."""
    zone = timezone.get_current_timezone()
    start = datetime.combine(cycle.period_start, time.min, tzinfo=zone)
    end = datetime.combine(cycle.period_end + timedelta(days=1), time.min, tzinfo=zone)
    return start, end


def cycle_access_records(cycle: AuditCycle) -> QuerySet[SearchRequest]:
    """The division's access records of the period: searches run and refused, views, exports."""
    start, end = period_bounds(cycle)
    return SearchRequest.objects.filter(
        agency_id=cycle.agency_id, division_id=cycle.division_id, at__gte=start, at__lt=end
    ).order_by("at", "pk")


def roster_people(cycle: AuditCycle) -> QuerySet[User]:
    """The division's people with what their standing reads prefetched (a fixed query count)."""
    return (
        User.objects.filter(agency_id=cycle.agency_id, division_id=cycle.division_id)
        .select_related("agency", "division")
        .prefetch_related(*STANDING_PREFETCH)
        .order_by("last_name", "username")
    )


def roster(cycle: AuditCycle, *, search_counts: dict[int, int], today: date) -> list[dict]:
    """Each person of the division: classification and eligibility, agreement version, training
    status and expiry, second factor, last ALPR access, searches in the period. Costs the same
    number of queries for 5 people as for 500."""
    people = list(roster_people(cycle))
    with_factor = set(
        TOTPDevice.objects.filter(user__in=[p.pk for p in people], confirmed=True).values_list(
            "user_id", flat=True
        )
    )
    now = timezone.now()
    rows = []
    for person in people:
        standing = access_standing(person, now=now)
        statuses = training_status(person, today)
        expiries = [s.record.expires_on for s in statuses if s.record and s.state == CURRENT]
        signed = max((s.version.version for s in person.agreement_signatures.all()), default=None)
        rows.append(
            {
                "user_id": person.pk,
                "username": person.username,
                "name": person.display_name,
                "role": person.get_role_display(),
                "status": person.status,
                "classification": person.job_classification,
                "eligible": "classification_not_eligible" not in standing.codes,
                "agreement_version": signed,
                "training": ", ".join(f"{s.course.name}: {s.state}" for s in statuses)
                or "none required",
                "training_expires": min(expiries).isoformat() if expiries else None,
                "second_factor": person.pk in with_factor,
                "last_access": person.last_alpr_access_at.isoformat()
                if person.last_alpr_access_at
                else None,
                "searches": search_counts.get(person.pk, 0),
                "standing_ok": standing.allowed,
                "standing_codes": standing.codes,
                "standing_text": ", ".join(c.replace("_", " ") for c in standing.codes),
            }
        )
    return rows


def standing_history(cycle: AuditCycle) -> list[dict]:
    """Each person's training, signatures and the agency's agreement versions, over time (for
    the "search while lapsed" flag). A fixed number of queries."""
    people = list(
        User.objects.filter(agency_id=cycle.agency_id, division_id=cycle.division_id)
        .prefetch_related(
            Prefetch("training_records", to_attr="audit_training"),
            Prefetch("agreement_signatures", to_attr="audit_signatures"),
        )
        .select_related("agency")
    )
    if not people:
        return []
    agency = people[0].agency
    versions = [
        (v.published_at, v.version) for v in agency.agreement_versions.all().order_by("version")
    ]
    courses = [c.pk for c in agency.courses.filter(active=True, required=True)]
    version_numbers = dict(agency.agreement_versions.values_list("pk", "version"))
    history = []
    for person in people:
        training = [
            (r.course_id, r.verified_at, r.expires_on)
            for r in person.audit_training
            if r.verified_at is not None
        ]
        history.append(
            {
                "user_id": person.pk,
                "username": person.username,
                "status": person.status,
                "granted_at": person.access_granted_at,
                "last_access_at": person.last_alpr_access_at,
                "required_course_ids": tuple(courses),
                "training": tuple(training),
                "signatures": tuple(
                    (s.signed_at, version_numbers.get(s.version_id, 0))
                    for s in person.audit_signatures
                ),
                "versions": tuple(versions),
            }
        )
    return history


def changes_in_period(cycle: AuditCycle) -> list[dict]:
    """Provisioning and settings changes of the period for the division (and agency-wide)."""
    from accounts.models import GovernanceRecord, ProvisioningEvent

    start, end = period_bounds(cycle)
    in_scope = Q(division_id=cycle.division_id) | Q(division__isnull=True)
    rows = [
        {
            "at": r.at.isoformat(),
            "action": r.action,
            "actor": r.actor_username or "scheduled job",
            "subject": r.subject_label,
            "reason": r.reason,
        }
        for r in GovernanceRecord.objects.filter(
            in_scope, agency_id=cycle.agency_id, at__gte=start, at__lt=end
        ).order_by("at", "pk")
    ]
    rows += [
        {
            "at": e.at.isoformat(),
            "action": e.action,
            "actor": e.actor.username if e.actor else "scheduled job",
            "subject": e.subject.username if e.subject else "",
            "reason": e.reason,
        }
        for e in ProvisioningEvent.objects.filter(
            in_scope, agency_id=cycle.agency_id, at__gte=start, at__lt=end
        )
        .select_related("actor", "subject")
        .order_by("at", "pk")
    ]
    rows.sort(key=lambda r: r["at"])
    return rows


CSV_COLUMNS = (
    "id",
    "at",
    "username",
    "on_behalf_of",
    "kind",
    "outcome",
    "refusal_codes",
    "case_number",
    "purpose_category",
    "justification",
    "criteria",
    "client_address",
    "result_count",
    "agency_counts",
    "row_hash",
)


def csv_row(record: SearchRequest, zone) -> list:
    """One access record as a CSV row; text that a spreadsheet would run as a formula is quoted."""
    import json

    def cell(value) -> str:
        text = value if isinstance(value, str) else json.dumps(value, sort_keys=True)
        return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text

    return [
        record.pk,
        record.at.astimezone(zone).isoformat(),
        cell(record.username),
        cell(record.on_behalf_of),
        record.kind,
        record.outcome,
        " ".join(record.refusal_codes),
        cell(record.case_number),
        cell(record.purpose_category),
        cell(record.justification),
        cell(record.criteria),
        record.client_address or "",
        record.result_count,
        cell(record.agency_counts),
        record.row_hash,
    ]


def misread_reports_in_period(cycle: AuditCycle) -> list[dict]:
    """Misread reports the division's people filed in the period, with how each was handled
    (53060.7(b)(7), 53060.9(b)(1))."""
    from queries.models import MisreadReport

    start, end = period_bounds(cycle)
    reports = (
        MisreadReport.objects.filter(
            agency_id=cycle.agency_id,
            division_id=cycle.division_id,
            reported_at__gte=start,
            reported_at__lt=end,
        )
        .select_related("reported_by", "read_agency")
        .order_by("reported_at", "pk")
    )
    return [
        {
            "reported_at": r.reported_at.isoformat(),
            "reported_by": r.reported_by.username,
            "plate_read": r.plate_read,
            "plate_seen": r.plate_seen,
            "read_agency": r.read_agency.name,
            "camera": r.camera_name,
            "status": r.get_status_display(),
            "notice_sent_at": r.notice_sent_at.isoformat() if r.notice_sent_at else None,
            "notice_recipient": r.notice_recipient,
            "resolution": r.get_resolution_display() if r.resolution else "",
        }
        for r in reports
    ]


def sharing_prohibited_attempts(cycle: AuditCycle) -> list:
    """Refused sharing acts of the division's people in the period that the ledger marked for the
    audit (immigration or reproductive-health purposes)."""
    from audits.rules import SharingAttempt
    from sharing.models import LedgerEntry
    from sharing.services import AUDIT_FLAG_PROHIBITED_PURPOSE

    start, end = period_bounds(cycle)
    entries = LedgerEntry.objects.filter(
        agency_id=cycle.agency_id,
        kind=LedgerEntry.Kind.REFUSED,
        detail__audit_flag=AUDIT_FLAG_PROHIBITED_PURPOSE,
        actor__division_id=cycle.division_id,
        at__gte=start,
        at__lt=end,
    ).order_by("at", "pk")
    return [
        SharingAttempt(
            id=entry.pk,
            at=entry.at,
            actor_id=entry.actor_id,
            username=entry.actor_username,
            action=entry.detail.get("action", ""),
            codes=tuple(entry.codes),
        )
        for entry in entries
    ]

"""Reads of sharing, scoped to the person who asks (STYLE.md "Selectors"). Another agency's
partner, agreement or disclosure answers 404 exactly like a missing one. The ledger is the one
exception by design: an entry is seen by the agency whose reads were shared and by the partner
agency of the system it names (1798.90.55(b): both sides keep the record)."""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from accounts import permissions
from sharing.models import Disclosure, LedgerEntry, PartnerAgency, SharingAgreement


def _administrative(user) -> bool:
    return permissions.sees_administrative_pages(user)


def partner_list_for(*, user) -> QuerySet[PartnerAgency]:
    if not _administrative(user):
        return PartnerAgency.objects.none()
    return PartnerAgency.objects.filter(agency_id=user.agency_id).select_related("verified_by")


def partner_get_for(*, user, pk: int) -> PartnerAgency:
    return get_object_or_404(partner_list_for(user=user), pk=pk)


def agreement_list_for(*, user) -> QuerySet[SharingAgreement]:
    """Agreements our agency granted and those granted to it."""
    if not _administrative(user):
        return SharingAgreement.objects.none()
    return SharingAgreement.objects.filter(
        Q(agency_id=user.agency_id) | Q(grantee_id=user.agency_id)
    ).select_related("agency", "grantee", "partner", "approved_by", "revoked_by")


def agreement_get_for(*, user, pk: int) -> SharingAgreement:
    return get_object_or_404(agreement_list_for(user=user), pk=pk)


def agreement_granted_get_for(*, user, pk: int) -> SharingAgreement:
    """An agreement our agency granted (the only ones we may revoke)."""
    return get_object_or_404(agreement_list_for(user=user).filter(agency_id=user.agency_id), pk=pk)


def disclosure_list_for(*, user) -> QuerySet[Disclosure]:
    if not _administrative(user):
        return Disclosure.objects.none()
    return Disclosure.objects.filter(agency_id=user.agency_id).select_related(
        "partner", "entered_by", "decided_by"
    )


def disclosure_get_for(*, user, pk: int) -> Disclosure:
    return get_object_or_404(disclosure_list_for(user=user), pk=pk)


def ledger_list_for(*, user, filters: dict | None = None) -> QuerySet[LedgerEntry]:
    """Entries of our ledger and entries of other agencies' ledgers that name us."""
    if not _administrative(user):
        return LedgerEntry.objects.none()
    entries = LedgerEntry.objects.filter(
        Q(agency_id=user.agency_id) | Q(partner_agency_id=user.agency_id)
    )
    filters = filters or {}
    if filters.get("kind"):
        entries = entries.filter(kind=filters["kind"])
    if filters.get("partner"):
        entries = entries.filter(partner_name__icontains=filters["partner"])
    if filters.get("case_number"):
        entries = entries.filter(case_number__icontains=filters["case_number"])
    if filters.get("since"):
        entries = entries.filter(at__date__gte=filters["since"])
    if filters.get("until"):
        entries = entries.filter(at__date__lte=filters["until"])
    return entries.order_by("-at", "-pk")


def shared_with_summary_for(*, user) -> list[dict]:
    """The record of agencies shared with (429.7): per partner, what went to them — disclosures
    approved, cross-agency hits and reads — from our own ledger."""
    if not _administrative(user):
        return []
    from django.db.models import Count, Max, Sum

    rows = (
        LedgerEntry.objects.filter(
            agency_id=user.agency_id,
            kind__in=[LedgerEntry.Kind.DISCLOSURE_APPROVED, LedgerEntry.Kind.CROSS_AGENCY_HIT],
        )
        .values("partner_name", "partner_agency_id", "kind")
        .annotate(entries=Count("pk"), reads=Sum("read_count"), last=Max("at"))
        .order_by("partner_name", "kind")
    )
    summary: dict = {}
    for row in rows:
        key = (row["partner_name"], row["partner_agency_id"])
        item = summary.setdefault(
            key,
            {
                "partner": row["partner_name"] or "(unnamed)",
                "disclosures": 0,
                "hits": 0,
                "reads": 0,
                "last": None,
            },
        )
        if row["kind"] == LedgerEntry.Kind.DISCLOSURE_APPROVED:
            item["disclosures"] += row["entries"]
        else:
            item["hits"] += row["entries"]
        item["reads"] += row["reads"] or 0
        item["last"] = max(filter(None, [item["last"], row["last"]]))
    return sorted(summary.values(), key=lambda item: item["partner"])

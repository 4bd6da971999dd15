"""Sharing with public agencies (DESIGN.md section 7; Civil Code 1798.90.55(b), 53060.10, 429.7,
GO 5.42 G.3-G.4, 2.455.40): the partner registry, standing agreements, ad-hoc disclosures and the
ledger that records every one of them."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from accounts.models import Agency
from alpr_governance.appendonly import ChainedRecord, append_only_trigger


class PartnerKind(models.TextChoices):
    STATE_AGENCY = "state_agency", "State agency"
    COUNTY = "county", "County"
    CITY = "city", "City"
    CITY_AND_COUNTY = "city_and_county", "City and county"
    DISTRICT = "district", "District or other political subdivision"
    LAW_ENFORCEMENT = "law_enforcement", "Law enforcement agency of one of these"
    PROSECUTOR = "prosecutor", "Prosecutor"
    FEDERAL = "federal", "Federal agency"
    OUT_OF_STATE = "out_of_state", "Out-of-state agency"
    PRIVATE = "private", "Private entity"
    TRIBAL = "tribal", "Tribal agency"


class PartnerAgency(models.Model):
    """An agency one tenant may share with, as that tenant's administrator recorded and verified
    it. Agencies of the system appear here too (linked by `system_agency`), so agreements and
    disclosures name one kind of partner. Eligibility is never stored: sharing/rules.py computes
    it from `kind` and `jurisdiction_state` each time."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="partners")
    system_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.CharField(max_length=200)
    jurisdiction_state = models.CharField(max_length=2, default="CA")
    kind = models.CharField(max_length=30, choices=PartnerKind.choices)
    contact = models.CharField(max_length=300, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    verified_at = models.DateTimeField(default=timezone.now)
    verification_evidence = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "system_agency"],
                condition=models.Q(system_agency__isnull=False),
                name="partner_one_row_per_system_agency",
            )
        ]

    def __str__(self) -> str:
        return self.name


class SharingAgreement(models.Model):
    """A standing grant: `agency` lets the users of `grantee` search its reads for `purpose`
    between `starts_on` and `ends_on`, approved by the granting agency's administrator; revoked
    at once by `revoked_at`. It takes effect only in queries.selectors.searchable_agency_ids_for."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="agreements_granted")
    partner = models.ForeignKey(PartnerAgency, on_delete=models.PROTECT, related_name="+")
    grantee = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="agreements_received"
    )
    purpose = models.TextField()
    starts_on = models.DateField()
    ends_on = models.DateField()
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(default=timezone.now)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoke_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-approved_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="agreement_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=~models.Q(agency=models.F("grantee")),
                name="agreement_not_with_itself",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency} → {self.grantee} ({self.starts_on} to {self.ends_on})"

    def is_active(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.revoked_at is None and self.starts_on <= today <= self.ends_on


class Disclosure(models.Model):
    """An ad-hoc transfer asked for by a partner (429.7): who asks, why (purpose) and what for
    (need), the case, the reads asked for; approved or denied by the approver the agency's
    profile names; when approved, the export, its SHA-256, how it was sent and when it is
    destroyed."""

    class Status(models.TextChoices):
        PENDING = "pending", "Awaiting decision"
        APPROVED = "approved", "Approved"
        DENIED = "denied", "Denied"

    class Method(models.TextChoices):
        DOWNLOAD = "download", "Download"
        EMAIL = "email", "E-mail (original message kept)"
        REMOVABLE_MEDIA = "removable_media", "Removable media"

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="disclosures")
    partner = models.ForeignKey(PartnerAgency, on_delete=models.PROTECT, related_name="+")
    requester_name = models.CharField(max_length=200)
    requester_contact = models.CharField(max_length=300, blank=True)
    purpose = models.TextField()
    need = models.TextField()
    case_number = models.CharField(max_length=100)
    plate = models.CharField(max_length=20)
    window_start = models.DateTimeField()
    window_end = models.DateTimeField()
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)
    method = models.CharField(max_length=20, choices=Method.choices, blank=True)
    export_file = models.FileField(upload_to="sharing/exports/", blank=True)
    export_sha256 = models.CharField(max_length=64, blank=True)
    read_count = models.PositiveIntegerField(default=0)
    original_email = models.FileField(upload_to="sharing/emails/", blank=True)
    destroy_by = models.DateField(null=True, blank=True)
    purged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-entered_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(window_end__gt=models.F("window_start")),
                name="disclosure_window_ordered",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="approved")
                | (models.Q(export_sha256__regex=r"^[0-9a-f]{64}$") & ~models.Q(method="")),
                name="disclosure_approved_has_export",
            ),
        ]

    def __str__(self) -> str:
        return f"Disclosure {self.pk} to {self.partner} ({self.case_number})"

    def export_available(self, today=None) -> bool:
        today = today or timezone.localdate()
        return bool(
            self.status == self.Status.APPROVED
            and self.purged_at is None
            and self.export_file
            and self.destroy_by is not None
            and today < self.destroy_by
        )


class LedgerEntry(ChainedRecord):
    """The sharing ledger (1798.90.55(b), 429.7 "record of agencies shared with"): every agreement
    change, disclosure, cross-agency hit and refused attempt. Chained per sharing agency (the
    one whose reads are shared); both it and the partner agency in the system see the entry.
    Append-only in the database."""

    class Kind(models.TextChoices):
        PARTNER_RECORDED = "partner_recorded", "Partner recorded"
        AGREEMENT_APPROVED = "agreement_approved", "Agreement approved"
        AGREEMENT_REVOKED = "agreement_revoked", "Agreement revoked"
        DISCLOSURE_REQUESTED = "disclosure_requested", "Disclosure requested"
        DISCLOSURE_APPROVED = "disclosure_approved", "Disclosure approved and exported"
        DISCLOSURE_DENIED = "disclosure_denied", "Disclosure denied"
        EXPORT_DOWNLOADED = "export_downloaded", "Export downloaded"
        EXPORT_PURGED = "export_purged", "Export destroyed"
        CROSS_AGENCY_HIT = "cross_agency_hit", "Search returned our reads"
        REFUSED = "refused", "Refused"

    CHAIN_FIELDS = (
        "agency_id",
        "partner_agency_id",
        "partner_name",
        "kind",
        "at",
        "actor_id",
        "actor_username",
        "actor_agency_id",
        "case_number",
        "purpose",
        "read_count",
        "agreement_id",
        "disclosure_id",
        "search_request_id",
        "codes",
        "detail",
        "client_address",
    )

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    # The other side when it is an agency of the system (it sees the entry too).
    partner_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    partner_name = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    actor_username = models.CharField(max_length=150, blank=True)
    actor_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    case_number = models.CharField(max_length=100, blank=True)
    purpose = models.TextField(blank=True)
    read_count = models.PositiveIntegerField(default=0)
    # Plain ids, not keys: the ledger must outlive what it describes.
    agreement_id = models.BigIntegerField(null=True, blank=True)
    disclosure_id = models.BigIntegerField(null=True, blank=True)
    search_request_id = models.BigIntegerField(null=True, blank=True)
    codes = models.JSONField(default=list, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    client_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["agency", "at"], name="ledger_agency_at"),
            models.Index(fields=["partner_agency", "at"], name="ledger_partner_at"),
        ]
        triggers = [append_only_trigger()]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.at:%Y-%m-%d %H:%M}"

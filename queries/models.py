"""The access record (Civil Code 1798.90.52; DESIGN.md section 5) and the search side's rows."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone

from accounts.models import Agency, Division
from alpr_governance.appendonly import ChainedRecord, append_only_trigger


class SearchRequest(ChainedRecord):
    """One attempt to reach ALPR data, run or refused: who, on whose behalf, when, what was asked,
    why, from where, and what came back. Append-only (the database refuses UPDATE/DELETE) and
    hash-chained per agency; only the audit-record retention purge removes rows."""

    class Kind(models.TextChoices):
        SEARCH = "search", "Search"
        HOLD_SEARCH = "hold_search", "Legal hold by plate"
        READ_VIEW = "read_view", "Read or photo opened"
        HELD_READ_VIEW = "held_read_view", "Held reads viewed"
        EXPORT = "export", "Export"

    class Outcome(models.TextChoices):
        RUN = "run", "Run"
        REFUSED = "refused", "Refused"

    CHAIN_FIELDS = (
        "agency_id",
        "division_id",
        "user_id",
        "username",
        "on_behalf_of",
        "kind",
        "at",
        "case_number",
        "purpose_category",
        "justification",
        "criteria",
        "client_address",
        "outcome",
        "refusal_codes",
        "result_count",
        "read_ids",
        "agency_counts",
    )

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    division = models.ForeignKey(Division, on_delete=models.PROTECT, null=True, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="search_requests"
    )
    # Kept as typed at the time: the record must read the same after the account changes.
    username = models.CharField(max_length=150)
    on_behalf_of = models.CharField(max_length=200, blank=True)  # DOJ 429.4
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.SEARCH)
    at = models.DateTimeField(default=timezone.now)
    case_number = models.CharField(max_length=100, blank=True)
    purpose_category = models.CharField(max_length=60, blank=True)
    justification = models.TextField(blank=True)
    # The data elements queried (plate, state, window, area, cameras, options) or the read opened.
    criteria = models.JSONField(default=dict)
    client_address = models.GenericIPAddressField(null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    refusal_codes = ArrayField(models.CharField(max_length=60), default=list, blank=True)
    result_count = models.PositiveIntegerField(default=0)
    read_ids = ArrayField(models.BigIntegerField(), default=list, blank=True)
    # {"<agency id>": reads returned of that agency}: cross-agency hits for the sharing ledger.
    agency_counts = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["agency", "at"], name="search_request_agency_at"),
            models.Index(fields=["user", "at"], name="search_request_user_at"),
        ]
        triggers = [append_only_trigger()]

    def __str__(self) -> str:
        return f"{self.kind} by {self.username} at {self.at:%Y-%m-%d %H:%M} ({self.outcome})"


class MisreadReport(models.Model):
    """A read whose photo does not show the plate the camera read: reported by the end-user who
    saw it, handled by the Division Administrator, who notifies the agency of record
    (53060.7(b)(7), 53060.9(b)(1)). The read's facts are copied at report time, since the read
    store purges reads long before an auditor may ask about the report."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        NOTICE_SENT = "notice_sent", "Agency of record notified"
        CLOSED = "closed", "Closed"

    class Resolution(models.TextChoices):
        NOTIFIED = "notified", "Agency of record notified of the misread"
        NOT_A_MISREAD = "not_a_misread", "Photo checked: the read is correct"

    # Allowed moves of the state machine; services refuse any other.
    TRANSITIONS = {
        Status.OPEN: (Status.NOTICE_SENT, Status.CLOSED),
        Status.NOTICE_SENT: (Status.CLOSED,),
        Status.CLOSED: (),
    }

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    # The reporter's division: its administrators hold the queue.
    division = models.ForeignKey(Division, on_delete=models.PROTECT, related_name="+")
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="misread_reports"
    )
    reported_at = models.DateTimeField(default=timezone.now)
    # The search whose result was reported: proves the reporter was shown the read.
    search_request = models.ForeignKey(
        SearchRequest, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    read_id = models.BigIntegerField()
    read_seen_at = models.DateTimeField()
    # The agency whose camera made the read: the agency of record to notify.
    read_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    camera_id = models.IntegerField()
    camera_name = models.CharField(max_length=120, blank=True)
    plate_read = models.CharField(max_length=16)
    region = models.CharField(max_length=8, blank=True)
    plate_seen = models.CharField(
        max_length=16, blank=True, help_text="What the photo shows, if legible."
    )
    description = models.TextField()

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    notice_recipient = models.CharField(max_length=200, blank=True)
    notice_method = models.CharField(max_length=100, blank=True)
    notice_sent_at = models.DateTimeField(null=True, blank=True)
    notice_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    notice_note = models.TextField(blank=True)
    resolution = models.CharField(max_length=20, choices=Resolution.choices, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closing_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-reported_at", "-pk"]
        indexes = [
            models.Index(fields=["agency", "division", "status"], name="misread_queue"),
            models.Index(fields=["reported_by", "reported_at"], name="misread_reporter"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["reported_by", "read_id"], name="misread_reported_once_per_person"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="notice_sent") | models.Q(notice_sent_at__isnull=False),
                name="misread_notice_has_time",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="closed")
                | models.Q(closed_at__isnull=False) & ~models.Q(resolution=""),
                name="misread_closed_has_resolution",
            ),
        ]

    def __str__(self) -> str:
        return f"Misread {self.plate_read} reported by {self.reported_by_id} ({self.status})"

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

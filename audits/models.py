"""Audit cycles per division: what was compiled, what was flagged, how each item was disposed,
who signed, what was reported to the Hiring Authority, and the signed PDF packet (DESIGN.md 8)."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from accounts.models import Agency, Division


class AuditCycle(models.Model):
    """One audit of one division over one period (53060.5(c)(2)(A), 429.8, GO 5.42 H, 2.455.50)."""

    class State(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        COMPILING = "compiling", "Compiling"
        IN_REVIEW = "in_review", "In review"
        SIGNED = "signed", "Signed"
        REPORTED = "reported", "Reported"

    class Origin(models.TextChoices):
        CADENCE = "cadence", "Opened on the agency's cadence"
        ADMINISTRATOR = "administrator", "Opened by an administrator"
        HIRING_AUTHORITY = "hiring_authority", "Directed by the Hiring Authority"

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    division = models.ForeignKey(Division, on_delete=models.PROTECT, related_name="audit_cycles")
    # The period audited: [period_start, period_end], both days included.
    period_start = models.DateField()
    period_end = models.DateField()
    state = models.CharField(max_length=20, choices=State.choices, default=State.SCHEDULED)
    origin = models.CharField(max_length=20, choices=Origin.choices)
    directive = models.TextField(blank=True)  # why an extra cycle was opened
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )  # null: the scheduled job
    opened_at = models.DateTimeField(default=timezone.now)
    auditor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_cycles_assigned",
    )
    # The random sample is drawn from this seed, so anyone can draw it again (GO 5.42 H).
    seed = models.BigIntegerField()
    sample_size = models.PositiveIntegerField()

    progress = models.PositiveSmallIntegerField(default=0)  # percent, while compiling
    progress_note = models.CharField(max_length=200, blank=True)
    compile_error = models.TextField(blank=True)
    compiled_at = models.DateTimeField(null=True, blank=True)
    compiled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    # Summary figures, chart series, roster snapshot, change log and sharing extract, as compiled.
    compiled = models.JSONField(default=dict, blank=True)

    signed_at = models.DateTimeField(null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    signed_role = models.CharField(max_length=120, blank=True)
    reported_at = models.DateTimeField(null=True, blank=True)
    retain_until = models.DateField()  # the agency's audit-record retention (429.8: three years)

    class Meta:
        ordering = ["-period_start", "division__code"]
        indexes = [models.Index(fields=["division", "period_start"], name="audit_cycle_div_start")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="audit_cycle_period_ordered",
            ),
        ]
        permissions = [("audit_cycle", "Compile and review this audit cycle (assigned auditor)")]

    def __str__(self) -> str:
        return f"{self.division} {self.period_start:%Y-%m-%d} to {self.period_end:%Y-%m-%d}"

    @property
    def is_closed(self) -> bool:
        return self.state in (self.State.SIGNED, self.State.REPORTED)


class AuditItem(models.Model):
    """A flag the compilation raised, or a search drawn into the random sample; each gets a
    disposition before the cycle can be signed (53060.5(c)(2)(B)-(C))."""

    class Kind(models.TextChoices):
        FLAG = "flag", "Flag"
        SAMPLE = "sample", "Sampled search"

    class Disposition(models.TextChoices):
        ADEQUATE = "adequate", "Adequate"
        INADEQUATE_JUSTIFICATION = "inadequate_justification", "Inadequate justification"
        SUSPECTED_MISUSE = "suspected_misuse", "Suspected misuse"

    cycle = models.ForeignKey(AuditCycle, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    code = models.CharField(max_length=60)  # a flag code of audits/rules.py, or "sample"
    title = models.CharField(max_length=200)
    explanation = models.TextField()
    # The person concerned, kept as typed: the packet must read the same after the account changes.
    subject_user_id = models.BigIntegerField(null=True, blank=True)
    subject_username = models.CharField(max_length=150, blank=True)
    # Access-record ids (SearchRequest), kept as plain ids: that record has its own retention.
    search_ids = models.JSONField(default=list, blank=True)
    evidence = models.JSONField(default=dict, blank=True)
    system_fault = models.BooleanField(default=False)
    position = models.PositiveIntegerField(default=0)

    disposition = models.CharField(max_length=30, choices=Disposition.choices, blank=True)
    note = models.TextField(blank=True)
    disposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    disposed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["kind", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.code} in cycle {self.cycle_id}"


class HiringAuthorityNotice(models.Model):
    """What the Hiring Authority was told, in the app and by e-mail: suspected misuse at once
    (53060.5(c)(2)(C)), inadequate justifications with the signed report ((B))."""

    class Kind(models.TextChoices):
        SUSPECTED_MISUSE = "suspected_misuse", "Suspected misuse (immediate)"
        REPORT = "report", "Signed audit report"

    cycle = models.ForeignKey(AuditCycle, on_delete=models.CASCADE, related_name="notices")
    item = models.ForeignKey(AuditItem, on_delete=models.CASCADE, null=True, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    recipients = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    emailed_at = models.DateTimeField(null=True, blank=True)
    email_error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.kind}: {self.subject}"


class AuditPacket(models.Model):
    """The PDF audit packet of a cycle, stored with its SHA-256. The one rendered after signing
    is final: it cannot be rendered again."""

    class State(models.TextChoices):
        RENDERING = "rendering", "Rendering"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    cycle = models.ForeignKey(AuditCycle, on_delete=models.CASCADE, related_name="packets")
    state = models.CharField(max_length=20, choices=State.choices, default=State.RENDERING)
    final = models.BooleanField(default=False)
    file = models.FileField(upload_to="audit_packets/", blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    size_bytes = models.PositiveIntegerField(default=0)
    pages = models.PositiveIntegerField(default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    rendered_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle"], condition=models.Q(final=True), name="one_final_packet"
            ),
        ]

    def __str__(self) -> str:
        return f"Packet {self.pk} of cycle {self.cycle_id}"

"""Courses an agency requires and the completion records that the access gate reads."""

from datetime import date

from django.db import models
from django.utils import timezone

from accounts.models import Agency, User


class Course(models.Model):
    """A course the agency offers. Required of everyone who reaches ALPR data, or, when `system`
    names a vendor's system (GO 5.42 F.4-F.5: Flock, Vigilant), only of that system's users."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="courses")
    code = models.SlugField(max_length=40)
    name = models.CharField(max_length=200)
    vendor = models.CharField(max_length=100, blank=True)
    certificate_required = models.BooleanField(default=False)
    required = models.BooleanField(default=True)
    # Blank: required of everyone. A system's name: required only of people marked as its users.
    system = models.CharField(max_length=100, blank=True)
    # Null: the agency's training validity (training_validity_days).
    validity_days = models.PositiveIntegerField(null=True, blank=True)
    # Completions before this date no longer count (a change of law or technology, 429.5).
    voided_before = models.DateField(null=True, blank=True)
    active = models.BooleanField(default=True)  # False: retired, required of nobody

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="course_code_unique")
        ]

    def __str__(self) -> str:
        return self.name

    def validity(self) -> int:
        return self.validity_days or self.agency.training_validity_days


class SystemUser(models.Model):
    """A person marked by an agency administrator as a user of a vendor's system, so the courses
    required of that system's users apply to them (GO 5.42 F.4)."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="systems_used")
    system = models.CharField(max_length=100)
    marked_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    marked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "system"], name="system_user_once")]

    def __str__(self) -> str:
        return f"{self.user.username} uses {self.system}"


class TrainingRecord(models.Model):
    """A completion. It counts for the gate once verified, until it expires."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="training_records")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="records")
    completed_on = models.DateField()
    expires_on = models.DateField()
    certificate = models.FileField(upload_to="certificates/", null=True, blank=True)
    submitted_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(default=timezone.now)
    verified_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    # A submission an administrator refused (unreadable, wrong course, wrong person): it never
    # counts; the person submits again. Verified and rejected exclude each other.
    rejected_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    rejected_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-completed_on", "-pk"]
        indexes = [models.Index(fields=["user", "course", "-completed_on"], name="training_latest")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(verified_at__isnull=True) | models.Q(rejected_at__isnull=True),
                name="training_record_verified_or_rejected",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user.username}: {self.course.name} on {self.completed_on}"

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None

    @property
    def is_rejected(self) -> bool:
        return self.rejected_at is not None

    @property
    def awaits_verification(self) -> bool:
        return self.verified_at is None and self.rejected_at is None

    def is_current(self, today: date) -> bool:
        return self.is_verified and self.expires_on >= today


# The window in which expiring training is warned of (the first notice; the second comes at 7
# days) and shown in administrators' work queues.
EXPIRY_NOTICE_DAYS = 30


class TrainingNotice(models.Model):
    """An expiry notice sent once per record and kind, so the job can run twice."""

    class Kind(models.TextChoices):
        WARN_30 = "warn_30", "Expires in 30 days"
        WARN_7 = "warn_7", "Expires in 7 days"
        EXPIRED = "expired", "Expired"

    record = models.ForeignKey(TrainingRecord, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["record", "kind"], name="notice_once")]

    def __str__(self) -> str:
        return f"{self.kind} for record {self.record_id}"

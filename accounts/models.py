"""Tenancy and identity: Agency (the tenant), Division, User, API tokens, security events, jobs."""

import re
from datetime import datetime

from django.contrib.auth.models import AbstractUser
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format

from accounts.case_numbers import case_example_problem, case_pattern_problem
from accounts.presets import MIN_READ_RETENTION_DAYS, PRESETS
from alpr_governance.appendonly import ChainedRecord, append_only_trigger


def label_of(choices: type[models.TextChoices], value: str) -> str:
    """A stored code in words: its choice label, else the code made readable (never empty)."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value.replace("_", " ").replace(".", " ").strip().capitalize() or "—"


class Agency(models.Model):
    """A California public agency using the system; the unit of tenant isolation."""

    slug = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    preset = models.CharField(max_length=40, choices=[(p, p) for p in PRESETS])

    # Policy profile (DESIGN.md section 3), filled from the preset and adjustable afterwards.
    eligible_classifications = ArrayField(
        models.CharField(max_length=120), default=list, blank=True
    )
    exception_approver = models.CharField(max_length=120, blank=True)
    qualifying_admin_ranks = ArrayField(models.CharField(max_length=120), default=list, blank=True)
    # DOJ 429.4 sets every administrator's classification; CDCR 53060.5(b) only the primary's.
    secondary_admin_must_qualify = models.BooleanField(default=False)
    # Division codes whose staff an eligibility exception may cover (CDCR 53060.7(a)(2): DAPO).
    exception_division_codes = ArrayField(models.CharField(max_length=20), default=list, blank=True)
    training_validity_days = models.PositiveIntegerField()
    audit_cadence_days = models.PositiveIntegerField()
    audit_random_sample = models.BooleanField(default=False)
    inactivity_suspension_days = models.PositiveIntegerField(default=365)
    reapproval_days = models.PositiveIntegerField(null=True, blank=True)
    read_retention_days = models.PositiveIntegerField()
    audit_record_retention_days = models.PositiveIntegerField()
    agreement_retention_days = models.PositiveIntegerField()
    requires_on_behalf_of = models.BooleanField(default=False)
    purpose_mode = models.CharField(max_length=20, choices=[(p, p) for p in PRESETS])
    max_search_window_days = models.PositiveIntegerField(default=90)
    # Per-agency additions to the purpose rules' word lists: {"<list name>": ["word", ...]}.
    purpose_word_overrides = models.JSONField(default=dict, blank=True)
    # CIDRs of agency-issued devices (53060.9(a)); empty means any network.
    allowed_networks = ArrayField(models.CharField(max_length=64), default=list, blank=True)
    # [{"name", "pattern", "example"}]: identifiers refused as a case number on their own.
    forbidden_identifier_patterns = models.JSONField(default=list, blank=True)

    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "agencies"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(read_retention_days__gte=MIN_READ_RETENTION_DAYS),
                name="agency_read_retention_at_least_one_year",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Division(models.Model):
    """A division of an agency with its own case-number format (53060.7(b)(6))."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="divisions")
    code = models.CharField(max_length=20)
    name = models.CharField(max_length=200)
    case_number_pattern = models.CharField(max_length=200, help_text="A regular expression.")
    case_number_example = models.CharField(max_length=60)
    hiring_authority_name = models.CharField(max_length=200, blank=True)
    hiring_authority_email = models.EmailField(blank=True)
    # When set, these and not the agency's ranks qualify this division's administrators (DOJ 429.4).
    qualifying_admin_ranks = ArrayField(models.CharField(max_length=120), default=list, blank=True)
    primary_admin = models.ForeignKey(
        "User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    secondary_admin = models.ForeignKey(
        "User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "code"], name="division_code_unique_in_agency"
            ),
        ]
        permissions = [
            ("administer_division", "Administer the division's ALPR users"),
            ("audit_division", "Audit the division's ALPR use"),
        ]

    def __str__(self) -> str:
        return f"{self.agency.slug}/{self.code}"

    def clean(self) -> None:
        # One place judges a format (RE2, nothing that matches everything): case_numbers.py.
        problem = case_pattern_problem(self.case_number_pattern)
        if problem:
            raise ValidationError({"case_number_pattern": problem})
        problem = self.case_number_example and case_example_problem(
            self.case_number_pattern, self.case_number_example
        )
        if problem:
            raise ValidationError({"case_number_example": problem})


class Role(models.TextChoices):
    END_USER = "end_user", "End-user"
    DIVISION_ADMIN_PRIMARY = "division_admin_primary", "Division Administrator (primary)"
    DIVISION_ADMIN_SECONDARY = "division_admin_secondary", "Division Administrator (secondary)"
    AUDITOR = "auditor", "Auditor"
    HIRING_AUTHORITY = "hiring_authority", "Hiring authority"
    AGENCY_ADMIN = "agency_admin", "Agency administrator"


class AccountStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    ACTIVE = "active", "Active"
    SUSPENDED = "suspended", "Suspended"
    REVOKED = "revoked", "Revoked"
    SEPARATED = "separated", "Separated"


class User(AbstractUser):
    """A person of one division of one agency."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="users", null=True)
    division = models.ForeignKey(
        Division, on_delete=models.PROTECT, related_name="users", null=True
    )
    role = models.CharField(max_length=40, choices=Role.choices, default=Role.END_USER)
    status = models.CharField(
        max_length=20, choices=AccountStatus.choices, default=AccountStatus.PENDING
    )
    job_classification = models.CharField(max_length=120, blank=True)
    rank_title = models.CharField(max_length=120, blank=True)
    last_alpr_access_at = models.DateTimeField(null=True, blank=True)
    access_granted_at = models.DateTimeField(null=True, blank=True)
    last_approved_at = models.DateTimeField(null=True, blank=True)  # yearly re-approval (429.6)
    suspended_at = models.DateTimeField(null=True, blank=True)

    failed_login_count = models.PositiveIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)
    # Bumped by "sign out everywhere": sessions carrying an older epoch are ended.
    session_epoch = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            # A staff member of an agency always sits in a division; only platform
            # superusers (operators) have neither.
            models.CheckConstraint(
                condition=(
                    models.Q(agency__isnull=False, division__isnull=False)
                    | models.Q(is_superuser=True, agency__isnull=True, division__isnull=True)
                ),
                name="user_has_agency_and_division",
            ),
        ]

    def clean(self) -> None:
        super().clean()
        if self.division_id and self.agency_id and self.division.agency_id != self.agency_id:
            raise ValidationError({"division": "The division belongs to another agency."})

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username

    def is_locked(self, now=None) -> bool:
        return bool(self.locked_until and self.locked_until > (now or timezone.now()))


TOKEN_PREFIX = "alpr_"


class ApiToken(models.Model):
    """A personal API token: prefix for lookup, keyed hash of the secret, an expiry."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    prefix = models.CharField(max_length=16, unique=True)
    key_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{TOKEN_PREFIX}{self.prefix}…"

    def is_usable(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now


class AccountLink(models.Model):
    """A one-time link that lets a person set their password: the invitation sent when they are
    created, or a reset (by an administrator, or "forgot password?"). Only a hash of the token is
    kept, so a copy of the database opens no account (CJIS 5.6.2.1)."""

    class Purpose(models.TextChoices):
        INVITATION = "invitation", "Invitation"
        PASSWORD_RESET = "password_reset", "Password reset"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="account_links")
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    # Set when the link is used, or when a newer link or a reset makes it void.
    used_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "-created_at"], name="account_link_user_created")]

    def __str__(self) -> str:
        return f"{self.purpose} for {self.user_id}"

    def is_usable(self, now=None) -> bool:
        return self.used_at is None and self.expires_at > (now or timezone.now())


class SecurityEvent(models.Model):
    """A security-relevant happening: sign-in results, lockouts, unlocks, tokens, refusals."""

    class Kind(models.TextChoices):
        # The labels are what every log page and CSV shows: words a person reads, not codes.
        LOGIN_SUCCEEDED = "login_succeeded", "Signed in"
        LOGIN_FAILED = "login_failed", "Wrong password"
        LOGIN_REFUSED_LOCKED = "login_refused_locked", "Sign-in refused: account locked"
        ACCOUNT_LOCKED = "account_locked", "Account locked after failed sign-ins"
        ACCOUNT_UNLOCKED = "account_unlocked", "Account unlocked"
        OTP_ENROLLED = "otp_enrolled", "Authenticator enrolled"
        OTP_VERIFIED = "otp_verified", "One-time code accepted"
        OTP_FAILED = "otp_failed", "Wrong one-time code"
        BACKUP_CODE_USED = "backup_code_used", "Backup code used"
        SIGNED_OUT = "signed_out", "Signed out"
        SIGNED_OUT_EVERYWHERE = "signed_out_everywhere", "Signed out everywhere"
        SESSION_IDLE_EXPIRED = "session_idle_expired", "Session ended after inactivity"
        TOKEN_ISSUED = "token_issued", "API token issued"
        TOKEN_REFUSED = "token_refused", "API token refused"
        TOKEN_REVOKED = "token_revoked", "API token revoked"
        ACCESS_REFUSED = "access_refused", "ALPR access refused"
        AGENCY_SETTINGS_CHANGED = "agency_settings_changed", "Agency settings changed"
        DIVISION_SETTINGS_CHANGED = "division_settings_changed", "Division settings changed"
        PASSWORD_RESET_REQUESTED = "password_reset_requested", "Password reset requested"
        PASSWORD_SET = "password_set", "Password set"

    at = models.DateTimeField(default=timezone.now, db_index=True)
    kind = models.CharField(max_length=40, choices=Kind.choices)
    # Null only for attempts naming no known account (unknown usernames).
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, related_name="+")
    user = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, related_name="security_events"
    )
    actor = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+")
    username = models.CharField(max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        indexes = [models.Index(fields=["agency", "-at"], name="security_event_agency_at")]
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.username} at {self.at:%Y-%m-%d %H:%M}"


class JobRun(models.Model):
    """One run of a scheduled job: started, finished, counts, error (DESIGN.md section 9)."""

    class Status(models.TextChoices):
        RUNNING = "running"
        SUCCEEDED = "succeeded"
        FAILED = "failed"
        SKIPPED = "skipped"  # another run held the job's lock

    class Job(models.TextChoices):
        """What each scheduled job is called on the jobs page and in its CSV. Not bound to the
        `job` column (a job added without a label still runs; it shows its code)."""

        PARTITIONS_CREATE_AHEAD = "partitions_create_ahead", "Create next months' read partitions"
        READS_PURGE_EXPIRED = "reads_purge_expired", "Purge reads past retention"
        DEAD_LETTERS_PURGE_EXPIRED = "dead_letters_purge_expired", "Purge old refused posts"
        API_TOKENS_PURGE_EXPIRED = "api_tokens_purge_expired", "Purge expired API tokens"
        ACCOUNTS_SUSPEND_INACTIVE = "accounts_suspend_inactive", "Suspend inactive accounts"
        REAPPROVAL_OPEN_DUE = "reapproval_open_due", "Open due yearly re-approvals"
        TRAINING_EXPIRY_NOTIFY = "training_expiry_notify", "Warn of expiring training"
        AUDIT_CYCLES_OPEN_DUE = "audit_cycles_open_due", "Open due audit cycles"
        AUDIT_CYCLES_PURGE_EXPIRED = (
            "audit_cycles_purge_expired",
            "Purge audit cycles past retention",
        )
        SHARING_EXPORTS_PURGE_EXPIRED = (
            "sharing_exports_purge_expired",
            "Purge expired sharing exports",
        )
        ACCESS_RECORDS_PURGE_EXPIRED = (
            "access_records_purge_expired",
            "Purge access records past retention",
        )

    job = models.CharField(max_length=80, db_index=True)
    # The agency the run worked for; null for platform jobs (e.g. partition creation), whose
    # counts must hold nothing about any one tenant, since every administrator sees them.
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RUNNING)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    dry_run = models.BooleanField(default=False)
    counts = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["job", "-started_at"], name="jobrun_job_started")]

    def __str__(self) -> str:
        return f"{self.job} {self.status} at {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def job_label(self) -> str:
        return label_of(self.Job, self.job)


class AgreementVersion(models.Model):
    """A version of the agency's End User Agreement text (CDCR Form 110)."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="agreement_versions")
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    text = models.TextField()
    published_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "version"], name="agreement_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"


class AgreementSignature(models.Model):
    """A signed agreement: typed in the app, or a scanned signed form uploaded by an administrator."""

    class Method(models.TextChoices):
        TYPED = "typed", "Signed in the application"
        SCAN = "scan", "Scanned signed form"

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="agreement_signatures")
    version = models.ForeignKey(
        AgreementVersion, on_delete=models.PROTECT, related_name="signatures"
    )
    method = models.CharField(max_length=10, choices=Method.choices)
    typed_name = models.CharField(max_length=200, blank=True)
    text_sha256 = models.CharField(max_length=64)  # the exact text signed
    signed_at = models.DateTimeField(default=timezone.now)  # when recorded here
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    scan = models.FileField(upload_to="agreements/", null=True, blank=True)
    # The date written on a paper form by its signer (scans only; a typed signature's date is
    # signed_at). Filing may come days later, so the two are kept apart.
    signed_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+")
    retain_until = models.DateField()  # the agency's record-retention period (53060.5(c)(1)(B))

    class Meta:
        ordering = ["-signed_at"]

    def __str__(self) -> str:
        return f"{self.user.username} signed v{self.version.version}"


class ExceptionApproval(models.Model):
    """Access for a classification outside the eligible list, approved by the named role
    (CDCR 53060.7(a)(2): the DAPO Deputy Director)."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="exception_approvals")
    classification = models.CharField(max_length=120)
    approver_name = models.CharField(max_length=200)
    approver_title = models.CharField(max_length=120)
    reason = models.TextField()
    approved_on = models.DateField()
    # The signed approval itself, kept with the record (53060.7(a)(2)).
    document = models.FileField(upload_to="exceptions/", null=True, blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Exception for {self.user.username} ({self.classification})"


class ProvisioningEvent(models.Model):
    """History only: provisioning changes recorded before the governance record existed. Nothing
    writes here any more (GovernanceRecord is the record); the rows stay readable for audits."""

    class Action(models.TextChoices):
        ACCESS_REQUESTED = "access_requested", "Access requested"
        ACCESS_GRANTED = "access_granted", "Access granted"
        ACCESS_REVOKED = "access_revoked", "Access revoked"
        ACCOUNT_SEPARATED = "account_separated", "Account closed on separation"
        ACCOUNT_SUSPENDED = "account_suspended", "Account suspended"
        ACCOUNT_REACTIVATED = "account_reactivated", "Account reactivated"
        CLASSIFICATION_CHANGED = "classification_changed", "Job classification changed"
        EXCEPTION_APPROVED = "exception_approved", "Classification exception approved"
        AGREEMENT_PUBLISHED = "agreement_published", "Agreement version published"
        AGREEMENT_SIGNED = "agreement_signed", "Agreement signed"
        AGREEMENT_SCAN_UPLOADED = "agreement_scan_uploaded", "Signed agreement scan filed"
        TRAINING_RECORDED = "training_recorded", "Training recorded"
        TRAINING_SUBMITTED = "training_submitted", "Training submitted for verification"
        TRAINING_VERIFIED = "training_verified", "Training verified"
        TRAINING_EXPIRED = "training_expired", "Training expired"
        REAPPROVAL_OPENED = "reapproval_opened", "Yearly re-approval opened"
        REAPPROVED = "reapproved", "Re-approved"
        ADMINISTRATOR_DESIGNATED = "administrator_designated", "Administrator designated"

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    division = models.ForeignKey(Division, on_delete=models.PROTECT, null=True, related_name="+")
    actor = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, related_name="+"
    )  # null: a job
    subject = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, related_name="provisioning_events"
    )
    action = models.CharField(max_length=40, choices=Action.choices)
    reason = models.TextField(blank=True)
    details = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.action} {self.subject_id} at {self.at:%Y-%m-%d}"


class ReapprovalItem(models.Model):
    """A yearly review of a user's approval (DOJ 429.4, 429.6)."""

    class Decision(models.TextChoices):
        APPROVED = "approved"
        REVOKED = "revoked"

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="reapprovals")
    due_at = models.DateTimeField()
    opened_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+")
    decision = models.CharField(max_length=10, choices=Decision.choices, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["due_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(decided_at__isnull=True),
                name="one_open_reapproval",
            ),
        ]

    def __str__(self) -> str:
        return f"Re-approval of {self.user.username} due {self.due_at:%Y-%m-%d}"


_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


_DIGEST = re.compile(r"^[0-9a-f]{64}$")


def _shown(value):
    """A stored before/after value as a reader wants it: times to the minute in local time (like
    the log's own times), digests cut short."""
    if isinstance(value, str) and _ISO_DATETIME.match(value):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value
        return date_format(timezone.localtime(moment), "DATETIME_FORMAT")
    if isinstance(value, str) and _DIGEST.match(value):
        return value[:12] + "…"
    if isinstance(value, dict) and value.get("plate"):
        # A hold's criteria name a plate: a list of plates is a search, which only the gate
        # answers, so the log (and its CSV) says a plate was chosen, not which.
        return {**value, "plate": "(withheld)"}
    return value


class GovernanceRecord(ChainedRecord):
    """One administrative act (people, agreements, training, cameras, holds, settings): who did
    what to which thing, its values before and after, why, when and from where. Written in the
    act's transaction by accounts.services.governance_record; append-only and hash-chained per
    agency. Sign-ins and other authentication events stay in SecurityEvent."""

    CHAIN_FIELDS = (
        "agency_id",
        "division_id",
        "actor_id",
        "actor_username",
        "action",
        "subject_type",
        "subject_id",
        "subject_user_id",
        "subject_label",
        "before",
        "after",
        "reason",
        "at",
        "client_address",
    )

    class Action(models.TextChoices):
        """Every act the record holds, in words. The one place its labels live: the log pages,
        their filter and the CSV read them. Not bound to the column, so an act added without a
        label is still recorded (it shows its code); tests/accounts/test_views_logs.py fails
        until it has one."""

        # People (accounts.services.acts)
        ACCESS_REQUESTED = "access_requested", "Access requested"
        ACCESS_GRANTED = "access_granted", "Access granted"
        ACCESS_REVOKED = "access_revoked", "Access revoked"
        ACCOUNT_SEPARATED = "account_separated", "Account closed on separation"
        ACCOUNT_SUSPENDED = "account_suspended", "Account suspended"
        ACCOUNT_REACTIVATED = "account_reactivated", "Account reactivated"
        ACCOUNT_UNLOCKED = "account_unlocked", "Account unlocked"
        CLASSIFICATION_CHANGED = "classification_changed", "Job classification changed"
        EXCEPTION_APPROVED = "exception_approved", "Classification exception approved"
        INVITATION_SENT = "invitation_sent", "Invitation sent"
        PASSWORD_RESET = "password_reset", "Password reset"
        AUTHENTICATOR_RESET = "authenticator_reset", "Authenticator reset"
        AGREEMENT_PUBLISHED = "agreement_published", "Agreement version published"
        AGREEMENT_SIGNED = "agreement_signed", "Agreement signed"
        AGREEMENT_SCAN_UPLOADED = "agreement_scan_uploaded", "Signed agreement scan filed"
        TRAINING_RECORDED = "training_recorded", "Training recorded"
        TRAINING_SUBMITTED = "training_submitted", "Training submitted for verification"
        TRAINING_VERIFIED = "training_verified", "Training verified"
        TRAINING_REJECTED = "training_rejected", "Training certificate rejected"
        TRAINING_EXPIRED = "training_expired", "Training expired"
        REAPPROVAL_OPENED = "reapproval_opened", "Yearly re-approval opened"
        REAPPROVED = "reapproved", "Re-approved"
        ADMINISTRATOR_DESIGNATED = "administrator_designated", "Administrator designated"
        ADMINISTRATOR_REPLACED = "administrator_replaced", "Administrator replaced"
        ADMINISTRATOR_ESTABLISHED = "administrator_established", "Administrator set up"
        REFUSED = "refused", "Refused"
        # Agency and divisions
        AGENCY_SETTINGS_CHANGED = "agency_settings_changed", "Agency settings changed"
        DIVISION_SETTINGS_CHANGED = "division_settings_changed", "Division settings changed"
        LOG_EXPORTED = "log_exported", "Log exported as CSV"
        # Training courses
        COURSE_CREATED = "course_created", "Course added"
        COURSE_CHANGED = "course_changed", "Course changed"
        COURSE_RETIRED = "course_retired", "Course retired"
        COURSE_COMPLETIONS_VOIDED = "course_completions_voided", "Course completions voided"
        SYSTEM_USER_MARKED = "system_user_marked", "Marked as a system's user"
        SYSTEM_USER_UNMARKED = "system_user_unmarked", "No longer a system's user"
        # Cameras and legal holds
        CAMERA_CREATED = "camera_created", "Camera registered"
        CAMERA_SECRET_ROTATED = "camera_secret_rotated", "Camera secret rotated"
        CAMERA_REVOKED = "camera_revoked", "Camera revoked"
        CAMERA_ENABLED = "camera_enabled", "Camera enabled"
        CAMERA_DISABLED = "camera_disabled", "Camera disabled"
        CAMERA_VENDOR_CONFIGURED = "camera.configure_vendor", "Camera vendor format set"
        DEAD_LETTER_REPLAYED = "dead_letter.replay", "Refused post replayed"
        LEGAL_HOLD_PLACED = "legal_hold_placed", "Legal hold placed"
        LEGAL_HOLD_RELEASED = "legal_hold_released", "Legal hold released"
        # Searches
        MISREAD_NOTICE_RECORDED = "misread.notice_recorded", "Misread notice recorded"
        MISREAD_CLOSED = "misread.closed", "Misread report closed"
        # Audits
        AUDIT_REFUSED = "audit_refused", "Audit step refused"
        AUDIT_CYCLE_OPENED = "audit_cycle_opened", "Audit cycle opened"
        AUDIT_AUDITOR_ASSIGNED = "audit_auditor_assigned", "Auditor assigned"
        AUDIT_COMPILE_STARTED = "audit_compile_started", "Audit compilation started"
        AUDIT_CYCLE_COMPILED = "audit_cycle_compiled", "Audit cycle compiled"
        AUDIT_ITEM_DISPOSED = "audit_item_disposed", "Audit finding disposed"
        AUDIT_CYCLE_SIGNED = "audit_cycle_signed", "Audit cycle signed"
        AUDIT_PACKET_REQUESTED = "audit_packet_requested", "Audit packet requested"
        AUDIT_PACKET_RENDERED = "audit_packet_rendered", "Audit packet rendered"
        AUDIT_PACKET_DOWNLOADED = "audit_packet_downloaded", "Audit packet downloaded"
        AUDIT_CYCLE_REPORTED = "audit_cycle_reported", "Audit reported"
        AUDIT_CYCLE_PURGED = "audit_cycle_purged", "Audit cycle purged"
        AUDIT_ACCESS_RECORDS_EXPORTED = (
            "audit_access_records_exported",
            "Access records exported for an audit",
        )
        # Sharing
        SHARING_PARTNER_RECORDED = "sharing_partner_recorded", "Sharing partner recorded"
        SHARING_AGREEMENT_APPROVED = "sharing_agreement_approved", "Sharing agreement approved"
        SHARING_AGREEMENT_REVOKED = "sharing_agreement_revoked", "Sharing agreement revoked"
        SHARING_DISCLOSURE_APPROVED = "sharing_disclosure_approved", "Disclosure approved"
        SHARING_DISCLOSURE_DENIED = "sharing_disclosure_denied", "Disclosure denied"

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    division = models.ForeignKey(Division, on_delete=models.PROTECT, null=True, related_name="+")
    actor = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, related_name="+"
    )  # null: a job
    actor_username = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=60)
    # What was acted on: a model label ("accounts.user", "camera_ingest.camera", ...) and its key.
    subject_type = models.CharField(max_length=60)
    subject_id = models.CharField(max_length=40, blank=True)
    # The person concerned, when the act concerns one (for "everything done to this person").
    subject_user = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+")
    subject_label = models.CharField(max_length=200, blank=True)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    reason = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)
    client_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["agency", "at"], name="governance_agency_at"),
            models.Index(fields=["subject_user", "at"], name="governance_subject_user_at"),
        ]
        triggers = [append_only_trigger()]

    def __str__(self) -> str:
        return f"{self.action} {self.subject_type}:{self.subject_id} at {self.at:%Y-%m-%d %H:%M}"

    @property
    def changes(self) -> list[tuple[str, object, object]]:
        """(field, before, after) for each value the act changed or set, for the log pages."""
        names = list(dict.fromkeys([*self.before, *self.after]))
        return [
            (name, _shown(self.before.get(name)), _shown(self.after.get(name)))
            for name in names
            if self.before.get(name) != self.after.get(name)
        ]

    @property
    def action_label(self) -> str:
        """The act in words; a refusal names the act refused ("Refused: Access granted")."""
        label = label_of(self.Action, self.action)
        if self.action == self.Action.REFUSED and self.attempted:
            return f"{label}: {label_of(self.Action, self.attempted)}"
        return label

    @property
    def attempted(self) -> str:
        """For a refusal, the act that was refused."""
        return self.after.get("attempted", "") if self.action == "refused" else ""

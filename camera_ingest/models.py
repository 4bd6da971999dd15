"""Cameras and the read store (DESIGN.md section 6).

PlateRead lives in a PostgreSQL table partitioned by agency (LIST) and then by month of
`seen_at` (RANGE), created by migration 0001 and managed by camera_ingest/partitions.py; Django
does not manage its schema. Nothing holds a foreign key into it (Citus later: distribute by
agency, keep the partitions), and it holds none: camera and agency are plain integers.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from accounts.models import Agency

CAMERA_SECRET_PREFIX = "cam_"


class Camera(models.Model):
    class Kind(models.TextChoices):
        FIXED = "fixed", "Fixed"
        MOBILE = "mobile", "Mobile"

    class Format(models.TextChoices):
        NATIVE = "native", "Our JSON format"
        OPENALPR = "openalpr", "OpenALPR / Rekor Scout"
        PLATERECOGNIZER = "platerecognizer", "Plate Recognizer (Snapshot, Stream)"
        GENETEC = "genetec", "Genetec AutoVu SharpV"
        AXIS = "axis", "Axis License Plate Verifier"
        HIKVISION = "hikvision", "Hikvision ANPR"
        VERKADA = "verkada", "Verkada LPR webhook"
        SURVISION = "survision", "Survision"
        FRIGATE = "frigate", "Frigate (via an MQTT-to-HTTP bridge)"

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="cameras")
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.FIXED)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    vendor_format = models.CharField(max_length=30, choices=Format.choices, default=Format.NATIVE)
    enabled = models.BooleanField(default=True)
    secret_prefix = models.CharField(max_length=16, unique=True)
    secret_hash = models.CharField(max_length=64)
    secret_rotated_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_read_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Vendor devices often send local times without a zone: they are read in this zone, and
    # the read records that it was assumed (issue 12).
    time_zone = models.CharField(max_length=64, default="UTC")
    # What an administrator needs to see why reads are not arriving (issue 12, item 5).
    last_payload_at = models.DateTimeField(null=True, blank=True)
    last_payload = models.TextField(blank=True)  # an excerpt, inline images stripped
    last_error_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    last_heartbeat_at = models.DateTimeField(null=True, blank=True)
    health = models.JSONField(null=True, blank=True)  # the last heartbeat's facts
    # Null when registered with `manage.py create_camera` by an operator on the host.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "name"], name="camera_name_unique_in_agency"),
            models.CheckConstraint(
                condition=~models.Q(kind="fixed")
                | models.Q(latitude__isnull=False, longitude__isnull=False),
                name="fixed_camera_has_location",
                violation_error_message="A fixed camera needs its latitude and longitude.",
            ),
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True)
                | models.Q(latitude__gte=-90, latitude__lte=90),
                name="camera_latitude_in_range",
            ),
            models.CheckConstraint(
                condition=models.Q(longitude__isnull=True)
                | models.Q(longitude__gte=-180, longitude__lte=180),
                name="camera_longitude_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.agency.slug})"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def last_posted_at(self):
        """When the device last posted anything: a read, a payload (refused ones too), a
        heartbeat. None if it never has."""
        times = [self.last_read_at, self.last_payload_at, self.last_heartbeat_at]
        return max((t for t in times if t is not None), default=None)


class UnscopedReadAccess(RuntimeError):
    """Raised when code reaches the read store without saying whose reads it may see."""


class PlateReadQuerySet(models.QuerySet):
    pass


class PlateReadManager(models.Manager.from_queryset(PlateReadQuerySet)):
    """The read store has one door: `.for_agencies(ids)` with ids from
    queries.selectors.searchable_agency_ids_for(user). Housekeeping that must see every agency's
    reads (retention purge, holds, the benchmark, tests) says so with `.unscoped(reason=...)`, so
    a reviewer can grep each such use. Anything else (`PlateRead.objects.filter(...)`) raises."""

    def get_queryset(self):
        raise UnscopedReadAccess(
            "PlateRead is read only through PlateRead.objects.for_agencies(ids) (ids from "
            "queries.selectors.searchable_agency_ids_for) or .unscoped(reason=...)."
        )

    def _base(self) -> PlateReadQuerySet:
        return PlateReadQuerySet(model=self.model, using=self._db, hints=self._hints)

    def for_agencies(self, agency_ids) -> PlateReadQuerySet:
        """Reads of these agencies only; an empty list gives no reads."""
        ids = [int(pk) for pk in agency_ids]
        if not ids:
            return self._base().none()
        return self._base().filter(agency_id__in=ids)

    def unscoped(self, *, reason: str) -> PlateReadQuerySet:
        """Every agency's reads, for housekeeping that names why (purge, hold, benchmark)."""
        if not reason or not reason.strip():
            raise UnscopedReadAccess("Say why the read store is reached unscoped.")
        return self._base()


class PlateRead(models.Model):
    """One read. Schema: migration 0001 (partitioned); `id` comes from a sequence and is unique
    by construction; (camera_id, event_id, seen_at) is unique: a retried post is a duplicate."""

    id = models.BigIntegerField(primary_key=True)
    agency_id = models.IntegerField()
    camera_id = models.IntegerField()
    plate = models.CharField(max_length=16)
    plate_raw = models.CharField(max_length=32, null=True)  # only when it differs from `plate`
    candidates = models.JSONField(null=True)  # the vendor's alternative readings
    region = models.CharField(max_length=8, null=True)
    seen_at = models.DateTimeField()
    received_at = models.DateTimeField()
    latitude = models.FloatField()
    longitude = models.FloatField()
    confidence = models.FloatField(null=True)  # 0..1
    vehicle = models.JSONField(null=True)
    event_id = models.CharField(max_length=64)
    image_count = models.SmallIntegerField(default=0)
    image_urls = models.JSONField(null=True)  # images the camera keeps, by URL (vendor formats)
    # {"vendor", "payload" (inline images stripped), "notes" (e.g. an assumed time zone)}
    vendor_payload = models.JSONField(null=True)

    objects = PlateReadManager()

    class Meta:
        managed = False
        db_table = "camera_ingest_plateread"

    def __str__(self) -> str:
        return f"{self.plate} at {self.seen_at:%Y-%m-%d %H:%M}"


class ReadImage(models.Model):
    """A photo of a read, stored under the default storage; the read is referenced by id and
    time (no foreign key into the partitioned store)."""

    class Kind(models.TextChoices):
        PLATE = "plate", "Plate crop"
        OVERVIEW = "overview", "Overview"

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    read_id = models.BigIntegerField()
    seen_at = models.DateTimeField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    file = models.FileField(upload_to="reads/", max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["read_id"], name="readimage_read"),
            models.Index(fields=["agency", "seen_at"], name="readimage_agency_seen"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} of read {self.read_id}"


class LegalHold(models.Model):
    """Reads preserved past retention as evidence or under a court order (2.455.30)."""

    class Reason(models.TextChoices):
        EVIDENCE = "evidence", "Evidence in a criminal or civil action"
        COURT_ORDER = "court_order", "Lawful order to produce records"

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="legal_holds")
    case_number = models.CharField(max_length=60)
    reason = models.CharField(max_length=20, choices=Reason.choices)
    description = models.TextField(blank=True)
    criteria = models.JSONField(default=dict, blank=True)  # how the reads were chosen
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    placed_at = models.DateTimeField(default=timezone.now)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    released_at = models.DateTimeField(null=True, blank=True)
    release_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-placed_at"]

    def __str__(self) -> str:
        return f"Hold {self.case_number} ({self.agency.slug})"

    @property
    def is_active(self) -> bool:
        return self.released_at is None


class HeldRead(models.Model):
    """A copy of a read under a hold, kept apart from the partitioned store so that dropping
    an expired partition never needs to look for holds."""

    hold = models.ForeignKey(LegalHold, on_delete=models.CASCADE, related_name="reads")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    read_id = models.BigIntegerField()
    camera_id = models.IntegerField()
    plate = models.CharField(max_length=16)
    plate_raw = models.CharField(max_length=32, null=True)
    region = models.CharField(max_length=8, null=True)
    seen_at = models.DateTimeField()
    received_at = models.DateTimeField()
    latitude = models.FloatField()
    longitude = models.FloatField()
    confidence = models.FloatField(null=True)
    vehicle = models.JSONField(null=True)
    event_id = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["hold", "read_id"], name="held_read_once_per_hold"),
        ]
        indexes = [models.Index(fields=["read_id"], name="heldread_read")]

    def __str__(self) -> str:
        return f"{self.plate} held under {self.hold_id}"


class DeadLetter(models.Model):
    """A vendor post that could not be stored, kept whole for an administrator to inspect and
    replay once the cause is fixed (issue 12, item 4): never silently dropped."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    camera = models.ForeignKey(Camera, on_delete=models.PROTECT, related_name="dead_letters")
    vendor = models.CharField(max_length=30)
    received_at = models.DateTimeField(default=timezone.now)
    content_type = models.CharField(max_length=200, blank=True)
    headers = models.JSONField(default=dict)  # secrets (Authorization, cookies, token) removed
    body = models.BinaryField()
    body_size = models.PositiveBigIntegerField()  # as received; `body` may be cut at the limit
    truncated = models.BooleanField(default=False)
    status_code = models.PositiveSmallIntegerField()
    errors = models.JSONField(default=list)  # [{"code", "field", "message"}]
    replayed_at = models.DateTimeField(null=True, blank=True)
    replayed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    replay_result = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-received_at"]
        indexes = [models.Index(fields=["agency", "-received_at"], name="deadletter_agency_recent")]

    def __str__(self) -> str:
        return f"{self.vendor} post of camera {self.camera_id} at {self.received_at:%Y-%m-%d %H:%M}"

    @property
    def is_replayed(self) -> bool:
        return self.replayed_at is not None

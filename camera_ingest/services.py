"""Every governed write of the read store: cameras, ingest, partitions, retention, legal holds."""

import json
import secrets
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.db.models import Count
from django.http.multipartparser import MultiPartParserError
from django.utils import timezone
from psycopg import errors as psycopg_errors

from accounts.models import Agency, User
from accounts.services.governance import governance_record, snapshot
from accounts.services.tenancy import require_agency_admin
from alpr_governance.credentials import credential_hash, credential_matches
from camera_ingest import partitions, rules
from camera_ingest.models import (
    CAMERA_SECRET_PREFIX,
    Camera,
    DeadLetter,
    HeldRead,
    LegalHold,
    ReadImage,
)
from camera_ingest.vendors.base import Body, Context, VendorError

# --- Cameras -------------------------------------------------------------------------------


def _secret_hash(secret: str) -> str:
    return credential_hash(secret)


def _new_secret() -> tuple[str, str]:
    prefix = secrets.token_hex(6)
    return prefix, f"{CAMERA_SECRET_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"


def _require_agency_admin(actor: User, agency: Agency, client_address: str | None = None) -> None:
    """Checked before the act's transaction opens, so the recorded refusal is kept."""
    require_agency_admin(
        actor, agency, to="manage cameras and legal holds", client_address=client_address
    )


CAMERA_CREATED = "camera_created"
CAMERA_SECRET_ROTATED = "camera_secret_rotated"
CAMERA_REVOKED = "camera_revoked"
CAMERA_ENABLED = "camera_enabled"
CAMERA_DISABLED = "camera_disabled"
LEGAL_HOLD_PLACED = "legal_hold_placed"
LEGAL_HOLD_RELEASED = "legal_hold_released"
# What the governance record keeps of a camera: never its secret or its hash.
CAMERA_RECORDED_FIELDS = (
    "name",
    "kind",
    "latitude",
    "longitude",
    "vendor_format",
    "enabled",
    "secret_prefix",
    "secret_rotated_at",
    "revoked_at",
)


def _camera_snapshot(camera: Camera) -> dict:
    values = snapshot(camera, CAMERA_RECORDED_FIELDS)
    return {k: v.isoformat() if isinstance(v, datetime) else v for k, v in values.items()}


def _camera_record(actor, camera, action, before, *, reason="", client_address=None) -> None:
    after = _camera_snapshot(camera)
    governance_record(
        actor=actor,
        agency=camera.agency,
        action=action,
        subject=camera,
        before={k: v for k, v in before.items() if after.get(k) != v},
        after={k: v for k, v in after.items() if before.get(k) != v},
        reason=reason,
        client_address=client_address,
    )


@dataclass(frozen=True)
class CameraWithSecret:
    camera: Camera
    secret: str  # shown once, never stored


def camera_create(
    *,
    actor: User | None,
    agency: Agency,
    name: str,
    kind: str = Camera.Kind.FIXED,
    latitude: float | None = None,
    longitude: float | None = None,
    vendor_format: str = Camera.Format.NATIVE,
    client_address: str | None = None,
) -> CameraWithSecret:
    """Register a camera and return its secret, shown once (stored only as a keyed hash); on the
    governance record with the camera's settings (never the secret).

    `actor` is None only for the `create_camera` management command (an operator on the host).
    """
    if actor is not None:
        _require_agency_admin(actor, agency, client_address)
    with transaction.atomic():
        prefix, secret = _new_secret()
        camera = Camera(
            agency=agency,
            name=name.strip(),
            kind=kind,
            latitude=latitude,
            longitude=longitude,
            vendor_format=vendor_format,
            secret_prefix=prefix,
            secret_hash=_secret_hash(secret),
            created_by=actor,
        )
        camera.full_clean()
        camera.save()
        _camera_record(
            actor,
            camera,
            CAMERA_CREATED,
            {},
            reason="" if actor is not None else "Created on the host (create_camera command).",
            client_address=client_address,
        )
        return CameraWithSecret(camera, secret)


def camera_secret_rotate(
    *, actor: User, camera: Camera, client_address: str | None = None
) -> CameraWithSecret:
    """Issue a new secret; the old one stops working at once. Recorded (prefixes, not secrets)."""
    _require_agency_admin(actor, camera.agency, client_address)
    with transaction.atomic():
        camera = Camera.objects.select_for_update().select_related("agency").get(pk=camera.pk)
        before = _camera_snapshot(camera)
        prefix, secret = _new_secret()
        camera.secret_prefix, camera.secret_hash = prefix, _secret_hash(secret)
        camera.secret_rotated_at = timezone.now()
        camera.revoked_at = None
        camera.save(
            update_fields=["secret_prefix", "secret_hash", "secret_rotated_at", "revoked_at"]
        )
        _camera_record(actor, camera, CAMERA_SECRET_ROTATED, before, client_address=client_address)
        return CameraWithSecret(camera, secret)


def camera_revoke(*, actor: User, camera: Camera, client_address: str | None = None) -> Camera:
    """Revoke the camera's secret for good (a stolen or retired device); rotate to reissue."""
    _require_agency_admin(actor, camera.agency, client_address)
    with transaction.atomic():
        camera = Camera.objects.select_for_update().select_related("agency").get(pk=camera.pk)
        if camera.revoked_at is None:
            before = _camera_snapshot(camera)
            camera.revoked_at = timezone.now()
            camera.save(update_fields=["revoked_at"])
            _camera_record(actor, camera, CAMERA_REVOKED, before, client_address=client_address)
        return camera


def camera_set_enabled(
    *, actor: User, camera: Camera, enabled: bool, client_address: str | None = None
) -> Camera:
    """Disable a camera (its posts are refused) or enable it again; recorded."""
    _require_agency_admin(actor, camera.agency, client_address)
    with transaction.atomic():
        camera = Camera.objects.select_for_update().select_related("agency").get(pk=camera.pk)
        if camera.enabled != enabled:
            before = _camera_snapshot(camera)
            camera.enabled = enabled
            camera.save(update_fields=["enabled"])
            action = CAMERA_ENABLED if enabled else CAMERA_DISABLED
            _camera_record(actor, camera, action, before, client_address=client_address)
        return camera


def camera_authenticate(secret: str) -> Camera | None:
    """The camera holding this secret (revoked or disabled ones included: the caller decides)."""
    if not secret.startswith(CAMERA_SECRET_PREFIX):
        return None
    prefix = secret[len(CAMERA_SECRET_PREFIX) :].split("_", 1)[0]
    camera = Camera.objects.select_related("agency").filter(secret_prefix=prefix).first()
    if camera is None or not credential_matches(camera.secret_hash, secret):
        return None
    return camera


# --- Ingest --------------------------------------------------------------------------------

COPY_COLUMNS = (
    "seen_at",
    "received_at",
    "agency_id",
    "camera_id",
    "latitude",
    "longitude",
    "confidence",
    "image_count",
    "plate",
    "region",
    "event_id",
    "plate_raw",
    "candidates",
    "vehicle",
    "image_urls",
    "vendor_payload",
)
_STAGING = "plateread_staging"


@dataclass
class IngestResult:
    accepted: int = 0
    duplicates: int = 0
    rejected: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"accepted": self.accepted, "duplicates": self.duplicates, "rejected": self.rejected}


def read_limits(agency: Agency, now: datetime | None = None) -> rules.Limits:
    return rules.Limits(
        now=now or timezone.now(),
        retention_days=agency.read_retention_days,
        max_future=timedelta(seconds=settings.INGEST_MAX_FUTURE_SECONDS),
        max_image_bytes=settings.INGEST_MAX_IMAGE_BYTES,
    )


def reads_ingest(*, camera: Camera, reads: list, extra_images: dict | None = None) -> IngestResult:
    """Validate and store reads posted by a camera; the reads take the camera's agency.

    One bad read does not lose the good ones; a read already stored (same camera, event id and
    time) counts as a duplicate. Returns only after the transaction committed, so whatever it
    reports accepted is durably stored. `extra_images` maps a read's index to images sent as
    multipart parts: [(kind, bytes)].
    """
    limits = read_limits(camera.agency)
    facts = rules.CameraFacts(
        kind=camera.kind, latitude=camera.latitude, longitude=camera.longitude
    )
    result, valid = IngestResult(), []
    for index, raw in enumerate(reads):
        read, violations = rules.check_read(raw, facts, limits)
        for kind, data in (extra_images or {}).get(index, []):
            image, problems = rules.check_image(
                kind, data, field_name=f"images.{kind}", max_bytes=limits.max_image_bytes
            )
            violations = violations + problems
            if read is not None and image is not None:
                read.images.append(image)
        if violations:
            result.rejected.append({"index": index, "errors": [v.as_dict() for v in violations]})
        else:
            valid.append(read)
    if valid:
        stored = reads_store(
            agency_id=camera.agency_id, camera_id=camera.pk, reads=valid, received_at=limits.now
        )
        result.accepted = stored
        result.duplicates = len(valid) - stored
    return result


def _vehicle_json(value) -> str | None:
    return json.dumps(value, separators=(",", ":")) if value else None


def _without_nul(value):
    """PostgreSQL's jsonb and text cannot hold U+0000; a vendor's payload may."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, dict):
        return {_without_nul(k): _without_nul(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_nul(v) for v in value]
    return value


def _json_or_none(value) -> str | None:
    return json.dumps(_without_nul(value), separators=(",", ":")) if value else None


def _copy_rows(reads: list[rules.ValidRead], agency_id: int, camera_id: int, received_at: datetime):
    for r in reads:
        yield (
            r.seen_at,
            received_at,
            agency_id,
            camera_id,
            r.latitude,
            r.longitude,
            r.confidence,
            len(r.images),
            r.plate,
            r.region,
            r.event_id,
            r.plate_raw,
            json.dumps(r.candidates) if r.candidates else None,
            _vehicle_json(r.vehicle),
            json.dumps(r.image_urls) if r.image_urls else None,
            _json_or_none(r.vendor_payload),
        )


def _copy_into(cursor, table: str, rows) -> None:
    with cursor.cursor.copy(f"COPY {table} ({', '.join(COPY_COLUMNS)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _ensure_months(agency_id: int, reads: list[rules.ValidRead]) -> None:
    partitions.ensure(agency_id, sorted({partitions.month_start(r.seen_at) for r in reads}))


@transaction.atomic
def reads_store(
    *, agency_id: int, camera_id: int, reads: list[rules.ValidRead], received_at: datetime
) -> int:
    """The bulk path; returns how many reads were new.

    Most batches hold only new reads, so they are COPied straight into the store. A batch with
    a retried read breaks the unique index; it is then copied into a session staging table and
    moved with INSERT ... ON CONFLICT DO NOTHING, which skips the duplicates. Batches with images
    take that path too, since it returns the new reads' ids. A month without its partition yet
    gets it created (the nightly job normally has).
    """
    with connection.cursor() as cursor:
        # Once a minute is enough for "last read received", and spares a row update per batch.
        cursor.execute(
            "UPDATE camera_ingest_camera SET last_read_at = %s WHERE id = %s "
            "AND (last_read_at IS NULL OR last_read_at < %s)",
            [received_at, camera_id, received_at - timedelta(minutes=1)],
        )
        rows = list(_copy_rows(reads, agency_id, camera_id, received_at))
        with_images = any(r.images for r in reads)
        if with_images:
            _ensure_months(agency_id, reads)
        else:
            for attempt in range(2):
                try:
                    with transaction.atomic():
                        _copy_into(cursor, partitions.PARENT, rows)
                    return len(reads)
                except psycopg_errors.UniqueViolation:
                    break  # a retried read: take the path that skips duplicates
                except psycopg_errors.CheckViolation:
                    if attempt:  # still "no partition of relation found for row"
                        raise
                    _ensure_months(agency_id, reads)
        cursor.execute(
            f"CREATE TEMP TABLE IF NOT EXISTS {_STAGING} "
            f"(LIKE {partitions.PARENT} INCLUDING DEFAULTS) ON COMMIT DELETE ROWS"
        )
        _copy_into(cursor, _STAGING, rows)
        columns = ", ".join(COPY_COLUMNS)
        cursor.execute(
            f"INSERT INTO {partitions.PARENT} ({columns}) SELECT {columns} FROM {_STAGING} "
            f"ON CONFLICT (seen_at, camera_id, event_id, agency_id) DO NOTHING "
            f"RETURNING id, event_id, seen_at"
        )
        inserted = cursor.fetchall()
        cursor.execute(f"DELETE FROM {_STAGING}")  # several batches may share a transaction
    if inserted and with_images:
        _images_store(agency_id, camera_id, reads, inserted)
    return len(inserted)


def _images_store(
    agency_id: int, camera_id: int, reads: list[rules.ValidRead], inserted: list
) -> None:
    by_key = {(r.event_id, r.seen_at): r for r in reads if r.images}
    extensions = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}
    rows = []
    for read_id, event_id, seen_at in inserted:
        read = by_key.get((event_id, seen_at))
        if read is None:
            continue
        for kind, data, content_type in read.images:
            path = (
                f"reads/{agency_id}/{seen_at:%Y/%m/%d}/{camera_id}/"
                f"{read_id}-{kind}.{extensions[content_type]}"
            )
            saved = default_storage.save(path, ContentFile(data))
            rows.append(
                ReadImage(
                    agency_id=agency_id,
                    read_id=read_id,
                    seen_at=seen_at,
                    kind=kind,
                    file=saved,
                    content_type=content_type,
                    size=len(data),
                )
            )
    ReadImage.objects.bulk_create(rows)


# --- Partitions and retention --------------------------------------------------------------


def partitions_create_ahead(
    *, agency: Agency, months_ahead: int = 3, now: datetime | None = None, dry_run: bool = False
) -> int:
    """Create the agency's month partitions from its retention window to `months_ahead` ahead;
    a dry run counts the ones it would create."""
    now = now or timezone.now()
    first = partitions.month_start(read_retention_cutoff(agency, now))
    last = partitions.month_start(now + timedelta(days=31 * months_ahead))
    months = partitions.months_between(first, last)
    if dry_run:
        return partitions.missing(agency.pk, months)
    return partitions.ensure(agency.pk, months)


DAYS_PER_RETENTION_YEAR = 365


def read_retention_cutoff(agency: Agency, now: datetime) -> datetime:
    """Reads seen before this moment are past the agency's retention (2.455.30, Gov. Code
    34090.6), counted in calendar years: the profile's read_retention_days is read as whole
    years of 365 days plus any remainder in days, so 730 days means two years and a read is kept
    until its second anniversary even when a 29 February falls in between."""
    years, days = divmod(agency.read_retention_days, DAYS_PER_RETENTION_YEAR)
    return partitions.years_before(now, years) - timedelta(days=days)


def _held_read_ids(agency_id: int):
    return HeldRead.objects.filter(agency_id=agency_id, hold__released_at__isnull=True).values(
        "read_id"
    )


def reads_purge_expired(
    *, agency: Agency, now: datetime | None = None, dry_run: bool = False, batch_size: int = 10_000
) -> dict:
    """Purge reads older than the agency's retention in calendar years (2.455.30): drop whole expired month
    partitions (constant time), delete the boundary month's expired rows in batches, and delete
    the images of purged reads. Reads under an active legal hold survive as their held copies,
    and so do their images. Idempotent: a second run finds nothing left to purge."""
    cutoff = read_retention_cutoff(agency, now or timezone.now())
    counts = {"cutoff": cutoff.isoformat(), "partitions_dropped": 0, "reads_dropped_estimate": 0}
    counts["reads_deleted"] = counts["images_deleted"] = 0
    for partition in partitions.month_partitions(agency.pk):
        if partition.end <= cutoff:
            counts["partitions_dropped"] += 1
            counts["reads_dropped_estimate"] += partitions.estimated_rows(partition)
            if not dry_run:
                partitions.drop(partition)
        elif partition.start < cutoff:
            counts["reads_deleted"] += _delete_rows_before(
                partition.name, cutoff, dry_run=dry_run, batch_size=batch_size
            )
    counts["images_deleted"] = _delete_images_before(
        agency.pk, cutoff, dry_run=dry_run, batch_size=batch_size
    )
    return counts


def _delete_rows_before(table: str, cutoff: datetime, *, dry_run: bool, batch_size: int) -> int:
    deleted = 0
    with connection.cursor() as cursor:
        if dry_run:
            cursor.execute(f"SELECT count(*) FROM {table} WHERE seen_at < %s", [cutoff])
            return cursor.fetchone()[0]
        while True:  # short transactions: never one long delete
            with transaction.atomic():
                cursor.execute(
                    f"DELETE FROM {table} WHERE ctid IN "
                    f"(SELECT ctid FROM {table} WHERE seen_at < %s LIMIT %s)",
                    [cutoff, batch_size],
                )
                deleted += cursor.rowcount
            if cursor.rowcount < batch_size:
                return deleted


def _delete_images_before(
    agency_id: int, cutoff: datetime, *, dry_run: bool, batch_size: int
) -> int:
    expired = ReadImage.objects.filter(agency_id=agency_id, seen_at__lt=cutoff).exclude(
        read_id__in=_held_read_ids(agency_id)
    )
    if dry_run:
        return expired.count()
    deleted = 0
    while batch := list(expired.order_by("pk")[:batch_size]):
        for image in batch:
            default_storage.delete(image.file.name)
        ReadImage.objects.filter(pk__in=[image.pk for image in batch]).delete()
        deleted += len(batch)
    return deleted


# --- Legal holds ---------------------------------------------------------------------------

HOLD_MAX_READS = 50_000
_HELD_COLUMNS = (
    "read_id, camera_id, plate, plate_raw, region, seen_at, received_at, latitude, longitude, "
    "confidence, vehicle, event_id"
)


def legal_hold_place(
    *,
    actor: User,
    case_number: str,
    reason: str,
    description: str = "",
    read_ids: list[int] | None = None,
    plate: str | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    client_address: str | None = None,
) -> LegalHold:
    """Preserve reads as evidence or under a court order (2.455.30), chosen by id or by plate and
    time window, in the actor's agency only. Held reads survive every purge until released. The
    placement is on the governance record (the hold's own columns stay as data).

    Choosing reads by plate and window is a search: the purpose rules apply (the case number and
    the description as its justification) and it writes an access record (HOLD_SEARCH), run or
    refused; a refusal's record is committed before the ValidationError is raised."""
    from queries.services import hold_search_record, hold_search_violations

    _require_agency_admin(actor, actor.agency, client_address)
    by_plate = not read_ids and bool(plate and start and end)
    if by_plate:
        violations = hold_search_violations(
            actor=actor, case_number=case_number, description=description
        )
        if violations:
            hold_search_record(
                actor=actor,
                case_number=case_number,
                description=description,
                criteria=_hold_criteria(plate, start, end),
                client_address=client_address,
                codes=[v.code for v in violations],
            )
            raise ValidationError(
                {
                    ("description" if v.field == "justification" else v.field or "plate"): v.message
                    for v in violations
                }
            )
    try:
        with transaction.atomic():
            hold = _legal_hold_place(
                actor=actor,
                case_number=case_number,
                reason=reason,
                description=description,
                read_ids=read_ids,
                plate=plate,
                start=start,
                end=end,
                client_address=client_address,
            )
            if by_plate:
                hold_search_record(
                    actor=actor,
                    case_number=case_number,
                    description=description,
                    criteria={**hold.criteria, "hold": hold.pk},
                    client_address=client_address,
                    read_ids=list(hold.reads.values_list("read_id", flat=True)),
                )
    except ValidationError as problem:
        if by_plate:
            hold_search_record(
                actor=actor,
                case_number=case_number,
                description=description,
                criteria=_hold_criteria(plate, start, end),
                client_address=client_address,
                codes=[
                    error.code or "hold_not_placed"
                    for errors in getattr(problem, "error_dict", {}).values()
                    for error in errors
                ]
                or ["hold_not_placed"],
            )
        raise
    return hold


def _hold_criteria(plate: str, start: datetime, end: datetime) -> dict:
    return {
        "plate": rules.normalise_plate(plate),
        "start": start.isoformat(),
        "end": end.isoformat(),
    }


def _legal_hold_place(
    *,
    actor: User,
    case_number: str,
    reason: str,
    description: str,
    read_ids: list[int] | None,
    plate: str | None,
    start: datetime | None,
    end: datetime | None,
    client_address: str | None,
) -> LegalHold:
    agency = actor.agency
    if not case_number.strip():
        raise ValidationError({"case_number": "A case number is required."})
    if reason not in LegalHold.Reason.values:
        raise ValidationError({"reason": "Choose evidence or court order."})
    if read_ids:
        where, params = "id = ANY(%s)", [list(read_ids)]
        criteria = {"read_ids": sorted(read_ids)}
    elif plate and start and end:
        if end <= start:
            raise ValidationError({"end": "The window must end after it starts."})
        where, params = (
            "plate = %s AND seen_at >= %s AND seen_at < %s",
            [rules.normalise_plate(plate), start, end],
        )
        criteria = _hold_criteria(plate, start, end)
    else:
        raise ValidationError({"read_ids": "Name reads by id, or a plate with a time window."})
    hold = LegalHold.objects.create(
        agency=agency,
        case_number=case_number.strip(),
        reason=reason,
        description=description,
        criteria=criteria,
        placed_by=actor,
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO camera_ingest_heldread (hold_id, agency_id, {_HELD_COLUMNS}) "
            f"SELECT %s, agency_id, id, camera_id, plate, plate_raw, region, seen_at, received_at, "
            f"latitude, longitude, confidence, vehicle, event_id FROM {partitions.PARENT} "
            f"WHERE agency_id = %s AND {where} LIMIT %s",
            [hold.pk, agency.pk, *params, HOLD_MAX_READS + 1],
        )
        held = cursor.rowcount
    if held == 0:
        raise ValidationError(
            {
                "read_ids": ValidationError(
                    "No read of your agency matches; nothing was held.", code="no_reads"
                )
            }
        )
    if held > HOLD_MAX_READS:
        raise ValidationError(
            {
                "plate": ValidationError(
                    f"More than {HOLD_MAX_READS} reads match; narrow the window.",
                    code="too_many_reads",
                )
            }
        )
    hold.criteria = {**criteria, "reads_held": held}
    hold.save(update_fields=["criteria"])
    governance_record(
        actor=actor,
        agency=agency,
        action=LEGAL_HOLD_PLACED,
        subject=hold,
        after=_hold_snapshot(hold),
        reason=description,
        client_address=client_address,
    )
    return hold


def _hold_snapshot(hold: LegalHold) -> dict:
    return {
        "case_number": hold.case_number,
        "reason": hold.reason,
        "criteria": hold.criteria,
        "released_at": hold.released_at.isoformat() if hold.released_at else None,
    }


def legal_hold_release(
    *, actor: User, hold: LegalHold, reason: str, client_address: str | None = None
) -> LegalHold:
    """Release a hold; its reads then follow the normal retention again. Recorded with why."""
    _require_agency_admin(actor, hold.agency, client_address)
    with transaction.atomic():
        hold = LegalHold.objects.select_for_update().select_related("agency").get(pk=hold.pk)
        if hold.released_at is not None:
            return hold
        if not reason.strip():
            raise ValidationError({"release_reason": "Say why the hold ends (e.g. case closed)."})
        before = _hold_snapshot(hold)
        hold.released_at, hold.released_by, hold.release_reason = (
            timezone.now(),
            actor,
            reason.strip(),
        )
        hold.save(update_fields=["released_at", "released_by", "release_reason"])
        hold.reads.all().delete()
        governance_record(
            actor=actor,
            agency=hold.agency,
            action=LEGAL_HOLD_RELEASED,
            subject=hold,
            before={"released_at": before["released_at"]},
            after={"released_at": hold.released_at.isoformat()},
            reason=hold.release_reason,
            client_address=client_address,
        )
        return hold


def hold_counts(holds) -> Counter:
    """How many reads each hold keeps: one grouped query, whatever the holds' sizes."""
    counted = (
        HeldRead.objects.filter(hold__in=holds)
        .values("hold_id")
        .annotate(n=Count("pk"))
        .values_list("hold_id", "n")
    )
    return Counter(dict(counted))


# --- Vendor formats (issue 12) ---------------------------------------------------------------

DEAD_LETTER_MAX_BYTES = 2 * 1024 * 1024  # a body over the post limit is kept up to this much
LAST_PAYLOAD_CHARS = 4000


@dataclass
class VendorResult:
    """What a vendor post did: reads stored, duplicates, per-frame repeats merged into a read
    already stored, reads refused (each with its errors), or an event acknowledged without a
    read. `status` is the HTTP status the API answers with."""

    status: int
    event: str = "reads"
    accepted: int = 0
    duplicates: int = 0
    merged: int = 0
    rejected: list[dict] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)
    dead_letter_id: int | None = None

    def as_dict(self) -> dict:
        body = {
            "event": self.event,
            "accepted": self.accepted,
            "duplicates": self.duplicates,
            "merged": self.merged,
            "rejected": self.rejected,
        }
        if self.errors:
            body["errors"] = self.errors
        if self.dead_letter_id:
            body["dead_letter"] = self.dead_letter_id
        return body


def _excerpt(value) -> str:
    text = value if isinstance(value, str) else json.dumps(value, default=str)[:LAST_PAYLOAD_CHARS]
    return _without_nul(text[:LAST_PAYLOAD_CHARS])


def _camera_note(camera: Camera, now: datetime, *, payload=None, error: str | None = None):
    fields = {"last_payload_at": now, "last_payload": _excerpt(payload)}
    if error is not None:
        fields.update(last_error_at=now, last_error=_without_nul(error[:2000]))
    Camera.objects.filter(pk=camera.pk).update(**fields)


def dead_letter_record(
    *,
    camera: Camera,
    vendor: str,
    body: Body,
    body_size: int,
    status_code: int,
    errors: list[dict],
) -> DeadLetter:
    """Keep a refused post whole (cut at DEAD_LETTER_MAX_BYTES) with why it was refused."""
    now = timezone.now()
    letter = DeadLetter.objects.create(
        agency_id=camera.agency_id,
        camera=camera,
        vendor=vendor,
        received_at=now,
        content_type=body.content_type[:200],
        headers=_without_nul(body.headers),
        body=body.raw[:DEAD_LETTER_MAX_BYTES],
        body_size=body_size,
        truncated=body_size > len(body.raw[:DEAD_LETTER_MAX_BYTES]),
        status_code=status_code,
        errors=_without_nul(errors),
    )
    message = "; ".join(f"{e['code']}: {e['message']}" for e in errors)[:2000]
    _camera_note(
        camera,
        now,
        payload=body.raw[:LAST_PAYLOAD_CHARS].decode("utf-8", "replace"),
        error=f"{message} (dead letter {letter.pk})",
    )
    return letter


def vendor_post_ingest(
    *, camera: Camera, vendor: str, body: Body, dead_letter: bool = True
) -> VendorResult:
    """Store what a vendor's device posted (issue 12): parse it with the vendor's adapter, check
    each read with our own rules, store the good ones (idempotent by the vendor's event id;
    per-frame repeats collapse), update the camera's health for a heartbeat, and keep a refused
    post in the dead-letter table. Reads already stored are never lost by a later refusal."""
    from camera_ingest.vendors import PARSERS

    limits = read_limits(camera.agency)
    try:
        parsed = PARSERS[vendor](body, Context(time_zone=_zone(camera.time_zone)))
    except VendorError as error:
        errors = [{"code": error.code, "field": error.field, "message": error.message}]
        return _refused(camera, vendor, body, 400, errors, dead_letter=dead_letter)
    if parsed.event == "heartbeat":
        Camera.objects.filter(pk=camera.pk).update(
            last_heartbeat_at=limits.now, health=_without_nul(parsed.health)
        )
        return VendorResult(status=200, event="heartbeat")
    if parsed.event != "reads":
        _camera_note(camera, limits.now, payload=parsed.original)
        return VendorResult(status=200, event=parsed.event)

    facts = rules.CameraFacts(
        kind=camera.kind, latitude=camera.latitude, longitude=camera.longitude
    )
    result, valid = VendorResult(status=201), []
    for index, vendor_read in enumerate(parsed.reads):
        read, violations = rules.check_read(vendor_read.fields, facts, limits)
        for kind, data in vendor_read.part_images:
            image, problems = rules.check_image(
                kind, data, field_name=f"images.{kind}", max_bytes=limits.max_image_bytes
            )
            violations = violations + problems
            if read is not None and image is not None:
                read.images.append(image)
        if violations:
            result.rejected.append({"index": index, "errors": [v.as_dict() for v in violations]})
            continue
        read.image_urls = vendor_read.image_urls or None
        read.preview = vendor_read.preview
        read.vendor_payload = {
            "vendor": vendor,
            "payload": parsed.original,
            "notes": parsed.notes + vendor_read.notes,
            **({"preview": True} if vendor_read.preview else {}),
        }
        valid.append(read)
    if valid:
        counts = vendor_reads_store(camera=camera, reads=valid, received_at=limits.now)
        result.accepted, result.duplicates, result.merged = counts
    if result.rejected:
        errors = [
            {**e, "field": f"reads.{item['index']}.{e['field'] or ''}".rstrip(".")}
            for item in result.rejected
            for e in item["errors"]
        ]
        status_code = 400 if not valid else 201
        refused = _refused(camera, vendor, body, status_code, errors, dead_letter=dead_letter)
        refused.accepted, refused.duplicates, refused.merged = (
            result.accepted,
            result.duplicates,
            result.merged,
        )
        refused.rejected = result.rejected
        return refused
    _camera_note(camera, limits.now, payload=parsed.original)
    return result


def _zone(name: str):
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def _refused(camera, vendor, body, status_code, errors, *, dead_letter: bool) -> VendorResult:
    result = VendorResult(status=status_code, event="refused", errors=errors)
    if dead_letter:
        result.dead_letter_id = dead_letter_record(
            camera=camera,
            vendor=vendor,
            body=body,
            body_size=len(body.raw),
            status_code=status_code,
            errors=errors,
        ).pk
    return result


def _collapse(reads: list[rules.ValidRead], window: timedelta) -> tuple[list, int]:
    """Per-frame repeats inside one post: the same plate within the window is one read, the one
    with the best confidence, keeping an image when only a weaker frame had one."""
    kept: list[rules.ValidRead] = []
    merged = 0
    for read in sorted(reads, key=lambda r: -(r.confidence or 0)):
        twin = next(
            (k for k in kept if k.plate == read.plate and abs(k.seen_at - read.seen_at) <= window),
            None,
        )
        if twin is None:
            kept.append(read)
            continue
        merged += 1
        if not twin.images and read.images:
            twin.images = read.images
    return kept, merged


@transaction.atomic
def vendor_reads_store(
    *, camera: Camera, reads: list[rules.ValidRead], received_at: datetime
) -> tuple[int, int, int]:
    """Store vendor reads one by one; returns (accepted, duplicates, merged).

    Idempotent by the vendor's event id. A read of a plate this camera already read within
    INGEST_REPEAT_WINDOW_SECONDS is a per-frame repeat: it is merged into the stored read, which
    keeps the best confidence and its image. A final OpenALPR group replaces its preview.
    An advisory lock per camera and plate keeps two concurrent repeats from both inserting.
    """
    window = timedelta(seconds=settings.INGEST_REPEAT_WINDOW_SECONDS)
    reads, merged = _collapse(reads, window)
    accepted = duplicates = 0
    agency_id = camera.agency_id
    _ensure_months(agency_id, reads)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE camera_ingest_camera SET last_read_at = %s WHERE id = %s "
            "AND (last_read_at IS NULL OR last_read_at < %s)",
            [received_at, camera.pk, received_at - timedelta(minutes=1)],
        )
        for read in reads:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))",
                [f"read:{camera.pk}:{read.plate}"],
            )
            cursor.execute(
                f"SELECT id, seen_at, event_id, confidence, image_count, "
                f"coalesce(vendor_payload->>'preview', '') = 'true' FROM {partitions.PARENT} "
                f"WHERE agency_id = %s AND camera_id = %s AND seen_at BETWEEN %s AND %s "
                f"AND (plate = %s OR event_id = %s) "
                f"ORDER BY (event_id = %s) DESC, confidence DESC NULLS LAST LIMIT 1",
                [
                    agency_id,
                    camera.pk,
                    read.seen_at - window,
                    read.seen_at + window,
                    read.plate,
                    read.event_id,
                    read.event_id,
                ],
            )
            found = cursor.fetchone()
            if found is None:
                row = next(_copy_rows([read], agency_id, camera.pk, received_at))
                cursor.execute(
                    f"INSERT INTO {partitions.PARENT} ({', '.join(COPY_COLUMNS)}) "
                    f"VALUES ({', '.join(['%s'] * len(COPY_COLUMNS))}) "
                    f"ON CONFLICT (seen_at, camera_id, event_id, agency_id) DO NOTHING "
                    f"RETURNING id, event_id, seen_at",
                    row,
                )
                inserted = cursor.fetchall()
                if inserted:
                    accepted += 1
                    if read.images:
                        _images_store(agency_id, camera.pk, [read], inserted)
                else:
                    duplicates += 1
                continue
            read_id, seen_at, event_id, confidence, image_count, is_preview = found
            same_event = event_id == read.event_id and seen_at == read.seen_at
            if same_event and not (is_preview and not read.preview):
                duplicates += 1  # a retry of the same event
                continue
            merged += 0 if same_event else 1
            accepted += 1 if same_event else 0  # a final group replacing its preview
            better = (read.confidence or 0) > (confidence or 0)
            # The stored read keeps its identity (time, event id); it takes the better values.
            as_stored = replace(read, event_id=event_id, seen_at=seen_at)
            if same_event or better:
                _read_replace(cursor, agency_id, camera.pk, read_id, as_stored, received_at)
            elif not image_count and read.images:
                _read_images_replace(agency_id, camera.pk, read_id, as_stored)
    return accepted, duplicates, merged


def _read_replace(cursor, agency_id, camera_id, read_id, read, received_at) -> None:
    """The stored read takes the better frame's values."""
    cursor.execute(
        f"UPDATE {partitions.PARENT} SET plate = %s, plate_raw = %s, region = %s, "
        f"latitude = %s, longitude = %s, confidence = %s, candidates = %s, vehicle = %s, "
        f"image_urls = %s, vendor_payload = %s, received_at = %s "
        f"WHERE agency_id = %s AND seen_at = %s AND id = %s",
        [
            read.plate,
            read.plate_raw,
            read.region,
            read.latitude,
            read.longitude,
            read.confidence,
            json.dumps(read.candidates) if read.candidates else None,
            _vehicle_json(read.vehicle),
            json.dumps(read.image_urls) if read.image_urls else None,
            _json_or_none(read.vendor_payload),
            received_at,
            agency_id,
            read.seen_at,
            read_id,
        ],
    )
    if read.images:
        _read_images_replace(agency_id, camera_id, read_id, read)


def _read_images_replace(agency_id, camera_id, read_id, read) -> None:
    for image in ReadImage.objects.filter(agency_id=agency_id, read_id=read_id):
        default_storage.delete(image.file.name)
    ReadImage.objects.filter(agency_id=agency_id, read_id=read_id).delete()
    _images_store(agency_id, camera_id, [read], [(read_id, read.event_id, read.seen_at)])
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {partitions.PARENT} SET image_count = %s "
            f"WHERE agency_id = %s AND seen_at = %s AND id = %s",
            [len(read.images), agency_id, read.seen_at, read_id],
        )


@transaction.atomic
def dead_letter_replay(*, actor: User, dead_letter: DeadLetter) -> DeadLetter:
    """Run a dead letter's stored body through its vendor's adapter again, once the cause is
    fixed (a parser fix, the camera's time zone, an enabled format). A replay that now succeeds
    marks the letter replayed, and a second replay does nothing: the read is stored once (event
    ids make it idempotent as well). One that still fails records why and stays open."""
    _require_agency_admin(actor, dead_letter.agency)
    letter = DeadLetter.objects.select_for_update().select_related("camera").get(pk=dead_letter.pk)
    if letter.replayed_at is not None:
        return letter
    from camera_ingest.receive import body_from_raw

    raw = bytes(letter.body)
    try:
        body = body_from_raw(raw, letter.content_type, letter.headers)
    except (MultiPartParserError, SuspiciousOperation) as error:
        outcome = VendorResult(
            status=400,
            event="refused",
            errors=[{"code": "malformed_multipart", "field": None, "message": str(error)}],
        )
    else:
        outcome = vendor_post_ingest(
            camera=letter.camera, vendor=letter.vendor, body=body, dead_letter=False
        )
    before = {"replayed": letter.replayed_at is not None, "result": letter.replay_result}
    letter.replay_result = {**outcome.as_dict(), "status": outcome.status}
    if outcome.status < 400 and not outcome.rejected:
        letter.replayed_at, letter.replayed_by = timezone.now(), actor
    letter.save(update_fields=["replayed_at", "replayed_by", "replay_result"])
    governance_record(
        actor=actor,
        agency=letter.agency,
        action="dead_letter.replay",
        subject=letter,
        before=before,
        after={"replayed": letter.replayed_at is not None, "result": letter.replay_result},
    )
    return letter


@transaction.atomic
def camera_configure_vendor(
    *, actor: User, camera: Camera, vendor_format: str, time_zone: str
) -> Camera:
    """Set the format a camera posts in and the zone its zone-less times are read in."""
    from zoneinfo import available_timezones

    _require_agency_admin(actor, camera.agency)
    if vendor_format not in Camera.Format.values:
        raise ValidationError({"vendor_format": "Choose one of the listed formats."})
    if time_zone not in available_timezones():
        raise ValidationError({"time_zone": "Choose a time zone such as America/Los_Angeles."})
    camera = Camera.objects.select_for_update().get(pk=camera.pk)
    before = snapshot(camera, ["vendor_format", "time_zone"])
    if (camera.vendor_format, camera.time_zone) == (vendor_format, time_zone):
        return camera
    camera.vendor_format, camera.time_zone = vendor_format, time_zone
    camera.save(update_fields=["vendor_format", "time_zone"])
    governance_record(
        actor=actor,
        agency=camera.agency,
        action="camera.configure_vendor",
        subject=camera,
        before=before,
        after=snapshot(camera, ["vendor_format", "time_zone"]),
    )
    return camera


def dead_letters_purge_expired(
    *, agency: Agency, now: datetime | None = None, dry_run: bool = False
) -> dict:
    """Dead letters hold reads' data (plates, times, images), so they follow the agency's read
    retention (2.455.30): those received before the cutoff are deleted. Idempotent."""
    cutoff = (now or timezone.now()) - timedelta(days=agency.read_retention_days)
    expired = DeadLetter.objects.filter(agency=agency, received_at__lt=cutoff)
    count = expired.count()
    if not dry_run and count:
        expired.delete()
    return {"cutoff": cutoff.isoformat(), "dead_letters_deleted": count}

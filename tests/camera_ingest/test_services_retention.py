"""Retention: expired months dropped whole, the boundary month row by row, held reads kept,
images of purged reads deleted; a second run changes nothing."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.management import call_command

from accounts.models import JobRun
from camera_ingest import partitions, services
from camera_ingest.jobs import reads_purge_expired_job
from camera_ingest.models import HeldRead, PlateRead, ReadImage
from camera_ingest.rules import ValidRead
from tests.camera_ingest.conftest import jpeg_bytes

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def store(camera, *, plate, seen_at, image=False, event=None):
    read = ValidRead(
        event_id=event or f"{plate}-{seen_at:%Y%m%d%H%M}",
        plate=plate,
        plate_raw=None,
        candidates=None,
        region="US-CA",
        seen_at=seen_at,
        latitude=37.8,
        longitude=-122.27,
        confidence=0.9,
        vehicle=None,
        images=[("plate", jpeg_bytes(), "image/jpeg")] if image else [],
    )
    services.reads_store(
        agency_id=camera.agency_id, camera_id=camera.pk, reads=[read], received_at=seen_at
    )
    return PlateRead.objects.unscoped(reason="test: what the store holds").get(
        camera_id=camera.pk, event_id=read.event_id
    )


@pytest.fixture
def store_with_history(fixed_camera, agency_a):
    """City police keep reads 730 days: cutoff 2024-11-24 12:00 for NOW."""
    camera = fixed_camera.camera
    assert agency_a.read_retention_days == 730
    return {
        "old_month": store(
            camera, plate="OLD1", seen_at=datetime(2024, 9, 10, tzinfo=UTC), image=True
        ),
        "boundary_old": store(
            camera, plate="EDGE1", seen_at=datetime(2024, 11, 20, tzinfo=UTC), image=True
        ),
        "boundary_new": store(camera, plate="EDGE2", seen_at=datetime(2024, 11, 28, tzinfo=UTC)),
        "recent": store(camera, plate="NEW1", seen_at=NOW - timedelta(days=3), image=True),
        "camera": camera,
    }


def test_purge_drops_expired_months_and_deletes_the_boundary_rows(store_with_history, agency_a):
    counts = services.reads_purge_expired(agency=agency_a, now=NOW)
    assert counts["partitions_dropped"] == 1
    assert counts["reads_deleted"] == 1
    assert counts["images_deleted"] == 2
    assert sorted(
        PlateRead.objects.unscoped(reason="test: what the store holds").values_list(
            "plate", flat=True
        )
    ) == ["EDGE2", "NEW1"]
    names = [p.name for p in partitions.month_partitions(agency_a.pk)]
    assert partitions.month_table(agency_a.pk, datetime(2024, 9, 1).date()) not in names
    assert ReadImage.objects.count() == 1


def test_images_of_purged_reads_are_deleted_from_storage(store_with_history, agency_a):
    old_image = ReadImage.objects.get(read_id=store_with_history["old_month"].id)
    assert default_storage.exists(old_image.file.name)
    services.reads_purge_expired(agency=agency_a, now=NOW)
    assert not default_storage.exists(old_image.file.name)
    recent = ReadImage.objects.get(read_id=store_with_history["recent"].id)
    assert default_storage.exists(recent.file.name)


def test_purge_is_idempotent(store_with_history, agency_a):
    services.reads_purge_expired(agency=agency_a, now=NOW)
    again = services.reads_purge_expired(agency=agency_a, now=NOW)
    assert (again["partitions_dropped"], again["reads_deleted"], again["images_deleted"]) == (
        0,
        0,
        0,
    )
    assert PlateRead.objects.unscoped(reason="test: what the store holds").count() == 2


def test_dry_run_changes_nothing_and_says_what_would_go(store_with_history, agency_a):
    counts = services.reads_purge_expired(agency=agency_a, now=NOW, dry_run=True)
    assert (counts["partitions_dropped"], counts["reads_deleted"], counts["images_deleted"]) == (
        1,
        1,
        2,
    )
    assert PlateRead.objects.unscoped(reason="test: what the store holds").count() == 4
    assert ReadImage.objects.count() == 3


def test_held_reads_survive_the_purge_with_their_images(
    store_with_history, agency_a, agency_admin_a
):
    old = store_with_history["old_month"]
    hold = services.legal_hold_place(
        actor=agency_admin_a, case_number="26-004512", reason="evidence", read_ids=[old.id]
    )
    services.reads_purge_expired(agency=agency_a, now=NOW)
    held = HeldRead.objects.get(hold=hold)
    assert (held.read_id, held.plate) == (old.id, "OLD1")
    image = ReadImage.objects.get(read_id=old.id)
    assert default_storage.exists(image.file.name)

    services.legal_hold_release(actor=agency_admin_a, hold=hold, reason="Case closed")
    assert not HeldRead.objects.filter(hold=hold).exists()
    services.reads_purge_expired(agency=agency_a, now=NOW)
    assert not ReadImage.objects.filter(read_id=old.id).exists()
    assert not default_storage.exists(image.file.name)


def test_hold_by_plate_and_window_takes_only_that_agencys_reads(
    fixed_camera, camera_b, agency_admin_a, agency_b
):
    seen = NOW - timedelta(days=2)
    store(fixed_camera.camera, plate="8XYZ777", seen_at=seen)
    store(camera_b.camera, plate="8XYZ777", seen_at=seen)
    hold = services.legal_hold_place(
        actor=agency_admin_a,
        case_number="INV-26-00418",
        reason="court_order",
        description="Court order to preserve sightings of the getaway car in the bank robbery",
        plate="8xyz-777",
        start=seen - timedelta(hours=1),
        end=seen + timedelta(hours=1),
    )
    assert hold.criteria["reads_held"] == 1
    assert list(HeldRead.objects.values_list("agency_id", flat=True)) == [agency_admin_a.agency_id]


def test_a_hold_matching_nothing_is_refused_and_leaves_no_record(agency_admin_a):
    from camera_ingest.models import LegalHold

    with pytest.raises(ValidationError):
        services.legal_hold_place(
            actor=agency_admin_a, case_number="X-1", reason="evidence", read_ids=[424242]
        )
    assert not LegalHold.objects.exists()


def test_another_agencys_read_ids_cannot_be_held(camera_b, agency_admin_a):
    read_b = store(camera_b.camera, plate="B1", seen_at=NOW - timedelta(days=1))
    with pytest.raises(ValidationError):
        services.legal_hold_place(
            actor=agency_admin_a, case_number="X-1", reason="evidence", read_ids=[read_b.id]
        )
    assert not HeldRead.objects.exists()


def test_purge_job_records_a_jobrun_per_agency(store_with_history, agency_a):
    run = reads_purge_expired_job(agency=agency_a)
    assert run.status == JobRun.Status.SUCCEEDED
    assert run.agency == agency_a
    assert {"partitions_dropped", "reads_deleted", "images_deleted"} <= set(run.counts)


def test_purge_command_dry_run_prints_and_deletes_nothing(store_with_history, agency_a, capsys):
    from io import StringIO

    out = StringIO()
    call_command("purge_reads", agency=agency_a.slug, dry_run=True, stdout=out)
    assert f"{agency_a.slug}: reads before" in out.getvalue()
    assert "would drop" in out.getvalue()
    assert PlateRead.objects.unscoped(reason="test: what the store holds").count() == 4


def test_partitions_are_created_ahead_and_idempotently(agency_a):
    created = services.partitions_create_ahead(agency=agency_a, months_ahead=2, now=NOW)
    assert created == 1 + 25 + 2  # the agency table, 730 days back, two months ahead
    assert services.partitions_create_ahead(agency=agency_a, months_ahead=2, now=NOW) == 0


def test_purge_never_touches_another_agency(store_with_history, camera_b, agency_a, agency_b):
    old_b = store(camera_b.camera, plate="B-OLD", seen_at=datetime(2025, 10, 1, tzinfo=UTC))
    services.reads_purge_expired(agency=agency_a, now=NOW)
    assert (
        PlateRead.objects.unscoped(reason="test: what the store holds").filter(id=old_b.id).exists()
    )  # B keeps reads 365 days; not A's business


# --- Calendar years across a leap day (2.455.30, Gov. Code 34090.6) ---------------------------


def test_a_read_is_kept_until_its_second_anniversary_when_a_29_february_falls_between(
    fixed_camera, agency_a
):
    """GIVEN a city agency keeping reads two years (730 days) and a read of 1 March 2026
    WHEN the purge runs on 1 March 2028 before the read's time of day (2028 has a 29 February,
    so 730 days back is already 2 March 2026)
    THEN the read is kept; it goes once its anniversary has passed."""
    read = store(fixed_camera.camera, plate="LEAP1", seen_at=datetime(2026, 3, 1, 15, tzinfo=UTC))
    services.reads_purge_expired(agency=agency_a, now=datetime(2028, 3, 1, 9, tzinfo=UTC))
    assert (
        PlateRead.objects.unscoped(reason="test: what the store holds").filter(id=read.id).exists()
    )
    services.reads_purge_expired(agency=agency_a, now=datetime(2028, 3, 1, 16, tzinfo=UTC))
    assert (
        not PlateRead.objects.unscoped(reason="test: what the store holds")
        .filter(id=read.id)
        .exists()
    )


def test_a_one_year_agency_keeps_a_read_of_29_february_until_the_year_has_passed(
    fixed_camera, agency_a
):
    agency_a.read_retention_days = 365
    read = store(fixed_camera.camera, plate="LEAP2", seen_at=datetime(2028, 2, 29, 10, tzinfo=UTC))
    services.reads_purge_expired(agency=agency_a, now=datetime(2029, 2, 28, 12, tzinfo=UTC))
    assert (
        PlateRead.objects.unscoped(reason="test: what the store holds").filter(id=read.id).exists()
    )
    services.reads_purge_expired(agency=agency_a, now=datetime(2029, 3, 1, 12, tzinfo=UTC))
    assert (
        not PlateRead.objects.unscoped(reason="test: what the store holds")
        .filter(id=read.id)
        .exists()
    )


@pytest.mark.parametrize(
    ("days", "now", "cutoff"),
    [
        (730, datetime(2028, 3, 1, 9, tzinfo=UTC), datetime(2026, 3, 1, 9, tzinfo=UTC)),
        (365, datetime(2028, 2, 29, 9, tzinfo=UTC), datetime(2027, 2, 28, 9, tzinfo=UTC)),
        (365, datetime(2029, 3, 1, 0, tzinfo=UTC), datetime(2028, 3, 1, 0, tzinfo=UTC)),
        (
            400,
            datetime(2026, 11, 24, tzinfo=UTC),
            datetime(2025, 11, 24, tzinfo=UTC) - timedelta(days=35),
        ),
    ],
)
def test_the_cutoff_counts_whole_years_then_days(days, now, cutoff, agency_a):
    agency_a.read_retention_days = days
    assert services.read_retention_cutoff(agency_a, now) == cutoff

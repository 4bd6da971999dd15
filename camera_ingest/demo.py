"""Demo cameras and reads for the agencies that operate cameras (county sheriff, city police)."""

from collections import defaultdict
from datetime import timedelta

from django.utils import timezone

from camera_ingest import services, synthetic
from camera_ingest.models import Camera

OPERATORS = {
    # preset id: (centre latitude, longitude, fixed cameras, mobile cameras, reads)
    "county_sheriff": (37.6688, -122.0808, 8, 3, 100_000),
    "city_police": (37.8044, -122.2712, 10, 3, 110_000),
}


def seed(*, agencies, logins, stdout) -> None:
    logins.setdefault("cameras", [])
    now = timezone.now()
    for preset_id, (lat, lon, fixed, mobile, read_count) in OPERATORS.items():
        agency = agencies[preset_id]
        services.partitions_create_ahead(agency=agency)
        cameras = []
        for number in range(fixed + mobile):
            kind = Camera.Kind.FIXED if number < fixed else Camera.Kind.MOBILE
            offset = 0.01 * (number - fixed / 2)
            issued = services.camera_create(
                actor=None,
                agency=agency,
                name=f"{'Fixed' if kind == Camera.Kind.FIXED else 'Patrol car'} {number + 1}",
                kind=kind,
                latitude=lat + offset if kind == Camera.Kind.FIXED else None,
                longitude=lon + offset if kind == Camera.Kind.FIXED else None,
            )
            cameras.append((issued.camera.pk, lat + offset, lon - offset))
            logins["cameras"].append(
                {
                    "agency": agency.slug,
                    "name": issued.camera.name,
                    "id": issued.camera.pk,
                    "secret": issued.secret,
                    "kind": kind,
                }
            )
        by_camera = defaultdict(list)
        for camera_id, read in synthetic.reads(
            count=read_count,
            cameras=cameras,
            start=now - timedelta(days=90),
            end=now,
            seed=agency.pk,
        ):
            by_camera[camera_id].append(read)
        for camera_id, camera_reads in by_camera.items():
            for begin in range(0, len(camera_reads), 5000):
                services.reads_store(
                    agency_id=agency.pk,
                    camera_id=camera_id,
                    reads=camera_reads[begin : begin + 5000],
                    received_at=now,
                )
        stdout.write(f"  {agency.slug}: {len(cameras)} cameras, {read_count} reads over 90 days")

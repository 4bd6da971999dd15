"""Benchmark of the ingest path and the read store, against the configured database.

Prints and (with --json) writes: raw COPY into the store (the ceiling, on as many parallel
connections as gunicorn workers, so HTTP is compared with like), the bulk storage path, HTTP
ingest through gunicorn with batches of 500 and of 1 read, vendor posts (OpenALPR groups and
Plate Recognizer webhooks, issue 12) at the same concurrency with their ratio to our own
format, bytes per read (table and every index), and the time to purge one month by dropping its
partition. Uses a throwaway agency that it removes afterwards (unless --keep).
"""

import json
import os
import random
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import (
    Agency,
    AgreementVersion,
    GovernanceRecord,
    JobRun,
    ProvisioningEvent,
)
from accounts.services import agency_create_from_preset
from alpr_governance.appendonly import retention_delete
from camera_ingest import partitions, services, synthetic
from camera_ingest.models import Camera, DeadLetter, ReadImage
from camera_ingest.services import COPY_COLUMNS
from training.models import Course

CAMERA_COUNT = 300
HTTP_CAMERAS = 60


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _rows(agency_id, cameras, count, start, end, seed, prefix):
    """COPY rows in the store's column order."""
    received = timezone.now()
    for camera_id, read in synthetic.reads(
        count=count, cameras=cameras, start=start, end=end, seed=seed, event_prefix=prefix
    ):
        yield (
            read.seen_at,
            received,
            agency_id,
            camera_id,
            read.latitude,
            read.longitude,
            read.confidence,
            0,
            read.plate,
            read.region,
            read.event_id,
            None,
            None,
            json.dumps(read.vehicle, separators=(",", ":")) if read.vehicle else None,
            None,
            None,
        )


def _copy_text(rows) -> bytes:
    """Rows in COPY's text format, encoded before the clock starts: the ceiling measures the
    database, not Python formatting rows."""

    def field(value) -> str:
        if value is None:
            return "\\N"
        if hasattr(value, "isoformat"):
            return value.isoformat()
        text = str(value)
        return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")

    return "".join("\t".join(field(v) for v in row) + "\n" for row in rows).encode()


def _copy_parallel(chunks: list[bytes]) -> None:
    """COPY each chunk on its own connection, all at once."""
    from django.db import connections

    def copy_one(data: bytes) -> None:
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                columns = ", ".join(COPY_COLUMNS)
                with cursor.cursor.copy(f"COPY {partitions.PARENT} ({columns}) FROM STDIN") as cp:
                    cp.write(data)
        finally:
            connections.close_all()  # this thread's connection

    with ThreadPoolExecutor(max_workers=len(chunks)) as pool:
        list(pool.map(copy_one, chunks))


def _copy(rows) -> int:
    count = 0
    with transaction.atomic(), connection.cursor() as cursor:
        columns = ", ".join(COPY_COLUMNS)
        with cursor.cursor.copy(f"COPY {partitions.PARENT} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
    return count


def _openalpr_group(rng, now, n) -> bytes:
    """An OpenALPR agent's alpr_group as it posts one (no images)."""
    plate, region = synthetic._plate(rng)
    start = int((now - timedelta(seconds=rng.random() * 3600)).timestamp() * 1000)
    return json.dumps(
        {
            "data_type": "alpr_group",
            "version": 3,
            "agent_uid": "BENCHAGENT",
            "camera_id": n,
            "epoch_start": start,
            "epoch_end": start + 2500,
            "best_plate_number": plate,
            "best_confidence": 91.5,
            "best_region": region.lower(),
            "is_preview": False,
            "travel_direction": 182.0,
            "best_plate": {"plate": plate, "confidence": 91.5, "region": region.lower()},
            "candidates": [{"plate": plate, "confidence": 91.5}],
            "vehicle": {
                "make": [{"name": "toyota", "confidence": 80}],
                "color": [{"name": "white", "confidence": 70}],
                "body_type": [{"name": "sedan-standard", "confidence": 60}],
            },
        }
    ).encode()


def _pr_webhook(rng, now, n) -> bytes:
    """A Plate Recognizer Snapshot webhook ("data only") with one result."""
    plate, region = synthetic._plate(rng)
    seen = now - timedelta(seconds=rng.random() * 3600)
    return json.dumps(
        {
            "hook": {"target": "http://bench/", "id": n, "event": "image.done"},
            "data": {
                "camera_id": f"cam-{n % 60}",
                "filename": f"{n}.jpg",
                "timestamp": seen.isoformat(),
                "results": [
                    {
                        "plate": plate.lower(),
                        "score": 0.9,
                        "region": {"code": region.lower(), "score": 0.8},
                        "box": {"xmin": n % 97, "ymin": 1, "xmax": 2, "ymax": 3},
                        "vehicle": {"type": "Sedan", "score": 0.8},
                    }
                ],
            },
        }
    ).encode()


class Command(BaseCommand):
    help = "Measure ingest (COPY ceiling, bulk path, HTTP), bytes per read and a month's purge."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reads", type=int, default=1_000_000, help="Store size before measuring."
        )
        parser.add_argument(
            "--sample", type=int, default=100_000, help="Reads per throughput measure."
        )
        parser.add_argument("--single", type=int, default=3_000, help="Single-read posts to send.")
        parser.add_argument("--clients", type=int, default=6, help="Concurrent HTTP clients.")
        parser.add_argument("--workers", type=int, default=3, help="gunicorn workers.")
        parser.add_argument("--json", dest="json_path", help="Also write the figures here as JSON.")
        parser.add_argument("--keep", action="store_true", help="Keep the benchmark agency's data.")

    def handle(self, *args, reads, sample, single, clients, workers, json_path, keep, **options):
        now = timezone.now()
        agency = agency_create_from_preset(
            preset_id="city_police", slug=f"bench-{int(time.time())}", name="Benchmark agency"
        )
        try:
            figures = self._run(agency, now, reads, sample, single, clients, workers)
        finally:
            if not keep:
                self._cleanup(agency)
        self._report(figures)
        if json_path:
            with open(json_path, "w") as handle:  # noqa: PTH123  (a path the user typed)
                json.dump(figures, handle, indent=2)
            self.stdout.write(f"Figures written to {json_path}")

    def _run(self, agency, now, reads, sample, single, clients, workers) -> dict:
        out = self.stdout
        rng = random.Random(7)
        issued = [
            services.camera_create(
                actor=None,
                agency=agency,
                name=f"bench {n}",
                latitude=37.3 + rng.random() * 0.6,
                longitude=-122.4 + rng.random() * 0.6,
            )
            for n in range(CAMERA_COUNT)
        ]
        cameras = [(i.camera.pk, i.camera.latitude, i.camera.longitude) for i in issued]
        year_ago = now - timedelta(days=365)
        services.partitions_create_ahead(agency=agency, months_ahead=1, now=now)

        out.write(f"Filling the store with {reads:,} reads over a year ({CAMERA_COUNT} cameras)…")
        started = time.perf_counter()
        _copy(_rows(agency.pk, cameras, reads, year_ago, now - timedelta(days=2), 1, "fill"))
        out.write(f"  filled in {time.perf_counter() - started:.0f} s")
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {partitions.agency_table(agency.pk)}")

        recent = (now - timedelta(days=1), now)

        def copy_rate_now(prefix: str) -> float:
            # As many connections as gunicorn workers: the ceiling HTTP can reach.
            rows = list(_rows(agency.pk, cameras, sample, *recent, len(prefix), prefix))
            size = -(-len(rows) // workers)
            chunks = [_copy_text(rows[i : i + size]) for i in range(0, len(rows), size)]
            started = time.perf_counter()
            _copy_parallel(chunks)
            return sample / (time.perf_counter() - started)

        # Measured before and after the other paths; the faster run is the ceiling, so a
        # checkpoint during one run cannot flatter the ratios.
        copy_first = copy_rate_now("copy1")
        out.write(
            f"  COPY ceiling ({workers} parallel connections), first run: {copy_first:,.0f} reads/s"
        )

        # The same shape as a camera's batch post: 500 reads of one camera per call.
        sample_reads = [
            read
            for _, read in synthetic.reads(
                count=sample,
                cameras=cameras,
                start=recent[0],
                end=recent[1],
                seed=3,
                event_prefix="bulk",
            )
        ]
        batches = [
            (cameras[(i // 500) % len(cameras)][0], sample_reads[i : i + 500])
            for i in range(0, len(sample_reads), 500)
        ]
        started = time.perf_counter()
        for camera_id, batch in batches:
            services.reads_store(
                agency_id=agency.pk, camera_id=camera_id, reads=batch, received_at=now
            )
        bulk_rate = sample / (time.perf_counter() - started)
        out.write(f"  bulk path: {bulk_rate:,.0f} reads/s")

        http_batch, http_single, vendor = self._http(
            issued[:HTTP_CAMERAS], sample, single, clients, workers, now
        )

        copy_second = copy_rate_now("copy2")
        out.write(f"  COPY ceiling, second run: {copy_second:,.0f} reads/s")
        copy_rate = max(copy_first, copy_second)

        total_bytes, stored = self._bytes_per_read(agency, totals=True)
        # The fullest month before this one: a whole month of reads, as retention drops them.
        current = partitions.month_start(now)
        oldest = max(
            (p for p in partitions.month_partitions(agency.pk) if p.start.date() < current),
            key=partitions.estimated_rows,
        )
        month_rows = partitions.estimated_rows(oldest)
        started = time.perf_counter()
        with transaction.atomic():
            partitions.drop(oldest)
        purge_seconds = time.perf_counter() - started
        return {
            "store_reads": stored,
            "copy_reads_per_s": round(copy_rate),
            "bulk_reads_per_s": round(bulk_rate),
            "http_batch_reads_per_s": round(http_batch),
            "http_single_reads_per_s": round(http_single),
            "bulk_vs_copy": round(bulk_rate / copy_rate, 3),
            "http_batch_vs_copy": round(http_batch / copy_rate, 3),
            "http_single_vs_copy": round(http_single / copy_rate, 3),
            **{f"vendor_{name}_reads_per_s": round(rate) for name, rate in vendor.items()},
            # Cost of a post relative to our own single-read post (goal: at most 1.5).
            **{
                f"vendor_{name}_cost_vs_single": round(http_single / rate, 3)
                for name, rate in vendor.items()
            },
            **{
                f"vendor_{name}_vs_batch": round(rate / http_batch, 3)
                for name, rate in vendor.items()
            },
            "bytes_per_read": round(total_bytes / stored, 1),
            "purge_month_seconds": round(purge_seconds, 4),
            "purge_month_reads": month_rows,
            "gunicorn_workers": workers,
            "http_clients": clients,
            "cpu_count": os.cpu_count(),
        }

    def _bytes_per_read(self, agency, *, totals=False):
        """Table and every index of the agency's partitions, after VACUUM, per stored read."""
        table = partitions.agency_table(agency.pk)
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {table}")
            cursor.execute(
                "SELECT sum(pg_total_relation_size(relid)) "
                "FROM pg_partition_tree(%s::regclass) WHERE isleaf",
                [table],
            )
            total_bytes = int(cursor.fetchone()[0])
            cursor.execute(f"SELECT count(*) FROM {table}")
            stored = cursor.fetchone()[0]
        return (total_bytes, stored) if totals else total_bytes / stored

    def _http(self, issued, sample, single, clients, workers, now) -> tuple[float, float, dict]:
        port = _free_port()
        env = {
            **os.environ,
            "DATABASE_URL": settings.DATABASE_URL,
            "REDIS_URL": settings.REDIS_URL,
            "SECRET_KEY": settings.SECRET_KEY,
            "DEBUG": "0",
            "SECURE_HTTPS": "0",
            "ALLOWED_HOSTS": "127.0.0.1",
            "THROTTLE_CAMERA": "100000000/min",
            "LOG_LEVEL": "WARNING",
        }
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "alpr_governance.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=settings.BASE_DIR,
            start_new_session=True,
        )
        base = f"http://127.0.0.1:{port}/api/v1/ingest/reads"
        try:
            self._wait_for(base)
            rng = random.Random(11)

            def body(reads, prefix, n):
                seen = [now - timedelta(seconds=rng.random() * 3600) for _ in range(reads)]
                items = [
                    {
                        "event_id": f"{prefix}-{n}-{i}",
                        "plate": synthetic._plate(rng)[0],
                        "state": "CA",
                        "seen_at": s.isoformat(),
                        "confidence": 0.9,
                    }
                    for i, s in enumerate(seen)
                ]
                return json.dumps({"reads": items} if reads > 1 else items[0]).encode()

            batch_bodies = [
                (issued[n % len(issued)].secret, body(500, "hb", n)) for n in range(sample // 500)
            ]
            single_bodies = [
                (issued[n % len(issued)].secret, body(1, "hs", n)) for n in range(single)
            ]
            batch_rate = self._post_all(base, batch_bodies, clients, reads_per_post=500)
            self.stdout.write(f"  HTTP, batches of 500: {batch_rate:,.0f} reads/s")
            single_rate = self._post_all(base, single_bodies, clients, reads_per_post=1)
            self.stdout.write(f"  HTTP, single reads: {single_rate:,.0f} reads/s")
            vendor = {}
            for name, make in (("openalpr", _openalpr_group), ("platerecognizer", _pr_webhook)):
                bodies = [
                    (issued[n % len(issued)].secret, make(rng, now, n)) for n in range(single)
                ]
                url = base.replace("/reads", f"/{name}")
                vendor[name] = self._post_all(url, bodies, clients, reads_per_post=1)
                self.stdout.write(f"  HTTP, {name} posts: {vendor[name]:,.0f} reads/s")
            return batch_rate, single_rate, vendor
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=20)

    def _wait_for(self, url: str) -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(urllib.request.Request(url, method="GET"), timeout=2)
            except urllib.error.HTTPError:
                return  # the server answers (401: no camera secret)
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start")

    def _post_all(self, url, bodies, clients, reads_per_post) -> float:
        def post(item):
            secret, data = item
            request = urllib.request.Request(
                url,
                data=data,
                method="POST",
                headers={"Authorization": f"Bearer {secret}", "Content-Type": "application/json"},
            )
            with urllib.request.urlopen(request, timeout=60) as response:
                return json.loads(response.read())["accepted"]

        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=clients) as pool:
            accepted = sum(pool.map(post, bodies))
        elapsed = time.perf_counter() - started
        if accepted != len(bodies) * reads_per_post:
            raise RuntimeError(f"{accepted} of {len(bodies) * reads_per_post} reads were accepted")
        return accepted / elapsed

    def _cleanup(self, agency: Agency) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {partitions.agency_table(agency.pk)} CASCADE")
        ReadImage.objects.filter(agency=agency).delete()
        DeadLetter.objects.filter(agency=agency).delete()
        Camera.objects.filter(agency=agency).delete()
        # The throwaway agency's set-up rows (agreement, courses, events, job runs), then itself.
        ProvisioningEvent.objects.filter(agency=agency).delete()
        # The agency's creation published its agreement: an append-only governance record row,
        # removable only through the one retention path. Only this throwaway agency's rows.
        retention_delete(GovernanceRecord.objects.filter(agency=agency))
        AgreementVersion.objects.filter(agency=agency).delete()
        Course.objects.filter(agency=agency).delete()
        JobRun.objects.filter(agency=agency).delete()
        agency.divisions.all().delete()
        agency.delete()

    def _report(self, f: dict) -> None:
        copy = f["copy_reads_per_s"]
        setup = (
            f"{f['cpu_count']} CPUs, {f['gunicorn_workers']} gunicorn workers, "
            f"{f['http_clients']} clients"
        )
        rows = [
            ("raw COPY (ceiling)", f"{copy:,} reads/s", f"{f['gunicorn_workers']} connections"),
            ("bulk storage path", f"{f['bulk_reads_per_s']:,} reads/s", f"{f['bulk_vs_copy']:.0%}"),
            (
                "HTTP, batches of 500",
                f"{f['http_batch_reads_per_s']:,} reads/s",
                f"{f['http_batch_vs_copy']:.0%}",
            ),
            (
                "HTTP, single-read posts",
                f"{f['http_single_reads_per_s']:,} reads/s",
                f"{f['http_single_vs_copy']:.0%}",
            ),
            *[
                (
                    f"HTTP, {name} posts",
                    f"{f[f'vendor_{name}_reads_per_s']:,} reads/s",
                    f"a post costs {f[f'vendor_{name}_cost_vs_single']:.2f}x our single read, "
                    f"{f[f'vendor_{name}_vs_batch']:.1%} of batches",
                )
                for name in ("openalpr", "platerecognizer")
            ],
            ("storage per read", f"{f['bytes_per_read']} bytes", "table + every index"),
            (
                "purge one month (drop)",
                f"{f['purge_month_seconds']:.4f} s",
                f"{f['purge_month_reads']:,} reads",
            ),
        ]
        lines = ["", f"Read store: {f['store_reads']:,} reads ({setup})"]
        lines += [f"  {name:<26}{value:>18}  {note}" for name, value, note in rows]
        self.stdout.write("\n".join(lines))

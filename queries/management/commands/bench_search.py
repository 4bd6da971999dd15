"""Benchmark of justified search (issue 10, Targets), against the configured database.

Builds a store of N generated reads over a year for a throwaway agency (300 cameras), plus a
second agency with a tenth as many reads (so the plans can be seen to leave it alone), through
the read store's bulk COPY path. Then, for each kind — exact plate in 30 days, partial plate
(`7AB*2` and `*XYZ*` shapes) in 30 days, box + 24 h, point + 500 m + 7 days — it times the full
service path (gate, purpose rules, record, query: accounts.services.gate.gate_enter and
queries.services.search_run) and, in the same run, the bare SQL of the page query, and prints
p50/p95. `--explain PATH` writes EXPLAIN (ANALYZE, BUFFERS) of each kind's query.

The agencies' reads are dropped afterwards unless --keep; `--reuse SLUG` measures again on a
store kept before. Their people and access records stay: the access record is append-only.
"""

import json
import random
import statistics
import time
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import RequestFactory
from django.utils import timezone

from accounts import services as accounts_services
from accounts.models import AccountStatus, Agency, ApiToken, Role
from accounts.services.gate import gate_enter
from camera_ingest import partitions
from camera_ingest import services as ingest
from camera_ingest.management.commands.bench_ingest import _copy, _rows
from camera_ingest.models import Camera, PlateRead
from queries import services
from queries.criteria import criteria_parse
from training import services as training_services
from training.selectors import required_courses

CAMERA_COUNT = 300
KINDS = ("exact", "partial", "box", "near")
PURPOSE = services.SearchPurpose(
    case_number="INV-26-00418",
    purpose_category="criminal_investigation",
    justification="Armed robbery of a pharmacy: locating the grey getaway sedan that witnesses "
    "described",
)


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


class Command(BaseCommand):
    help = "Measure search p50/p95 per kind through the full service path and the bare SQL."

    def add_arguments(self, parser):
        parser.add_argument("--reads", type=int, default=10_000_000, help="Store size.")
        parser.add_argument("--runs", type=int, default=60, help="Searches timed per kind.")
        parser.add_argument("--json", dest="json_path", help="Also write the figures here.")
        parser.add_argument("--explain", dest="explain_path", help="Write EXPLAIN output here.")
        parser.add_argument("--keep", action="store_true", help="Keep the generated reads.")
        parser.add_argument("--reuse", help="Measure on a kept benchmark agency (its slug).")

    def handle(self, *args, reads, runs, json_path, explain_path, keep, reuse, **options):
        now = timezone.now()
        if reuse:
            agency = Agency.objects.filter(slug=reuse).first()
            if agency is None:
                raise CommandError(f"No agency {reuse!r}.")
            other = Agency.objects.filter(slug=f"{reuse}-other").first()
            searcher = agency.users.filter(role=Role.END_USER, status=AccountStatus.ACTIVE).first()
        else:
            agency, other, searcher = self._build(reads, now)
        try:
            figures, explains = self._measure(agency, searcher, runs, now)
        finally:
            if not keep and not reuse:
                for each in (agency, other):
                    with connection.cursor() as cursor:
                        cursor.execute(
                            f"DROP TABLE IF EXISTS {partitions.agency_table(each.pk)} CASCADE"
                        )
        self._report(figures, agency)
        if json_path:
            with open(json_path, "w") as handle:  # noqa: PTH123  (a path the user typed)
                json.dump(figures, handle, indent=2)
            self.stdout.write(f"Figures written to {json_path}")
        if explain_path:
            with open(explain_path, "w") as handle:  # noqa: PTH123
                handle.write(explains)
            self.stdout.write(f"Plans written to {explain_path}")

    # --- building the store ------------------------------------------------------------------

    def _build(self, reads: int, now):
        slug = f"bench-search-{int(time.time())}"
        agency = accounts_services.agency_create_from_preset(
            preset_id="city_police", slug=slug, name="Search benchmark agency"
        )
        other = accounts_services.agency_create_from_preset(
            preset_id="city_police", slug=f"{slug}-other", name="Search benchmark, other agency"
        )
        searcher = self._searcher(agency)
        for each, count, seed in ((agency, reads, 1), (other, max(reads // 10, 1000), 2)):
            rng = random.Random(seed)
            cameras = []
            for n in range(CAMERA_COUNT):
                camera = ingest.camera_create(
                    actor=None,
                    agency=each,
                    name=f"bench {n}",
                    latitude=37.3 + rng.random() * 0.6,
                    longitude=-122.4 + rng.random() * 0.6,
                ).camera
                cameras.append((camera.pk, camera.latitude, camera.longitude))
            ingest.partitions_create_ahead(agency=each, months_ahead=1, now=now)
            self.stdout.write(f"Filling {each.slug} with {count:,} reads over a year…")
            started = time.perf_counter()
            _copy(_rows(each.pk, cameras, count, now - timedelta(days=365), now, seed, "s"))
            self.stdout.write(f"  filled in {time.perf_counter() - started:.0f} s")
            with connection.cursor() as cursor:
                cursor.execute(f"VACUUM ANALYZE {partitions.agency_table(each.pk)}")
        return agency, other, searcher

    def _searcher(self, agency: Agency):
        """An end-user granted access through the real services (agreement, training, grant)."""
        division = agency.divisions.order_by("code").first()
        classification = agency.eligible_classifications[0]
        admin = accounts_services.staff_account_create(
            division=division,
            username=f"{agency.slug}.admin",
            password=None,
            role=Role.DIVISION_ADMIN_PRIMARY,
            status=AccountStatus.ACTIVE,
            last_name="Administrator",
            job_classification=classification,
            rank_title="Lieutenant",
        )
        person = accounts_services.staff_account_create(
            division=division,
            username=f"{agency.slug}.searcher",
            password=None,
            last_name="Searcher",
            job_classification=classification,
        )
        version = agency.agreement_versions.order_by("-version").first()
        accounts_services.agreement_sign(
            actor=person,
            version=version,
            typed_name=person.get_full_name(),
            accepted=True,
            ip_address=None,
        )
        for course in required_courses(agency.pk):
            training_services.training_record_create(
                actor=admin,
                subject=person,
                course=course,
                completed_on=timezone.localdate(),
                certificate=SimpleUploadedFile("c.pdf", b"%PDF-1.4\n%\n", "application/pdf")
                if course.certificate_required
                else None,
            )
        accounts_services.access_grant(actor=admin, subject=person)
        person.refresh_from_db()
        return person

    # --- measuring -----------------------------------------------------------------------------

    def _criteria(self, agency: Agency, runs: int, now) -> dict[str, list[dict]]:
        """Realistic criteria drawn from the store: plates that were read, places with cameras."""
        rng = random.Random(5)
        month = {"start": (now - timedelta(days=30)).isoformat(), "end": now.isoformat()}
        sample = list(
            PlateRead.objects.for_agencies([agency.pk])
            .filter(seen_at__gte=now - timedelta(days=30))
            .values_list("plate", flat=True)[:5000]
        )
        plates = rng.sample(sample, min(runs, len(sample)))
        cameras = list(Camera.objects.filter(agency=agency).values_list("latitude", "longitude"))
        criteria: dict[str, list[dict]] = {kind: [] for kind in KINDS}
        for n in range(runs):
            plate = plates[n % len(plates)]
            criteria["exact"].append({**month, "plate": plate})
            # Alternately the two shapes of the issue: 7AB*2 and *XYZ*.
            pattern = f"{plate[:3]}*{plate[-1]}" if n % 2 else f"*{plate[2:5]}*"
            criteria["partial"].append({**month, "plate": pattern})
            lat, lon = cameras[rng.randrange(len(cameras))]
            end = now - timedelta(hours=rng.random() * 24 * 20)
            criteria["box"].append(
                {
                    "start": (end - timedelta(hours=24)).isoformat(),
                    "end": end.isoformat(),
                    "bbox": [lon - 0.005, lat - 0.004, lon + 0.005, lat + 0.004],
                }
            )
            criteria["near"].append(
                {
                    "start": (end - timedelta(days=7)).isoformat(),
                    "end": end.isoformat(),
                    "near": {"lat": lat, "lon": lon, "radius_m": 500},
                }
            )
        return criteria

    def _bare_sql(self, searcher, raw: dict, now) -> tuple[str, list]:
        parsed, problems = criteria_parse(
            raw, max_window_days=searcher.agency.max_search_window_days, now=now
        )
        assert not problems, problems
        reads = services.reads_matching(user=searcher, criteria=parsed)
        page = reads.only(
            "id",
            "agency_id",
            "camera_id",
            "plate",
            "region",
            "seen_at",
            "latitude",
            "longitude",
            "confidence",
            "image_count",
        )[: services.PAGE_SIZE + 1]
        return page.query.sql_with_params()

    def _measure(self, agency, searcher, runs, now):
        request = RequestFactory().post("/api/v1/searches", REMOTE_ADDR="127.0.0.1")
        request.user = searcher
        request.auth = ApiToken(user=searcher)  # a token is issued only after the second factor
        figures, explains = {}, []
        criteria = self._criteria(agency, runs, now)
        for kind in KINDS:
            service_ms, sql_ms, counts = [], [], []
            for raw in criteria[kind][:3]:  # warm the caches the same way for both paths
                self._service(searcher, request, raw)
            for raw in criteria[kind]:
                started = time.perf_counter()
                outcome = self._service(searcher, request, raw)
                service_ms.append((time.perf_counter() - started) * 1000)
                assert not outcome.refused, outcome.violations
                counts.append(outcome.count)
                sql, params = self._bare_sql(searcher, raw, now)
                with connection.cursor() as cursor:
                    started = time.perf_counter()
                    cursor.execute(sql, params)
                    cursor.fetchall()
                    sql_ms.append((time.perf_counter() - started) * 1000)
            figures[kind] = {
                "p50_ms": round(statistics.median(service_ms), 2),
                "p95_ms": round(_percentile(service_ms, 0.95), 2),
                "sql_p50_ms": round(statistics.median(sql_ms), 2),
                "sql_p95_ms": round(_percentile(sql_ms, 0.95), 2),
                "median_results": statistics.median(counts),
                "runs": len(service_ms),
            }
            sql, params = self._bare_sql(searcher, criteria[kind][0], now)
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) {sql}", params)
                plan = "\n".join(row[0] for row in cursor.fetchall())
                literal = cursor.mogrify(sql, params) if hasattr(cursor, "mogrify") else sql
            explains.append(f"## {kind}: {json.dumps(criteria[kind][0])}\n\n{literal}\n\n{plan}\n")
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_partition_tree(%s::regclass) WHERE isleaf",
                [partitions.agency_table(agency.pk)],
            )
            figures["partitions"] = cursor.fetchone()[0]
            cursor.execute(f"SELECT count(*) FROM {partitions.agency_table(agency.pk)}")
            figures["store_reads"] = cursor.fetchone()[0]
        return figures, "\n".join(explains)

    def _service(self, searcher, request, raw):
        """The full path of one search: the gate (and its record), rules, query, access record."""
        decision = gate_enter(user=searcher, request=request, route="bench_search")
        assert decision.allowed, decision.codes
        return services.search_run(
            actor=searcher, purpose=PURPOSE, criteria=raw, client_address="127.0.0.1"
        )

    def _report(self, figures: dict, agency: Agency) -> None:
        lines = [
            "",
            f"Search over {figures['store_reads']:,} reads of {agency.slug} "
            f"({figures['partitions']} month partitions), full service path vs bare SQL:",
            f"  {'kind':<9}{'p50':>10}{'p95':>10}{'SQL p50':>10}{'SQL p95':>10}{'results':>9}",
        ]
        for kind in KINDS:
            f = figures[kind]
            lines.append(
                f"  {kind:<9}{f['p50_ms']:>8.1f}ms{f['p95_ms']:>8.1f}ms"
                f"{f['sql_p50_ms']:>8.1f}ms{f['sql_p95_ms']:>8.1f}ms{f['median_results']:>9}"
            )
        self.stdout.write("\n".join(lines))

"""Benchmark of an audit cycle: compile and render a cycle of 50 users and 20,000 searches.

Builds a throwaway agency (city police preset) with 50 provisioned users and 20,000 access
records over a 60-day period, with the patterns the flags look for mixed in; then times the
product's own path: `cycle_compile_start` (the compilation task, run eagerly here) and, after
every item is disposed, `cycle_sign` (the final packet rendered by its task, then the report).
Prints each phase's time; with --json PATH writes compile_seconds, pdf_seconds, pdf_bytes,
pdf_path, pdf_pages. The PDF is kept. The agency's access records stay (they are append-only;
the retention purge removes them in time), so run it on a development database.
"""

import json
import random
import time
from datetime import timedelta
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone

from accounts import services as account_services
from accounts.models import AccountStatus, AgreementSignature, AgreementVersion, Role
from alpr_governance.appendonly import GENESIS_HASH, chain_digest, chain_verify
from alpr_governance.celery import app as celery_app
from audits import services
from audits.models import AuditItem, AuditPacket
from queries.models import SearchRequest
from training import services as training_services
from training.selectors import required_courses

PERIOD_DAYS = 60
JUSTIFICATIONS = [
    "Stolen vehicle reported by the owner, seen leaving the scene of a burglary",
    "Vehicle of a suspect in an armed robbery at a convenience store",
    "Hit and run with injuries, witness gave a partial plate",
    "AMBER alert vehicle, child taken by a non-custodial parent",
    "Vehicle seen at three residential burglaries this month",
    "Carjacking suspect vehicle, victim injured",
]


class Command(BaseCommand):
    help = "Compile and render an audit cycle of 50 users and 20,000 searches; print each phase's time."

    def add_arguments(self, parser):
        parser.add_argument("--users", type=int, default=50)
        parser.add_argument("--searches", type=int, default=20_000)
        parser.add_argument("--json", dest="json_path")
        parser.add_argument("--seed", type=int, default=7)

    def handle(self, *args, **options):
        # The product's tasks run in this process, so the phases are timed end to end.
        celery_app.conf.task_always_eager = True
        rng = random.Random(options["seed"])
        started = time.perf_counter()
        admin, people, partner = self._world(options["users"])
        self.stdout.write(f"setup: {len(people)} users in {time.perf_counter() - started:.1f} s")

        today = timezone.localdate()
        period = (today - timedelta(days=PERIOD_DAYS), today - timedelta(days=1))
        started = time.perf_counter()
        self._access_records(people, partner, period, options["searches"], rng)
        self.stdout.write(
            f"setup: {options['searches']} access records in {time.perf_counter() - started:.1f} s"
        )

        cycle = services.cycle_open(
            actor=admin,
            division=admin.division,
            period_start=period[0],
            period_end=period[1],
            directive="bench_audit",
        )
        started = time.perf_counter()
        services.cycle_compile_start(actor=admin, cycle=cycle)
        compile_seconds = time.perf_counter() - started
        cycle.refresh_from_db()
        if cycle.state != cycle.State.IN_REVIEW:
            raise RuntimeError(f"compilation failed: {cycle.compile_error}")
        items = cycle.items.count()
        self.stdout.write(
            f"compile: {compile_seconds:.2f} s ({items} items: "
            f"{cycle.items.filter(kind=AuditItem.Kind.FLAG).count()} flags)"
        )

        for item in cycle.items.all():
            services.item_dispose(
                actor=admin, item=item, disposition=AuditItem.Disposition.ADEQUATE
            )
        started = time.perf_counter()
        services.cycle_sign(actor=admin, cycle=cycle)
        pdf_seconds = time.perf_counter() - started
        packet = cycle.packets.get(final=True)
        if packet.state != AuditPacket.State.READY:
            raise RuntimeError(f"rendering failed: {packet.error}")
        self.stdout.write(
            f"pdf: {pdf_seconds:.2f} s, {packet.size_bytes} bytes, {packet.pages} pages, "
            f"sha256 {packet.sha256}\npdf kept at {packet.file.path}"
        )
        figures = {
            "compile_seconds": round(compile_seconds, 3),
            "pdf_seconds": round(pdf_seconds, 3),
            "pdf_bytes": packet.size_bytes,
            "pdf_pages": packet.pages,
            "pdf_path": packet.file.path,
            "users": len(people),
            "searches": options["searches"],
            "items": items,
        }
        if options["json_path"]:
            with Path(options["json_path"]).open("w") as out:
                json.dump(figures, out, indent=2)

    def _world(self, count):
        stamp = timezone.now().strftime("%Y%m%d%H%M%S")
        agency = account_services.agency_create_from_preset(
            preset_id="city_police", slug=f"bench-audit-{stamp}"
        )
        partner = account_services.agency_create_from_preset(
            preset_id="county_sheriff", slug=f"bench-partner-{stamp}"
        )
        division = agency.divisions.order_by("code").first()
        admin = account_services.staff_account_create(
            division=division,
            username=f"bench-{stamp}-admin",
            password=None,
            role=Role.DIVISION_ADMIN_PRIMARY,
            status=AccountStatus.ACTIVE,
            last_name="Administrator",
            rank_title="Lieutenant",
            job_classification=agency.eligible_classifications[0],
        )
        granted = timezone.now() - timedelta(days=PERIOD_DAYS + 30)
        version = AgreementVersion.objects.filter(agency=agency).get()
        # The first administrator is set up the way an operator does it; administrators act
        # only in good standing.
        account_services.agreement_sign(
            actor=admin,
            version=version,
            typed_name=admin.last_name,
            accepted=True,
            ip_address="10.0.0.5",
        )
        account_services.administrator_establish(
            subject=admin, completed_on=timezone.localdate(granted), reason="bench_audit set-up"
        )
        admin.refresh_from_db()
        people = []
        for index in range(count):
            person = account_services.staff_account_create(
                division=division,
                username=f"bench-{stamp}-{index:03d}",
                password=None,
                last_name=f"Officer{index:03d}",
                job_classification=agency.eligible_classifications[0],
            )
            account_services.agreement_sign(
                actor=person,
                version=version,
                typed_name=person.last_name,
                accepted=True,
                ip_address="10.0.0.5",
            )
            for course in required_courses(agency.pk):
                training_services.training_record_create(
                    actor=admin,
                    subject=person,
                    course=course,
                    completed_on=timezone.localdate(granted),
                    now=granted,
                )
            account_services.access_grant(actor=admin, subject=person, now=granted)
            people.append(person)
        # The agreement was signed "now"; date it before the period, as it would be in use.
        AgreementVersion.objects.filter(pk=version.pk).update(
            published_at=granted - timedelta(days=30)
        )
        AgreementSignature.objects.filter(version=version).update(signed_at=granted)
        return admin, people, partner

    def _access_records(self, people, partner, period, total, rng):
        """Access records as the search service writes them, chained in Python (the links
        chain_append makes) and inserted in bulk under the chain's lock, so setup takes seconds."""
        zone = timezone.get_current_timezone()
        start = timezone.make_aware(
            timezone.datetime.combine(period[0], timezone.datetime.min.time()), zone
        )
        span = PERIOD_DAYS - 1
        # Each person works a handful of cases, each with its own purpose; one heavy searcher,
        # one who also searches at night.
        cases = {
            p.pk: [
                (f"INV-{period[0]:%y}-{rng.randint(0, 99999):05d}", rng.choice(JUSTIFICATIONS))
                for _ in range(rng.randint(3, 8))
            ]
            for p in people
        }
        weights = [8 if i == 0 else 1 for i in range(len(people))]
        agency_id = people[0].agency_id
        rows = []
        for n in range(total):
            person = rng.choices(people, weights)[0]
            night = person is people[1] and n % 40 == 0
            hour = rng.choice([2, 3]) if night else rng.randint(7, 18)
            at = start + timedelta(
                days=rng.randint(0, span), hours=hour, minutes=rng.randint(0, 59)
            )
            refused = rng.random() < 0.03
            case_number, justification = rng.choice(cases[person.pk])
            if rng.random() < 0.001:
                justification = "ICE asked where this car parks at night"
            plate = f"{rng.randint(1, 9)}{rng.choice('ABCDEFGH')}{rng.choice('JKLMN')}{rng.randint(100, 999)}"
            shared = rng.random() < 0.01
            rows.append(
                SearchRequest(
                    agency_id=agency_id,
                    division_id=person.division_id,
                    user_id=person.pk,
                    username=person.username,
                    kind=SearchRequest.Kind.SEARCH,
                    at=at,
                    case_number=case_number,
                    purpose_category="criminal_investigation",
                    justification=justification,
                    criteria={
                        "plate": plate if rng.random() > 0.02 else "7?B*",
                        "start": (at - timedelta(days=rng.choice([1, 3, 7, 14, 45]))).isoformat(),
                        "end": at.isoformat(),
                    },
                    client_address=f"10.20.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
                    outcome=SearchRequest.Outcome.REFUSED if refused else SearchRequest.Outcome.RUN,
                    refusal_codes=["case_number_format"] if refused else [],
                    result_count=0 if refused else rng.randint(0, 12),
                    read_ids=[],
                    agency_counts={}
                    if refused
                    else {
                        str(agency_id): rng.randint(0, 8),
                        **({str(partner.pk): rng.randint(1, 5)} if shared else {}),
                    },
                )
            )
        rows.sort(key=lambda r: r.at)
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_advisory_xact_lock(hashtext(%s), %s)",
                    [SearchRequest._meta.db_table, agency_id],
                )
            previous = (
                SearchRequest.objects.filter(agency_id=agency_id)
                .order_by("-pk")
                .values_list("row_hash", flat=True)
                .first()
            ) or GENESIS_HASH
            for row in rows:
                row.prev_hash = previous
                row.row_hash = previous = chain_digest(previous, row.chain_payload())
            SearchRequest.objects.bulk_create(rows, batch_size=2000)
        broken = chain_verify(SearchRequest.objects.filter(agency_id=agency_id).order_by("pk"))
        if broken is not None:
            raise RuntimeError(f"the access record's chain is broken: {broken}")

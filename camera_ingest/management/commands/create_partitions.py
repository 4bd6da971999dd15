from django.core.management.base import BaseCommand

from accounts.jobs import run_for_each_agency
from accounts.management.commands.suspend_inactive import _fail_if_any
from accounts.models import Agency
from camera_ingest.jobs import partitions_create_ahead_job


class Command(BaseCommand):
    help = (
        "Create each agency's month partitions of the read store, retention window to months ahead."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count the partitions; create none."
        )

    def handle(self, *args, dry_run, **options):
        verb = "would be created" if dry_run else "created"

        def report(agency, run):
            self.stdout.write(f"{agency.slug}: {run.counts.get('created', 0)} partitions {verb}")

        _fail_if_any(
            run_for_each_agency(
                partitions_create_ahead_job,
                Agency.objects.order_by("pk"),
                dry_run=dry_run,
                report=report,
            )
        )

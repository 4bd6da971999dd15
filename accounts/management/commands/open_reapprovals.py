from django.core.management.base import BaseCommand

from accounts.jobs import run_for_each_agency
from accounts.management.commands.suspend_inactive import _fail_if_any
from accounts.models import Agency
from accounts.tasks import reapproval_open_job


class Command(BaseCommand):
    help = (
        "Open the yearly re-approval reviews that fall due (DOJ 429.6); the nightly job, by hand."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count the reviews that would open."
        )

    def handle(self, *args, dry_run, **options):
        verb = "would open" if dry_run else "opened"

        def report(agency, run):
            self.stdout.write(f"{agency.slug}: {verb} {run.counts.get('opened', 0)} reviews")

        _fail_if_any(
            run_for_each_agency(
                reapproval_open_job, Agency.objects.order_by("pk"), dry_run=dry_run, report=report
            )
        )

from django.core.management.base import BaseCommand

from accounts.jobs import run_for_each_agency
from accounts.management.commands.suspend_inactive import _fail_if_any
from accounts.models import Agency
from training.jobs import training_expiry_job


class Command(BaseCommand):
    help = (
        "Send training expiry warnings (30 and 7 days) and expiry notices; the daily job, by hand."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count the notices; send none.")

    def handle(self, *args, dry_run, **options):
        verb = "would send" if dry_run else "sent"

        def report(agency, run):
            self.stdout.write(f"{agency.slug}: {verb} {run.counts}")

        _fail_if_any(
            run_for_each_agency(
                training_expiry_job, Agency.objects.order_by("pk"), dry_run=dry_run, report=report
            )
        )

from django.core.management.base import BaseCommand

from accounts.models import Agency
from training.jobs import training_expiry_job


class Command(BaseCommand):
    help = (
        "Send training expiry warnings (30 and 7 days) and expiry notices; the daily job, by hand."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count the notices; send none.")

    def handle(self, *args, dry_run, **options):
        for agency in Agency.objects.order_by("pk"):
            run = training_expiry_job(agency=agency, dry_run=dry_run)
            verb = "would send" if dry_run else "sent"
            self.stdout.write(f"{agency.slug}: {verb} {run.counts}")

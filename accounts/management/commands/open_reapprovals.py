from django.core.management.base import BaseCommand

from accounts import services
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
        for agency in Agency.objects.order_by("pk"):
            if dry_run:
                count = services.reapproval_open_due(agency=agency, dry_run=True)
                self.stdout.write(f"{agency.slug}: would open {count} reviews")
            else:
                run = reapproval_open_job(agency=agency)
                self.stdout.write(f"{agency.slug}: opened {run.counts.get('opened', 0)} reviews")

from django.core.management.base import BaseCommand

from accounts.models import Agency
from sharing.jobs import exports_purge_job


class Command(BaseCommand):
    help = "Destroy disclosure exports past their destroy-by date (one JobRun per agency)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count, destroy nothing.")

    def handle(self, *args, dry_run, **options):
        for agency in Agency.objects.order_by("pk"):
            run = exports_purge_job(agency=agency, dry_run=dry_run)
            self.stdout.write(f"{agency.slug}: {run.status} {run.counts}")

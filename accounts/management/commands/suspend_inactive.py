from django.core.management.base import BaseCommand

from accounts import services
from accounts.models import Agency
from accounts.tasks import suspend_inactive_job


class Command(BaseCommand):
    help = (
        "Suspend accounts with no ALPR access for the agency's inactivity period (the nightly job)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List who would be suspended.")

    def handle(self, *args, dry_run, **options):
        for agency in Agency.objects.order_by("pk"):
            if dry_run:
                names = services.accounts_suspend_inactive(agency=agency, dry_run=True)
                self.stdout.write(
                    f"{agency.slug}: would suspend {len(names)}: {', '.join(names) or '-'}"
                )
            else:
                run = suspend_inactive_job(agency=agency)
                self.stdout.write(f"{agency.slug}: suspended {run.counts.get('suspended', 0)}")

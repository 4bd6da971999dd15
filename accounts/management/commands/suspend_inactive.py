from django.core.management.base import BaseCommand, CommandError

from accounts.jobs import run_for_each_agency
from accounts.models import Agency
from accounts.tasks import suspend_inactive_job


class Command(BaseCommand):
    help = (
        "Suspend accounts with no ALPR access for the agency's inactivity period (the nightly job)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List who would be suspended.")

    def handle(self, *args, dry_run, **options):
        def report(agency, run):
            if dry_run:
                names = run.counts.get("would_suspend", [])
                self.stdout.write(
                    f"{agency.slug}: would suspend {len(names)}: {', '.join(names) or '-'}"
                )
            else:
                self.stdout.write(f"{agency.slug}: suspended {run.counts.get('suspended', 0)}")

        failures = run_for_each_agency(
            suspend_inactive_job, Agency.objects.order_by("pk"), dry_run=dry_run, report=report
        )
        _fail_if_any(failures)


def _fail_if_any(failures) -> None:
    if failures:
        raise CommandError(
            "; ".join(f"{failure.agency.slug}: {failure.error}" for failure in failures)
        )

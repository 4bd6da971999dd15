"""By hand, the scheduled audit jobs: open the cycles due on each agency's cadence and purge
cycles past the audit-record retention. The same services as the nightly task, one JobRun each."""

from django.core.management.base import BaseCommand

from accounts.models import Agency
from audits import jobs


class Command(BaseCommand):
    help = "Open due audit cycles and purge expired ones (per agency, recorded as JobRuns)."

    def add_arguments(self, parser):
        parser.add_argument("--agency", help="an agency's slug (default: every agency)")
        parser.add_argument("--dry-run", action="store_true", help="count, change nothing")

    def handle(self, *args, agency=None, dry_run=False, **options):
        agencies = Agency.objects.order_by("pk")
        if agency:
            agencies = agencies.filter(slug=agency)
        for each in agencies:
            for run in (
                jobs.open_due_job(agency=each, dry_run=dry_run),
                jobs.purge_expired_job(agency=each, dry_run=dry_run),
            ):
                self.stdout.write(f"{each.slug} {run.job}: {run.status} {run.counts}")

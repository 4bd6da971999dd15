"""By hand, the scheduled audit jobs: open the cycles due on each agency's cadence and purge
cycles past the audit-record retention. The same services as the nightly task, one JobRun each."""

from django.core.management.base import BaseCommand, CommandError

from accounts.jobs import run_for_each_agency
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
        failures = []
        for job in (jobs.open_due_job, jobs.purge_expired_job):
            failures += run_for_each_agency(
                job,
                agencies,
                dry_run=dry_run,
                report=lambda agency, run: self.stdout.write(
                    f"{agency.slug} {run.job}: {run.status} {run.counts}"
                ),
            )
        if failures:
            names = ", ".join(f"{f.agency.slug} ({f.error})" for f in failures)
            raise CommandError(f"Failed for: {names}. The other agencies ran; see their JobRuns.")

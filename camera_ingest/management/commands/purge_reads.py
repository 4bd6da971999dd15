from django.core.management.base import BaseCommand, CommandError

from accounts.jobs import run_for_each_agency
from accounts.management.commands.suspend_inactive import _fail_if_any
from accounts.models import Agency
from camera_ingest.jobs import reads_purge_expired_job


class Command(BaseCommand):
    help = "Purge reads past each agency's retention (the nightly job, by hand); holds are kept."

    def add_arguments(self, parser):
        parser.add_argument("--agency", help="Only this agency (slug).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Print what would go; delete nothing."
        )

    def handle(self, *args, agency, dry_run, **options):
        agencies = Agency.objects.order_by("pk")
        if agency:
            agencies = agencies.filter(slug=agency)
            if not agencies:
                raise CommandError(f"No agency {agency!r}.")
        verb = "would drop" if dry_run else "dropped"

        def report(each, run):
            c = run.counts
            self.stdout.write(
                f"{each.slug}: reads before {c['cutoff'][:10]}: "
                f"{verb} {c['partitions_dropped']} month "
                f"partitions (~{c['reads_dropped_estimate']} reads), "
                f"{'would delete' if dry_run else 'deleted'} {c['reads_deleted']} reads and "
                f"{c['images_deleted']} images"
            )

        _fail_if_any(
            run_for_each_agency(reads_purge_expired_job, agencies, dry_run=dry_run, report=report)
        )

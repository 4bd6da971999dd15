from django.core.management.base import BaseCommand, CommandError

from accounts.models import Agency
from queries.jobs import access_records_purge_job


class Command(BaseCommand):
    help = "Purge access records past each agency's audit-record retention (the nightly job)."

    def add_arguments(self, parser):
        parser.add_argument("--agency", help="Only this agency (slug).")
        parser.add_argument("--dry-run", action="store_true", help="Count; delete nothing.")

    def handle(self, *args, agency, dry_run, **options):
        agencies = Agency.objects.order_by("pk")
        if agency:
            agencies = agencies.filter(slug=agency)
            if not agencies:
                raise CommandError(f"No agency {agency!r}.")
        for each in agencies:
            counts = access_records_purge_job(agency=each, dry_run=dry_run).counts
            verb = "would delete" if dry_run else "deleted"
            self.stdout.write(
                f"{each.slug}: records before {counts['cutoff'][:10]}: "
                f"{verb} {counts['records_deleted']}"
            )

from django.core.management.base import BaseCommand

from accounts import services
from accounts.tasks import api_tokens_purge_job


class Command(BaseCommand):
    help = "Delete API tokens expired or revoked more than 30 days ago (the beat job, by hand)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Print how many, delete none.")

    def handle(self, *args, dry_run, **options):
        if dry_run:
            count = services.api_tokens_purge_expired(dry_run=True)
            self.stdout.write(f"Would delete {count} API tokens.")
            return
        run = api_tokens_purge_job()
        self.stdout.write(f"Deleted {run.counts.get('deleted', 0)} API tokens ({run.status}).")

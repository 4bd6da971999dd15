from django.core.management.base import BaseCommand

from accounts.models import Agency
from camera_ingest.jobs import partitions_create_ahead_job


class Command(BaseCommand):
    help = (
        "Create each agency's month partitions of the read store, retention window to months ahead."
    )

    def handle(self, *args, **options):
        for agency in Agency.objects.order_by("pk"):
            run = partitions_create_ahead_job(agency=agency)
            self.stdout.write(f"{agency.slug}: {run.counts.get('created', 0)} partitions created")

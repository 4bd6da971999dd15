from django.core.management.base import BaseCommand, CommandError

from accounts.models import Agency
from sharing import services


class Command(BaseCommand):
    help = (
        "Verify each agency's sharing-ledger hash chain; exit non-zero naming the first broken "
        "link (an edited or deleted entry)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--agency", help="Only this agency (slug).")

    def handle(self, *args, agency, **options):
        agencies = Agency.objects.order_by("pk")
        if agency:
            agencies = agencies.filter(slug=agency)
            if not agencies:
                raise CommandError(f"No agency {agency!r}.")
        broken = []
        for each in agencies:
            found = services.ledger_verify(agency=each)
            if found is None:
                self.stdout.write(f"{each.slug}: intact")
            else:
                broken.append(
                    f"{each.slug}: first broken link at ledger entry {found.pk} ({found.problem})"
                )
        if broken:
            raise CommandError("; ".join(broken))

from django.core.management.base import BaseCommand, CommandError

from accounts import services
from accounts.models import Agency
from accounts.presets import PRESETS


class Command(BaseCommand):
    help = "Create an agency, its policy profile and its divisions from a policy preset."

    def add_arguments(self, parser):
        parser.add_argument("--preset", required=True, choices=sorted(PRESETS))
        parser.add_argument("--slug", required=True)
        parser.add_argument("--name", help="Defaults to the preset's agency name.")

    def handle(self, *args, preset, slug, name, **options):
        if Agency.objects.filter(slug=slug).exists():
            raise CommandError(f"An agency with slug {slug!r} exists already.")
        agency = services.agency_create_from_preset(preset_id=preset, slug=slug, name=name)
        divisions = ", ".join(agency.divisions.order_by("code").values_list("code", flat=True))
        self.stdout.write(self.style.SUCCESS(f"Created {agency.name} ({agency.slug}): {divisions}"))

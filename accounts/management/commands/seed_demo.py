import json
from importlib import import_module
from importlib.util import find_spec
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test import override_settings

from accounts import services
from accounts.demo import DEMO_AGENCIES
from accounts.models import Agency

# Apps whose demo.py contributes, in dependency order.
DEMO_APPS = ("accounts", "training", "camera_ingest", "queries", "audits", "sharing")


class Command(BaseCommand):
    help = (
        "Build demo agencies from the four presets, with people in every role; write their logins."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--out",
            default=str(settings.BASE_DIR / ".data" / "demo-logins.json"),
            help="Where to write the demo logins (JSON).",
        )
        parser.add_argument(
            "--force", action="store_true", help="Run even with DEBUG off (never in production)."
        )

    def handle(self, *args, out, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo makes accounts with known passwords: DEBUG is off, use --force."
            )
        slugs = [slug for _, slug in DEMO_AGENCIES]
        if Agency.objects.filter(slug__in=slugs).exists():
            raise CommandError(
                "Demo agencies exist already; seed_demo runs once on an empty database."
            )
        logins: dict = {"users": []}
        # The demo's notifications (grants, suspensions) would flood the console: keep them in memory.
        with (
            override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"),
            transaction.atomic(),
        ):
            agencies = {
                preset_id: services.agency_create_from_preset(preset_id=preset_id, slug=slug)
                for preset_id, slug in DEMO_AGENCIES
            }
            for app in DEMO_APPS:
                if find_spec(f"{app}.demo") is not None:
                    import_module(f"{app}.demo").seed(
                        agencies=agencies, logins=logins, stdout=self.stdout
                    )
        out_path = Path(out)
        out_path.parent.mkdir(parents=True, exist_ok=True)
        out_path.write_text(json.dumps(logins, indent=2))
        out_path.chmod(0o600)
        self.stdout.write(
            self.style.SUCCESS(f"Demo logins for {len(logins['users'])} people: {out_path}")
        )

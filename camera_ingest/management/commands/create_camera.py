import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.models import Agency
from camera_ingest import services
from camera_ingest.models import Camera


class Command(BaseCommand):
    help = "Register a camera for an agency and print its id and secret (shown once)."

    def add_arguments(self, parser):
        parser.add_argument("--agency", required=True, help="Agency slug.")
        parser.add_argument("--name", required=True)
        parser.add_argument("--kind", choices=Camera.Kind.values, default=Camera.Kind.FIXED)
        parser.add_argument("--lat", type=float)
        parser.add_argument("--lon", type=float)
        parser.add_argument(
            "--format", dest="vendor_format", choices=Camera.Format.values, default="native"
        )
        parser.add_argument(
            "--json", dest="as_json", action="store_true", help='Print {"id", "secret"} as JSON.'
        )

    def handle(self, *args, agency, name, kind, lat, lon, vendor_format, as_json, **options):
        try:
            owner = Agency.objects.get(slug=agency)
        except Agency.DoesNotExist:
            raise CommandError(f"No agency {agency!r}.") from None
        try:
            issued = services.camera_create(
                actor=None,
                agency=owner,
                name=name,
                kind=kind,
                latitude=lat,
                longitude=lon,
                vendor_format=vendor_format,
            )
        except ValidationError as error:
            raise CommandError(
                "; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())
            ) from None
        if as_json:
            self.stdout.write(json.dumps({"id": issued.camera.pk, "secret": issued.secret}))
        else:
            self.stdout.write(f"Camera {issued.camera.pk} ({issued.camera.name}) of {owner.slug}")
            self.stdout.write(f"Secret (shown once): {issued.secret}")

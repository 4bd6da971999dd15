from datetime import date

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts import services
from accounts.models import User


class Command(BaseCommand):
    help = (
        "Platform set-up: establish the first administrator of a division that nobody in good "
        "standing administers (records their training and grants access; recorded)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True)
        parser.add_argument(
            "--completed-on", required=True, type=date.fromisoformat, help="YYYY-MM-DD"
        )
        parser.add_argument("--reason", required=True, help="On whose authority.")

    def handle(self, *args, username, completed_on, reason, **options):
        try:
            user = User.objects.get(username=username)
        except User.DoesNotExist:
            raise CommandError(f"No account {username!r}.") from None
        try:
            services.administrator_establish(subject=user, completed_on=completed_on, reason=reason)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(self.style.SUCCESS(f"{username} is established and granted access."))

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts import permissions, services
from accounts.models import Division


class Command(BaseCommand):
    help = (
        "Create the account of a division's first administrator and mail them an invitation to "
        "choose a password and enrol an authenticator (then: establish_administrator)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--agency", required=True, help="The agency's slug.")
        parser.add_argument("--division", required=True, help="The division's code.")
        parser.add_argument("--username", required=True)
        parser.add_argument("--email", required=True)
        parser.add_argument("--first-name", required=True)
        parser.add_argument("--last-name", required=True)
        parser.add_argument(
            "--role", required=True, choices=[str(role) for role in permissions.PEOPLE_ADMIN_ROLES]
        )
        parser.add_argument("--classification", default="", help="Job classification.")
        parser.add_argument("--rank", default="", help="Rank or title.")

    def handle(self, *args, **options):
        division = Division.objects.filter(
            agency__slug=options["agency"], code=options["division"]
        ).first()
        if division is None:
            raise CommandError(f"No division {options['division']!r} in {options['agency']!r}.")
        try:
            user = services.administrator_account_create(
                division=division,
                username=options["username"],
                email=options["email"],
                first_name=options["first_name"],
                last_name=options["last_name"],
                role=options["role"],
                job_classification=options["classification"],
                rank_title=options["rank"],
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {user.username} ({user.get_role_display()}, {division}); invitation "
                f"mailed to {user.email}."
            )
        )

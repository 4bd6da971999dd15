"""Demo agencies and people for `manage.py seed_demo`; other apps add theirs in <app>/demo.py.

Each app's `seed(*, agencies, logins, stdout)` receives the agencies by preset id and the logins
document being built (`{"users": [...], ...}`), and appends what a person or a script needs.
"""

import base64
import secrets

from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import services
from accounts.models import AccountStatus, Agency, Role, User

DEMO_AGENCIES = (
    ("cdcr", "cdcr"),
    ("doj", "ca-doj"),
    ("county_sheriff", "county-sheriff"),
    ("city_police", "city-police"),
)


def demo_password() -> str:
    return f"Demo-{secrets.token_urlsafe(9)}"


def demo_user(
    *,
    logins: dict,
    division,
    username: str,
    role: str,
    job_classification: str = "",
    rank_title: str = "",
    # Pending: the training demo then provisions people through the real services.
    status: str = AccountStatus.PENDING,
    first_name: str = "Demo",
    last_name: str = "",
    extra: dict | None = None,
) -> User:
    """Create a demo account with a confirmed authenticator and list its login."""
    password = demo_password()
    user = services.staff_account_create(
        division=division,
        username=username,
        password=password,
        role=role,
        first_name=first_name,
        last_name=last_name or username.split(".")[-1].title(),
        email=f"{username}@demo.invalid",
        job_classification=job_classification,
        rank_title=rank_title,
        status=status,
    )
    key = secrets.token_bytes(20)
    TOTPDevice.objects.create(user=user, name="authenticator", key=key.hex(), confirmed=True)
    services.backup_codes_regenerate(user=user)
    logins["users"].append(
        {
            "username": username,
            "password": password,
            "totp_secret": base64.b32encode(key).decode().rstrip("="),
            "role": role,
            "agency": division.agency.slug,
            "division": division.code,
            **(extra or {}),
        }
    )
    return user


def seed(*, agencies: dict[str, Agency], logins: dict, stdout) -> None:
    for preset_id, agency in agencies.items():
        eligible = agency.eligible_classifications[0] if agency.eligible_classifications else ""
        admin_rank = agency.qualifying_admin_ranks[0] if agency.qualifying_admin_ranks else ""
        divisions = list(agency.divisions.order_by("code"))
        agency_admin = demo_user(
            logins=logins,
            division=divisions[0],
            username=f"{agency.slug}.agencyadmin",
            role=Role.AGENCY_ADMIN,
            job_classification=eligible,
            rank_title=admin_rank,
        )
        # The first administrator is set up by the platform (nobody in standing can grant them);
        # everyone else is then provisioned by them through the real services (training/demo.py).
        services.agreement_sign(
            actor=agency_admin,
            version=agency.agreement_versions.order_by("-version").first(),
            typed_name=agency_admin.get_full_name(),
            accepted=True,
            ip_address="127.0.0.1",
        )
        services.administrator_establish(
            subject=agency_admin,
            completed_on=timezone.localdate(),
            reason="Demo agency set-up.",
        )
        for division in divisions:
            prefix = f"{agency.slug}.{division.code.lower()}"
            demo_user(
                logins=logins,
                division=division,
                username=f"{prefix}.admin",
                role=Role.DIVISION_ADMIN_PRIMARY,
                job_classification=eligible,
                rank_title=admin_rank,
            )
            demo_user(
                logins=logins,
                division=division,
                username=f"{prefix}.auditor",
                role=Role.AUDITOR,
                job_classification=eligible,
            )
            demo_user(
                logins=logins,
                division=division,
                username=f"{prefix}.enduser",
                role=Role.END_USER,
                job_classification=eligible,
            )
        stdout.write(f"  {agency.name} ({preset_id}): {len(divisions)} divisions")

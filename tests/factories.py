"""Factories for plain rows. Anything whose integrity matters is made through the real service."""

import itertools

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import services
from accounts.models import AccountStatus, Agency, Division, Role, User

_sequence = itertools.count(1)

TEST_PASSWORD = "correct-horse-battery-staple-42"


def agency(preset_id: str = "city_police", slug: str | None = None) -> Agency:
    return services.agency_create_from_preset(
        preset_id=preset_id, slug=slug or f"{preset_id.replace('_', '-')}-{next(_sequence)}"
    )


def user(
    division: Division,
    *,
    role: str = Role.END_USER,
    username: str | None = None,
    status: str = AccountStatus.ACTIVE,
    with_totp: bool = True,
    **fields,
) -> User:
    """A staff account with a confirmed authenticator (unless with_totp=False)."""
    fields.setdefault(
        "job_classification",
        division.agency.eligible_classifications[0]
        if division.agency.eligible_classifications
        else "",
    )
    account = services.staff_account_create(
        division=division,
        username=username or f"{division.agency.slug}.{role}.{next(_sequence)}",
        password=TEST_PASSWORD,
        role=role,
        status=status,
        last_name=f"Tester{next(_sequence)}",
        email="tester@example.invalid",
        **fields,
    )
    if with_totp:
        TOTPDevice.objects.create(user=account, name="authenticator", confirmed=True)
    return account


def totp_code(account: User) -> str:
    """The authenticator's current code, as the user's phone would show it."""
    device = TOTPDevice.objects.get(user=account, confirmed=True)
    code = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
    return str(code).zfill(device.digits)

"""Factories for plain rows. Anything whose integrity matters is made through the real service."""

import itertools

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import permissions, services
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
    standing: bool | None = None,
    **fields,
) -> User:
    """A staff account with a confirmed authenticator (unless with_totp=False). An active
    administrator is given good standing through the real services (signed, trained by someone
    else, granted), since administrators act only in good standing; `standing=False` skips it."""
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
    if standing is None:
        standing = role in permissions.PEOPLE_ADMIN_ROLES and status == AccountStatus.ACTIVE
    if standing:
        establish(account)
        account.refresh_from_db()
    return account


def establish(account: User) -> None:
    """Good standing the way the product reaches it: the person signs; an administrator in
    standing of their division records the training and grants; with none, the operator's set-up
    (administrator_establish) does."""
    from training import services as training_services
    from training.selectors import required_courses

    version = account.agency.agreement_versions.order_by("-version").first()
    services.agreement_sign(
        actor=account,
        version=version,
        typed_name=account.get_full_name(),
        accepted=True,
        ip_address="10.0.0.5",
    )
    candidates = User.objects.filter(
        agency_id=account.agency_id, role__in=permissions.PEOPLE_ADMIN_ROLES
    ).exclude(pk=account.pk)
    granter = next((c for c in candidates if permissions.may_act_on(c, account)), None)
    if granter is None:
        if account.role not in permissions.PEOPLE_ADMIN_ROLES:
            raise ValueError("Nobody in standing may grant this person.")
        services.administrator_establish(
            subject=account, completed_on=timezone.localdate(), reason="Test set-up."
        )
        return
    for course in required_courses(account.agency_id):
        training_services.training_record_create(
            actor=granter,
            subject=account,
            course=course,
            completed_on=timezone.localdate(),
            certificate=SimpleUploadedFile("c.pdf", b"%PDF-1.4\n", "application/pdf")
            if course.certificate_required
            else None,
        )
    services.access_grant(actor=granter, subject=account)


def totp_code(account: User) -> str:
    """The authenticator's current code, as the user's phone would show it."""
    device = TOTPDevice.objects.get(user=account, confirmed=True)
    code = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
    return str(code).zfill(device.digits)

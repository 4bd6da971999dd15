"""Agencies, divisions and staff accounts: the tenancy writes."""

from django.db import transaction
from guardian.shortcuts import assign_perm, remove_perm

from accounts.models import DIVISION_ADMIN_ROLES, AccountStatus, Agency, Division, Role, User
from accounts.presets import get_preset


@transaction.atomic
def agency_create_from_preset(*, preset_id: str, slug: str, name: str | None = None) -> Agency:
    """Create an agency, its policy profile and its divisions from one of the four presets."""
    preset = get_preset(preset_id)
    agency = Agency.objects.create(
        slug=slug,
        name=name or preset.name,
        preset=preset.id,
        eligible_classifications=list(preset.eligible_classifications),
        exception_approver=preset.exception_approver,
        qualifying_admin_ranks=list(preset.qualifying_admin_ranks),
        training_validity_days=preset.training_validity_days,
        audit_cadence_days=preset.audit_cadence_days,
        audit_random_sample=preset.audit_random_sample,
        inactivity_suspension_days=preset.inactivity_suspension_days,
        reapproval_days=preset.reapproval_days,
        read_retention_days=preset.read_retention_days,
        audit_record_retention_days=preset.audit_record_retention_days,
        agreement_retention_days=preset.agreement_retention_days,
        requires_on_behalf_of=preset.requires_on_behalf_of,
        forbidden_identifier_patterns=[dict(p) for p in preset.forbidden_identifier_patterns],
    )
    for division in preset.divisions:
        Division.objects.create(
            agency=agency,
            code=division.code,
            name=division.name,
            case_number_pattern=division.case_number_pattern,
            case_number_example=division.case_number_example,
        )
    from accounts.signals import agency_created

    agency_created.send(sender=Agency, agency=agency, preset=preset)
    return agency


def _sync_division_permissions(user: User) -> None:
    """Division administrators' and auditors' rights are object permissions on their division."""
    for perm in ("accounts.administer_division", "accounts.audit_division"):
        remove_perm(perm, user, user.division)
    if user.role in DIVISION_ADMIN_ROLES:
        assign_perm("accounts.administer_division", user, user.division)
        assign_perm("accounts.audit_division", user, user.division)
    elif user.role == Role.AUDITOR:
        assign_perm("accounts.audit_division", user, user.division)


@transaction.atomic
def staff_account_create(
    *,
    division: Division,
    username: str,
    password: str | None,
    role: str = Role.END_USER,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    job_classification: str = "",
    rank_title: str = "",
    status: str = AccountStatus.PENDING,
) -> User:
    """Create a staff account in a division; ALPR access itself is granted by provisioning."""
    user = User(
        agency=division.agency,
        division=division,
        username=username,
        role=role,
        first_name=first_name,
        last_name=last_name,
        email=email,
        job_classification=job_classification,
        rank_title=rank_title,
        status=status,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    _sync_division_permissions(user)
    if role == Role.DIVISION_ADMIN_PRIMARY and division.primary_admin_id is None:
        division.primary_admin = user
        division.save(update_fields=["primary_admin"])
    elif role == Role.DIVISION_ADMIN_SECONDARY and division.secondary_admin_id is None:
        division.secondary_admin = user
        division.save(update_fields=["secondary_admin"])
    return user


def division_permission_grant(*, user: User, division: Division, perm: str) -> None:
    """Give a user one extra division's rights (e.g. a secondary admin covering exactly one)."""
    if division.agency_id != user.agency_id:
        raise ValueError("A division of another agency cannot be granted.")
    assign_perm(f"accounts.{perm}", user, division)

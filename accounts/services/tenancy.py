"""Agencies, divisions and staff accounts: the tenancy writes."""

import ipaddress

from django.core.exceptions import ValidationError
from django.db import transaction
from guardian.shortcuts import assign_perm, remove_perm

from accounts import permissions
from accounts.models import AccountStatus, Agency, Division, Role, User
from accounts.presets import get_preset
from accounts.services.agreements import agreement_version_publish
from accounts.services.governance import governance_record, snapshot

AGENCY_SETTINGS_CHANGED = "agency_settings_changed"
DIVISION_SETTINGS_CHANGED = "division_settings_changed"

DEFAULT_AGREEMENT = """\
As a user of automated license plate recognition (ALPR) information of {agency}, I agree:

1. I will access ALPR information only for an official law enforcement purpose in the performance of my duties, and only with a specific, identifiable and documented need ({source}).
2. Each time I search, I will state the specific purpose, referencing an internal case number; "investigation" alone is not a purpose.
3. I will not include criminal history information, personal identifying information of a suspect beyond the last name, or information obtained from CLETS in a search justification.
4. I will not access ALPR information for immigration enforcement (Government Code 7284 et seq.) or for an investigation of reproductive health care (Penal Code 13778.2), nor on the basis of protected activity or a person's race, ethnicity, national origin or religion.
5. I will not share ALPR information except with a California public agency as permitted by law (Civil Code 1798.90.55(b)).
6. I will verify a match visually and, where feasible, through CLETS before enforcement action, and report invalid matches to my Division Administrator.
7. I will keep my credentials to myself, use agency-issued devices, and complete the required training before access and whenever it expires.
8. I understand my use is recorded and audited, and misuse may lead to discipline or prosecution.
"""


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
        secondary_admin_must_qualify=preset.secondary_admin_must_qualify,
        exception_division_codes=list(preset.exception_division_codes),
        training_validity_days=preset.training_validity_days,
        audit_cadence_days=preset.audit_cadence_days,
        audit_random_sample=preset.audit_random_sample,
        inactivity_suspension_days=preset.inactivity_suspension_days,
        reapproval_days=preset.reapproval_days,
        read_retention_days=preset.read_retention_days,
        audit_record_retention_days=preset.audit_record_retention_days,
        agreement_retention_days=preset.agreement_retention_days,
        requires_on_behalf_of=preset.requires_on_behalf_of,
        purpose_mode=preset.purpose_mode,
        max_search_window_days=preset.max_search_window_days,
        forbidden_identifier_patterns=[dict(p) for p in preset.forbidden_identifier_patterns],
    )
    for division in preset.divisions:
        Division.objects.create(
            agency=agency,
            code=division.code,
            name=division.name,
            case_number_pattern=division.case_number_pattern,
            case_number_example=division.case_number_example,
            qualifying_admin_ranks=list(division.qualifying_admin_ranks),
        )
    from accounts.signals import agency_created

    agreement_version_publish(
        actor=None,
        agency=agency,
        title=f"{agency.name}: ALPR End User Agreement",
        text=DEFAULT_AGREEMENT.format(agency=agency.name, source=preset.source),
    )

    agency_created.send(sender=Agency, agency=agency, preset=preset)
    return agency


def _sync_division_permissions(user: User) -> None:
    """Division administrators' and auditors' rights are object permissions on their division."""
    for perm in ("accounts.administer_division", "accounts.audit_division"):
        remove_perm(perm, user, user.division)
    if user.role in permissions.DIVISION_ADMIN_ROLES:
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


def require_agency_admin(
    actor: User,
    agency: Agency,
    *,
    to: str = "change its settings",
    client_address: str | None = None,
) -> None:
    """Agency-wide things (settings, cameras, holds) belong to the agency's administrator, while
    their own standing allows it; a refusal is recorded (accounts.services.refusals)."""
    from accounts.services.refusals import require_agency_admin as require

    require(actor, agency, act=to, client_address=client_address)


def allowed_networks_parse(lines: list[str]) -> list[str]:
    """Normalise CIDRs of agency-issued devices (53060.9(a)); a bad one raises ValidationError."""
    networks = []
    for line in lines:
        text = line.strip()
        if not text:
            continue
        try:
            networks.append(str(ipaddress.ip_network(text, strict=False)))
        except ValueError:
            raise ValidationError(
                f"{text!r} is not a network: write an address or a CIDR such as 10.20.0.0/16."
            ) from None
    return sorted(set(networks))


def agency_settings_update(
    *,
    actor: User,
    agency: Agency,
    allowed_networks: list[str],
    reason: str = "",
    client_address: str | None = None,
) -> Agency:
    """Change the networks ALPR data may be reached from (53060.9(a)); the change is on the
    governance record with its values before and after, in the same transaction."""
    require_agency_admin(actor, agency, client_address=client_address)
    with transaction.atomic():
        agency = Agency.objects.select_for_update().get(pk=agency.pk)
        networks = allowed_networks_parse(allowed_networks)
        if networks == sorted(agency.allowed_networks):
            return agency
        before = snapshot(agency, ["allowed_networks"])
        agency.allowed_networks = networks
        agency.save(update_fields=["allowed_networks"])
        governance_record(
            actor=actor,
            agency=agency,
            action=AGENCY_SETTINGS_CHANGED,
            subject=agency,
            before=before,
            after=snapshot(agency, ["allowed_networks"]),
            reason=reason,
            client_address=client_address,
        )
        return agency


DIVISION_SETTINGS_FIELDS = (
    "case_number_pattern",
    "case_number_example",
    "hiring_authority_name",
    "hiring_authority_email",
)


def division_settings_update(
    *,
    actor: User,
    division: Division,
    reason: str = "",
    client_address: str | None = None,
    **changes,
) -> Division:
    """Change a division's case-number format (53060.7(b)(6)) or hiring authority. A format that
    RE2 cannot compile or that accepts anything is refused (Division.clean); the change is on the
    governance record with its values before and after, in the same transaction."""
    require_agency_admin(actor, division.agency, client_address=client_address)
    with transaction.atomic():
        unknown = set(changes) - set(DIVISION_SETTINGS_FIELDS)
        if unknown:
            raise ValueError(f"Not a division setting: {sorted(unknown)}")
        division = Division.objects.select_for_update().get(pk=division.pk)
        changed = [name for name, value in changes.items() if getattr(division, name) != value]
        if not changed:
            return division
        before = snapshot(division, changed)
        for name in changed:
            setattr(division, name, changes[name])
        division.full_clean()
        division.save(update_fields=changed)
        governance_record(
            actor=actor,
            agency=division.agency,
            division=division,
            action=DIVISION_SETTINGS_CHANGED,
            subject=division,
            before=before,
            after=snapshot(division, changed),
            reason=reason,
            client_address=client_address,
        )
        return division

"""Administrators: the agency administrator designates each division's primary and secondary
Division Administrator (53060.5(b); DOJ 429.4), and the platform operator establishes the first
administrator of a division that has none in standing."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts import permissions, rules
from accounts.models import AccountStatus, Division, Role, User
from accounts.services import acts
from accounts.services.governance import governance_record, snapshot
from accounts.services.people import _fresh, _lock, grant_blockers, person_record
from accounts.services.refusals import refuse, require_agency_admin
from accounts.services.tenancy import _sync_division_permissions

_SLOTS = {
    Role.DIVISION_ADMIN_PRIMARY: ("primary_admin", "secondary_admin"),
    Role.DIVISION_ADMIN_SECONDARY: ("secondary_admin", "primary_admin"),
}


def qualifying_ranks(division: Division) -> list[str]:
    """The ranks or classifications this division's administrators must hold: the division's own
    list (DOJ 429.4: DLE, DMFEA) or else the agency's (CDCR 53060.5(b))."""
    return list(division.qualifying_admin_ranks or division.agency.qualifying_admin_ranks)


def division_admin_designate(
    *, actor: User, subject: User, role: str, client_address: str | None = None
) -> User:
    """Make someone the primary or secondary Division Administrator of their division. The
    primary (and, where the policy says so, the secondary) must hold a qualifying rank; one person
    cannot hold both; the person replaced loses the role and its permissions (53060.5(b))."""
    user = _fresh(subject)
    require_agency_admin(
        actor,
        user.agency,
        act=acts.ADMINISTRATOR_DESIGNATED,
        client_address=client_address,
        subject=user,
    )
    if role not in permissions.DIVISION_ADMIN_ROLES:
        raise ValidationError({"role": "Choose primary or secondary."})
    division = user.division
    ranks = qualifying_ranks(division)
    must_qualify = role == Role.DIVISION_ADMIN_PRIMARY or user.agency.secondary_admin_must_qualify
    message = None
    if actor.pk == user.pk:
        message = "Nobody designates themselves: another administrator must do this."
    elif user.status != AccountStatus.ACTIVE:
        message = "Only an active account can be designated an administrator."
    elif user.role == Role.AGENCY_ADMIN:
        message = "The agency administrator keeps that role; designate someone else."
    elif must_qualify and not rules.rank_qualifies(
        ranks, rank_title=user.rank_title, classification=user.job_classification
    ):
        message = (
            f"A {Role(role).label} of {division.code} must hold one of "
            "these ranks or classifications: " + ", ".join(ranks) + "."
        )
    if message:
        refuse(
            actor=actor,
            agency=user.agency,
            subject=user,
            act=acts.ADMINISTRATOR_DESIGNATED,
            message=message,
            client_address=client_address,
            error=ValidationError,
        )
    slot, other_slot = _SLOTS[role]
    with transaction.atomic():
        division = Division.objects.select_for_update().get(pk=division.pk)
        user = _lock(user)
        division_before = snapshot(division, ("primary_admin", "secondary_admin"))
        previous_id = getattr(division, f"{slot}_id")
        if previous_id is not None and previous_id != user.pk:
            _step_down(actor=actor, person=User.objects.get(pk=previous_id), address=client_address)
        if getattr(division, f"{other_slot}_id") == user.pk:
            setattr(division, other_slot, None)
        before = snapshot(user, acts.PERSON_FIELDS)
        user.role = role
        user.save(update_fields=["role"])
        _sync_division_permissions(user)
        setattr(division, slot, user)
        division.save(update_fields=["primary_admin", "secondary_admin"])
        person_record(
            actor=actor,
            user=user,
            action=acts.ADMINISTRATOR_DESIGNATED,
            before=before | {"division": division_before},
            client_address=client_address,
            division=snapshot(division, ("primary_admin", "secondary_admin")),
        )
    return user


def _step_down(*, actor: User, person: User, address: str | None) -> None:
    """The administrator replaced becomes an end-user; their division permissions go with it."""
    person = _lock(person)
    before = snapshot(person, acts.PERSON_FIELDS)
    person.role = Role.END_USER
    person.save(update_fields=["role"])
    _sync_division_permissions(person)
    person_record(
        actor=actor,
        user=person,
        action=acts.ADMINISTRATOR_REPLACED,
        before=before,
        client_address=address,
    )


def administrator_establish(
    *, subject: User, completed_on: date, reason: str, client_address: str | None = None
) -> User:
    """Platform set-up (the `establish_administrator` command, never a web page): record the
    training the operator saw evidence of and grant an administrator of a division that nobody in
    standing administers yet. Someone must be first; once a division has an administrator in
    standing, every later grant goes through them (53060.5(c)(1))."""
    from training.selectors import required_courses
    from training.services import training_record_establish

    user = _fresh(subject)
    if user.role not in permissions.PEOPLE_ADMIN_ROLES:
        raise ValidationError("Only an administrator's account is established this way.")
    if not reason.strip():
        raise ValidationError({"reason": "Say on whose authority the administrator is set up."})
    administrators = User.objects.filter(
        agency_id=user.agency_id, role__in=permissions.PEOPLE_ADMIN_ROLES
    ).exclude(pk=user.pk)
    for other in administrators:
        if permissions.administers_division(
            other, user.division_id
        ) and permissions.standing_allows_admin(other):
            raise ValidationError(
                f"{other.username} administers this division in good standing and must grant "
                "this person through the provisioning pages."
            )
    now = timezone.now()
    with transaction.atomic():
        user = _lock(user)
        for course in required_courses(user.agency_id):
            training_record_establish(user=user, course=course, completed_on=completed_on, now=now)
        blockers = grant_blockers(user, now=now)
        if blockers:
            raise ValidationError(["The administrator cannot be established yet:", *blockers])
        before = snapshot(user, acts.PERSON_FIELDS)
        user.status = AccountStatus.ACTIVE
        user.access_granted_at = user.last_approved_at = now
        user.suspended_at = None
        user.save(update_fields=["status", "access_granted_at", "last_approved_at", "suspended_at"])
        governance_record(
            actor=None,
            agency=user.agency,
            action=acts.ADMINISTRATOR_ESTABLISHED,
            subject=user,
            before=before,
            after=snapshot(user, acts.PERSON_FIELDS)
            | {"training_completed_on": completed_on.isoformat()},
            reason=reason.strip(),
            client_address=client_address,
        )
    return user


def administrator_account_create(
    *,
    division: Division,
    username: str,
    email: str,
    first_name: str,
    last_name: str,
    role: str,
    job_classification: str = "",
    rank_title: str = "",
) -> User:
    """Platform set-up (the `create_administrator` command, never a web page): the account of a
    division's first administrator, invited by mail to choose a password and enrol an
    authenticator. Access follows from `administrator_establish` once they have signed."""
    from accounts.services.invitations import invitation_issue
    from accounts.services.tenancy import staff_account_create

    if role not in permissions.PEOPLE_ADMIN_ROLES:
        raise ValidationError({"role": "Only an administrator's account is created this way."})
    if not email.strip():
        raise ValidationError({"email": "The invitation is sent by e-mail: give an address."})
    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": f"An account {username!r} exists already."})
    with transaction.atomic():
        user = staff_account_create(
            division=division,
            username=username,
            password=None,
            role=role,
            first_name=first_name,
            last_name=last_name,
            email=email.strip(),
            job_classification=job_classification,
            rank_title=rank_title,
        )
        invitation_issue(actor=None, subject=user, link_base="")
    return user

"""What each role may do: the only place that knows it (STYLE.md "Permissions and doors").

Selectors, services, view decorators and the navigation ask these functions; none of them keeps
its own role set or status check. Reads ("may see") and acts ("may do") are separate questions:
an administrator whose own standing has lapsed still sees what they administer, but changes
nothing until their standing is restored (53060.5(c)(2)(D), 429.4).
"""

from guardian.shortcuts import get_objects_for_user

from accounts.models import AccountStatus, Division, Role, User

# --- Role sets ------------------------------------------------------------------------------

DIVISION_ADMIN_ROLES = (Role.DIVISION_ADMIN_PRIMARY, Role.DIVISION_ADMIN_SECONDARY)
# People who provision others: grant, revoke, record training, file agreements, re-approve.
PEOPLE_ADMIN_ROLES = (Role.AGENCY_ADMIN, *DIVISION_ADMIN_ROLES)
AUDITOR_ROLES = (Role.AUDITOR,)
# Roles that see the administrative pages: logs, job runs, the agency's profile.
ADMINISTRATIVE_ROLES = (*PEOPLE_ADMIN_ROLES, *AUDITOR_ROLES)
ALL_ROLES = tuple(Role.values)

# Rank order for "ending a higher role's account needs that higher role" (53060.5(b)).
_RANK = {
    Role.AGENCY_ADMIN: 3,
    Role.DIVISION_ADMIN_PRIMARY: 2,
    Role.DIVISION_ADMIN_SECONDARY: 1,
}

_GONE = (AccountStatus.SEPARATED,)


# --- Who is a tenant user at all ------------------------------------------------------------


def is_tenant_user(user) -> bool:
    """Signed in, active, of an agency, not separated. Anyone else sees and does nothing."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.agency_id is not None
        and user.status not in _GONE
    )


def has_role(user, roles: tuple) -> bool:
    return is_tenant_user(user) and user.role in roles


def is_people_admin(user) -> bool:
    """Holds an administrator's role (agency or division); says nothing about standing."""
    return has_role(user, PEOPLE_ADMIN_ROLES)


def is_agency_admin(user) -> bool:
    return has_role(user, (Role.AGENCY_ADMIN,))


def sees_administrative_pages(user) -> bool:
    return has_role(user, ADMINISTRATIVE_ROLES)


# --- Standing -------------------------------------------------------------------------------


def standing_allows_admin(actor) -> bool:
    """An administrator acts only while their own standing allows it: granted, active, eligible,
    agreement signed, training current, re-approval not overdue — the same standing the access
    gate computes (accounts.services.access.access_standing; 53060.5(c)(1), 429.4-429.6)."""
    from accounts.services.access import access_standing

    if not is_people_admin(actor):
        return False
    return access_standing(actor).allowed


# --- Scope ----------------------------------------------------------------------------------


def administers_agency(actor, agency_id) -> bool:
    """The agency's administrator (role and agency; standing is asked separately)."""
    return is_agency_admin(actor) and actor.agency_id == agency_id


def _divisions_with_perm(actor, perm: str):
    divisions = Division.objects.filter(agency_id=actor.agency_id)
    return get_objects_for_user(actor, perm, klass=divisions, accept_global_perms=False)


def administered_divisions(actor):
    """Divisions whose people the actor administers: every division of the agency for its
    administrator; for a Division Administrator those granted by object permission, and only
    while they still hold the role (a replaced administrator's leftover permission counts for
    nothing, 53060.5(b))."""
    if not is_people_admin(actor):
        return Division.objects.none()
    if actor.role == Role.AGENCY_ADMIN:
        return Division.objects.filter(agency_id=actor.agency_id)
    return _divisions_with_perm(actor, "accounts.administer_division")


def audited_divisions(actor):
    """Divisions whose use the actor audits: the agency's administrator all of them; a hiring
    authority their own; auditors and Division Administrators those granted by permission."""
    if not is_tenant_user(actor):
        return Division.objects.none()
    if actor.role == Role.AGENCY_ADMIN:
        return Division.objects.filter(agency_id=actor.agency_id)
    if actor.role == Role.HIRING_AUTHORITY:
        return Division.objects.filter(agency_id=actor.agency_id, pk=actor.division_id)
    if actor.role not in ADMINISTRATIVE_ROLES:
        return Division.objects.none()
    return _divisions_with_perm(actor, "accounts.audit_division")


def administers_division(actor, division_id) -> bool:
    return division_id is not None and administered_divisions(actor).filter(pk=division_id).exists()


def audits_division(actor, division_id) -> bool:
    return division_id is not None and audited_divisions(actor).filter(pk=division_id).exists()


def audits_agency(actor, agency_id) -> bool:
    """Sees agency-wide administrative acts (those of no one division): the agency's auditors
    and its administrator (53060.5(c)(1)(E): audits cover the agency's use)."""
    return has_role(actor, (Role.AGENCY_ADMIN, *AUDITOR_ROLES)) and actor.agency_id == agency_id


def sees_agency_oversight(user) -> bool:
    """Reads the agency-wide oversight pages (cameras, legal holds: metadata only, no forms):
    those who review the agency's agency-wide acts — its auditors and its administrator."""
    return is_tenant_user(user) and audits_agency(user, user.agency_id)


# --- Acting on a person ---------------------------------------------------------------------


def outranks(subject: User, actor: User) -> bool:
    """True when the subject holds a higher administrative role than the actor: agency
    administrator > primary Division Administrator > secondary > everyone else."""
    return _RANK.get(subject.role, 0) > _RANK.get(actor.role, 0)


def refusal_reason(actor, subject: User, *, ending: bool = False) -> str | None:
    """Why the actor may not act on the subject, or None when they may. `ending` is an act that
    ends or curtails access (revoke, separate, reclassify, designate over); ending a higher
    role's account needs that higher role. Order matters only for the message."""
    if actor is None or not is_tenant_user(actor):
        return "Only a signed-in administrator of the agency may do this."
    if actor.pk == subject.pk:
        return "Nobody provisions themselves: another administrator must do this."
    if actor.agency_id != subject.agency_id:
        return "You do not administer this person's division."
    if ending and outranks(subject, actor):
        return f"Only a {subject.get_role_display()} or higher may end this person's access."
    if not is_people_admin(actor):
        return "Only an administrator may do this."
    if not standing_allows_admin(actor):
        return "Your own access is not in good standing, so you may not administer others."
    if not administers_division(actor, subject.division_id):
        return "You do not administer this person's division."
    return None


def may_act_on(actor, subject: User, *, ending: bool = False) -> bool:
    """Administrators act on people of the divisions they administer (53060.5(c)(1)(A)), never on
    themselves, only while their own standing allows, and end a higher role only holding it."""
    return refusal_reason(actor, subject, ending=ending) is None


def may_print_agreement_form(actor, subject: User) -> bool:
    """A person's Form 110 to sign on paper, their details filled in: for the person, and for the
    administrators of their division, who collect the signed forms (53060.5(c)(1)(B)). Printing
    changes nothing, so an administrator's lapsed standing does not bar it (module docstring)."""
    if not is_tenant_user(actor) or not is_tenant_user(subject):
        return False
    if actor.agency_id != subject.agency_id:
        return False
    if actor.pk == subject.pk:
        return True
    return is_people_admin(actor) and administers_division(actor, subject.division_id)


def agency_refusal_reason(actor, agency_id) -> str | None:
    """Why the actor may not do an agency-wide administrative act (settings, agreement,
    designations, cameras, holds), or None."""
    if not administers_agency(actor, agency_id):
        return "Only the agency's administrator may do this."
    if not standing_allows_admin(actor):
        return "Your own access is not in good standing, so you may not administer the agency."
    return None


def may_administer_agency(actor, agency_id) -> bool:
    return agency_refusal_reason(actor, agency_id) is None

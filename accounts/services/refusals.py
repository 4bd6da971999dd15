"""Refused administrative acts are recorded, then refused (issue 8, bypass 2).

The governance record row is written in its own transaction *before* the error is raised, so the
act's rollback cannot take the record of the refusal with it. Callers check before opening the
act's transaction."""

from django.core.exceptions import PermissionDenied, ValidationError

from accounts import permissions
from accounts.models import Agency, Division, User
from accounts.services import acts
from accounts.services.governance import governance_record


def refuse(
    *,
    actor: User | None,
    agency: Agency,
    subject,
    act: str,
    message: str,
    client_address: str | None,
    error: type[Exception] = PermissionDenied,
):
    """Record the refusal of `act` and raise `error` with `message`."""
    governance_record(
        actor=actor if getattr(actor, "pk", None) else None,
        agency=agency,
        action=acts.REFUSED,
        subject=subject,
        after={"attempted": act},
        reason=message,
        client_address=client_address,
        division=subject if isinstance(subject, Division) else None,
    )
    if error is ValidationError:
        raise ValidationError(message)
    raise error(message)


def require_may_act(
    actor: User, subject: User, *, act: str, client_address: str | None, ending: bool = False
) -> None:
    """The actor may do `act` to `subject` (accounts.permissions.may_act_on), or it is refused
    and recorded."""
    message = permissions.refusal_reason(actor, subject, ending=ending)
    if message is not None:
        refuse(
            actor=actor,
            agency=subject.agency,
            subject=subject,
            act=act,
            message=message,
            client_address=client_address,
        )


def require_agency_admin(
    actor: User, agency: Agency, *, act: str, client_address: str | None = None, subject=None
) -> None:
    """The actor administers the agency and stands in good standing, or it is refused and
    recorded."""
    message = permissions.agency_refusal_reason(actor, agency.pk)
    if message is not None:
        refuse(
            actor=actor,
            agency=agency,
            subject=subject if subject is not None else agency,
            act=act,
            message=message,
            client_address=client_address,
        )

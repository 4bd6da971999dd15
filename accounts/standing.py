"""The path back to ALPR access (issue 11): why a person may not reach ALPR data, and every
condition that would restore it, for the person's home and the administrator's person page.

Read-only. It asks the gate (`access_standing`) and the retraining rule (`retraining_missing`)
that the grant and reactivation services ask, so the page never offers a button the service would
refuse: `act` is set only when every condition is met. Sentences are written without "you" or
"they", so the person and their administrator read the same words."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.formats import date_format

from accounts import rules
from accounts.models import AccountStatus, GovernanceRecord, ReapprovalItem, Role, User
from accounts.services import acts
from accounts.services.access import (
    ACCOUNT_NOT_ACTIVE,
    AGREEMENT_MISSING,
    AGREEMENT_OUTDATED,
    CLASSIFICATION_NOT_ELIGIBLE,
    REAPPROVAL_OVERDUE,
    TRAINING_EXPIRED,
    TRAINING_MISSING,
    AccessDecision,
    access_standing,
)

GRANT = "grant"
REACTIVATE = "reactivate"
REAPPROVE = "reapprove"


@dataclass(frozen=True)
class Condition:
    text: str
    met: bool


@dataclass(frozen=True)
class StandingPath:
    decision: AccessDecision
    why: tuple[str, ...]  # why the account is where it is ("Suspended on ...: no ALPR use ...")
    conditions: tuple[Condition, ...]  # every condition of the way back, met or not
    final_step: str  # what an administrator then does ("A Division Administrator grants access.")
    act: str | None  # GRANT, REACTIVATE or REAPPROVE once every condition is met; else None
    review: ReapprovalItem | None  # the open yearly review, if any
    explained: frozenset[str] = frozenset()  # gate reasons a `why` line already tells
    # The `why` line that details each gate reason, by its code (the account's state, the review).
    why_by_code: tuple[tuple[str, str], ...] = ()

    @property
    def other_reasons(self) -> list:
        """The gate's reasons that no `why` line tells already (the account state always is)."""
        skip = self.explained | {ACCOUNT_NOT_ACTIVE}
        return [r for r in self.decision.reasons if r.code not in skip]

    def explain(self, reasons) -> list[tuple[object, str]]:
        """Each of `reasons` (the gate's, possibly with more than the standing: the session,
        the network) with the `why` line that details it, or ""."""
        details = dict(self.why_by_code)
        return [(reason, details.get(reason.code, "")) for reason in reasons]

    @property
    def unmet(self) -> list[Condition]:
        return [c for c in self.conditions if not c.met]


def _day(value) -> str:
    if isinstance(value, datetime):
        value = timezone.localdate(value)
    return date_format(value, "DATE_FORMAT")


def _last_record(person: User, action: str) -> GovernanceRecord | None:
    return (
        GovernanceRecord.objects.filter(subject_user=person, action=action)
        .order_by("-at", "-pk")
        .first()
    )


def _why_suspended(person: User) -> str:
    """The recorded reason of the suspension (the inactivity job writes it), with its dates."""
    record = _last_record(person, acts.ACCOUNT_SUSPENDED)
    days = person.agency.inactivity_suspension_days
    last = person.last_alpr_access_at or person.access_granted_at
    if record is not None and record.after.get("last_access"):
        last = datetime.fromisoformat(record.after["last_access"])
    since = f" since {_day(last)}" if last else ""
    when = person.suspended_at or (record.at if record is not None else None)
    on = f" on {_day(when)}" if when else ""
    return f"Suspended{on}: no ALPR use for {days} day{'s' if days != 1 else ''}{since}."


def _why_revoked(person: User) -> str:
    record = _last_record(person, acts.ACCESS_REVOKED)
    if record is None:
        return "Access was revoked."
    by = f" by {record.actor_username}" if record.actor_username else ""
    reason = f": {record.reason}" if record.reason else "."
    return f"Access revoked on {_day(record.at)}{by}{reason}"


def _review_due(person: User, review: ReapprovalItem | None):
    if review is not None:
        return review.due_at
    approved = person.last_approved_at or person.access_granted_at
    if approved is None or not person.agency.reapproval_days:
        return None
    return approved + timedelta(days=person.agency.reapproval_days)


def standing_path(person: User, *, now: datetime | None = None) -> StandingPath:
    """Why `person` may not reach ALPR data and what brings access back (53060.5(c)(2)(D), 429.4,
    429.6). A closed (separated) account has no way back."""
    from accounts.services.people import retraining_missing
    from training.selectors import CURRENT, training_status

    now = now or timezone.now()
    decision = access_standing(person, now=now)
    codes = set(decision.codes)
    review = person.reapprovals.filter(decided_at__isnull=True).first()
    if person.status == AccountStatus.SEPARATED:
        record = _last_record(person, acts.ACCOUNT_SEPARATED)
        on = f" on {_day(record.at)}" if record is not None else ""
        return StandingPath(
            decision=decision,
            why=(f"The account was closed{on}: the person left the agency.",),
            conditions=(),
            final_step="",
            act=None,
            review=None,
        )

    why: list[tuple[str, str]] = []
    if person.status == AccountStatus.SUSPENDED:
        why.append((ACCOUNT_NOT_ACTIVE, _why_suspended(person)))
    elif person.status == AccountStatus.REVOKED:
        why.append((ACCOUNT_NOT_ACTIVE, _why_revoked(person)))
    elif person.status == AccountStatus.PENDING:
        why.append((ACCOUNT_NOT_ACTIVE, "Access has not been granted yet."))
    due = _review_due(person, review)
    if REAPPROVAL_OVERDUE in codes and due is not None:
        why.append(
            (
                REAPPROVAL_OVERDUE,
                f"Re-approval overdue since {_day(due)} (approval is reviewed every "
                f"{person.agency.reapproval_days} days).",
            )
        )

    conditions: list[Condition] = []
    if person.status != AccountStatus.ACTIVE or CLASSIFICATION_NOT_ELIGIBLE in codes:
        exception = (
            f" (or an exception approved by the {person.agency.exception_approver})"
            if person.agency.exception_approver
            else ""
        )
        conditions.append(
            Condition(
                f"Job classification on the agency's list{exception}",
                CLASSIFICATION_NOT_ELIGIBLE not in codes,
            )
        )
    current = person.agency.agreement_versions.order_by("-version").first()
    if person.status != AccountStatus.ACTIVE or codes & {AGREEMENT_MISSING, AGREEMENT_OUTDATED}:
        version = f", version {current.version}" if current is not None else ""
        conditions.append(
            Condition(
                f"End User Agreement{version} signed",
                not codes & {AGREEMENT_MISSING, AGREEMENT_OUTDATED},
            )
        )
    since = rules.retraining_needed_since(
        suspended_at=person.suspended_at,
        access_granted_at=person.access_granted_at,
        last_alpr_access_at=person.last_alpr_access_at,
        inactivity_days=person.agency.inactivity_suspension_days,
        now=now,
    )
    stale = set(retraining_missing(person, now=now)) if since is not None else set()
    training_matters = person.status != AccountStatus.ACTIVE or codes & {
        TRAINING_MISSING,
        TRAINING_EXPIRED,
    }
    statuses = training_status(person, timezone.localdate(now))
    if training_matters and not statuses:
        conditions.append(
            Condition("A required ALPR course set by the agency administrator", met=False)
        )
    for status in statuses if training_matters else ():
        name = status.course.name
        if since is not None:
            text = f"{name} completed on or after {_day(since)} and verified"
            conditions.append(Condition(text, name not in stale))
        else:
            text = f"{name} completed, verified and current"
            conditions.append(Condition(text, status.state == CURRENT))

    if person.status == AccountStatus.SUSPENDED:
        act, final_step = REACTIVATE, "A Division Administrator then reactivates the account."
    elif person.status in (AccountStatus.PENDING, AccountStatus.REVOKED):
        act, final_step = GRANT, "A Division Administrator then grants access."
    else:
        act, final_step = None, ""
    if any(not c.met for c in conditions):
        act = None
    if person.status == AccountStatus.ACTIVE and (REAPPROVAL_OVERDUE in codes or review):
        # The yearly review stands on its own: approving it needs no other condition met.
        due_text = f" (due {_day(due)})" if due is not None else ""
        conditions.append(
            Condition(f"Re-approved by a Division Administrator{due_text}", met=False)
        )
        act = REAPPROVE
    return StandingPath(
        decision=decision,
        why=tuple(line for _, line in why),
        conditions=tuple(conditions),
        final_step=final_step,
        act=act,
        review=review,
        explained=frozenset(code for code, _ in why),
        why_by_code=tuple(why),
    )


# --- What ending access does, said before it is done (issue 11: confirmations) ------------------


def _usable_tokens(person: User, now: datetime) -> int:
    return person.api_tokens.filter(revoked_at__isnull=True, expires_at__gt=now).count()


def revocation_impact(person: User, *, reason: str = "", now: datetime | None = None) -> list[str]:
    """What `access_revoke` does to this person, in the order it matters to them."""
    now = now or timezone.now()
    name = person.display_name
    tokens = _usable_tokens(person, now)
    kept = (
        f"their sessions and {tokens} API token{'s' if tokens != 1 else ''}"
        if tokens
        else ("their sessions")
    )
    told = f": “{reason.strip()}”" if reason.strip() else "."
    return [
        f"{name} loses ALPR access at once: from their next request every search, read, photo "
        "and export is refused.",
        f"The account stays open: {name} can still sign in and see their training and agreement; "
        f"{kept} stay valid but reach no ALPR data.",
        f"{name} is e-mailed that access was revoked, with the reason{told}",
        "Access returns only when a Division Administrator grants it again, with every check "
        "passed anew.",
    ]


def separation_impact(person: User, *, now: datetime | None = None) -> list[str]:
    """What `account_separate` does to this person: it cannot be undone."""
    now = now or timezone.now()
    name = person.display_name
    tokens = _usable_tokens(person, now)
    lines = [
        f"{name} can never sign in again: the password, authenticator and backup codes are "
        "removed and any open session ends"
        + (f"; {tokens} API token{'s are' if tokens != 1 else ' is'} revoked." if tokens else "."),
        "Their e-mail address, first name and rank are erased. The username, the history and "
        "every access record are kept for audits.",
    ]
    if person.role != Role.END_USER:
        lines.append(
            f"Their role ({person.get_role_display()}) ends, and any administrator slot they hold "
            "is left empty."
        )
    lines.append(
        "The account cannot be reopened: if they return, request access for a new account."
    )
    return lines

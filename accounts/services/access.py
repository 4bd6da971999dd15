"""The access gate: the one place that decides whether a person may touch ALPR data now
(DESIGN.md section 4). It only reads; callers record refusals."""

import ipaddress
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from accounts.models import AccountStatus, AgreementVersion, ExceptionApproval, User
from accounts.rules import classification_key, classification_listed
from alpr_governance.client import client_address

ACCOUNT_NOT_ACTIVE = "account_not_active"
CLASSIFICATION_NOT_ELIGIBLE = "classification_not_eligible"
AGREEMENT_MISSING = "agreement_missing"
AGREEMENT_OUTDATED = "agreement_outdated"
TRAINING_MISSING = "training_missing"
TRAINING_EXPIRED = "training_expired"
SECOND_FACTOR_MISSING = "second_factor_missing"
REAPPROVAL_OVERDUE = "reapproval_overdue"
NETWORK_NOT_ALLOWED = "network_not_allowed"

# Each reason in a few words about the person (not to them), for lists of people read by
# administrators and auditors; the code stays in the tooltip and in the API.
REASON_LABELS = {
    ACCOUNT_NOT_ACTIVE: "Account not granted or not active",
    CLASSIFICATION_NOT_ELIGIBLE: "Classification not eligible",
    AGREEMENT_MISSING: "Agreement not signed",
    AGREEMENT_OUTDATED: "Signed an older agreement",
    TRAINING_MISSING: "Training missing",
    TRAINING_EXPIRED: "Training expired",
    SECOND_FACTOR_MISSING: "No verified second factor",
    REAPPROVAL_OVERDUE: "Yearly re-approval overdue",
    NETWORK_NOT_ALLOWED: "Not on an agency network",
}


@dataclass(frozen=True)
class AccessReason:
    code: str
    message: str  # to the person ("You have not signed...")
    action: str  # what to do about it
    # The same reason told to an administrator, in the third person ("This person has not...").
    about: str = ""

    @property
    def about_them(self) -> str:
        return self.about or self.message

    @property
    def label(self) -> str:
        """The reason in a few words about the person (REASON_LABELS)."""
        return REASON_LABELS.get(self.code, self.code.replace("_", " ").capitalize())

    def as_dict(self) -> dict:
        return {"code": self.code, "message": self.message, "action": self.action}


@dataclass(frozen=True)
class AccessDecision:
    allowed: bool
    reasons: tuple[AccessReason, ...]

    @property
    def codes(self) -> list[str]:
        return [reason.code for reason in self.reasons]

    def as_dict(self) -> dict:
        return {"allowed": self.allowed, "reasons": [r.as_dict() for r in self.reasons]}


# What access_standing reads, for callers that judge many people at once (the audit roster):
# `User.objects.prefetch_related(*STANDING_PREFETCH)` makes the standing of N people cost a fixed
# number of queries instead of about four per person.
STANDING_PREFETCH = (
    "exception_approvals",
    "agreement_signatures__version",
    "training_records",
    "agency__agreement_versions",
    "agency__courses",
    "systems_used",
)


def prefetched(instance, name: str) -> list | None:
    """The related rows `prefetch_related(name)` loaded on `instance`, or None if it did not."""
    cache = getattr(instance, "_prefetched_objects_cache", {})
    return list(cache[name]) if name in cache else None


def classification_is_eligible(user: User) -> bool:
    """Eligible by the agency's list, or by a recorded exception for this very classification."""
    if classification_listed(user.job_classification, user.agency.eligible_classifications):
        return True
    held = classification_key(user.job_classification)
    exceptions = prefetched(user, "exception_approvals")
    if exceptions is None:
        exceptions = ExceptionApproval.objects.filter(user=user).only("classification")
    return bool(held) and any(classification_key(e.classification) == held for e in exceptions)


def check_access(user: User, request, *, now: datetime | None = None) -> AccessDecision:
    """Decide whether `user` may reach ALPR data now, in this request; every reason, not just the
    first. Fails closed: without a request there is no verified second factor, and no address to
    check against the agency's networks."""
    from accounts.services.auth import second_factor_verified

    standing = access_standing(user, now=now)
    if user is None or not user.is_authenticated or user.agency_id is None:
        return standing
    reasons = list(standing.reasons)
    if request is None or not second_factor_verified(request):
        reasons.append(
            AccessReason(
                SECOND_FACTOR_MISSING,
                "This session has no verified second factor.",
                "Sign in again.",
                "This person's session has no verified second factor.",
            )
        )
    networks = user.agency.allowed_networks
    address = client_address(request)
    if networks and (address is None or not _address_allowed(address, networks)):
        reasons.append(
            AccessReason(
                NETWORK_NOT_ALLOWED,
                f"ALPR data can be reached only from agency-issued devices; {address or 'this client'} "
                "is not on their networks.",
                "Use an agency device on the agency network.",
                f"{address or 'This client'} is not on the networks of agency-issued devices.",
            )
        )
    return AccessDecision(allowed=not reasons, reasons=tuple(reasons))


def access_standing(user: User, *, now: datetime | None = None) -> AccessDecision:
    """The person's standing, whatever device they use: account, eligibility, agreement, training,
    re-approval. For administrators' pages and grant checks; access itself is `check_access`."""
    from training.selectors import CURRENT, EXPIRED, training_status

    now = now or timezone.now()
    if user is None or not user.is_authenticated or user.agency_id is None:
        return AccessDecision(
            allowed=False,
            reasons=(
                AccessReason(
                    ACCOUNT_NOT_ACTIVE, "No agency account.", "Sign in.", "No agency account."
                ),
            ),
        )
    agency = user.agency
    reasons: list[AccessReason] = []

    # Active means granted by a Division Administrator: a status alone is not a grant.
    if user.status != AccountStatus.ACTIVE or not user.is_active or user.access_granted_at is None:
        action = {
            AccountStatus.PENDING: "Your Division Administrator grants access once the checks below pass.",
            AccountStatus.SUSPENDED: "Complete the required training again; your Division Administrator "
            "then reactivates the account.",
            AccountStatus.REVOKED: "Ask your Division Administrator; access must be requested again.",
        }.get(user.status, "Your Division Administrator grants access once the checks below pass.")
        state = (
            user.get_status_display().lower()
            if user.status != AccountStatus.ACTIVE
            else "not granted"
        )
        reasons.append(
            AccessReason(
                ACCOUNT_NOT_ACTIVE, f"Your account is {state}.", action, f"The account is {state}."
            )
        )

    if not classification_is_eligible(user):
        approver = agency.exception_approver
        reasons.append(
            AccessReason(
                CLASSIFICATION_NOT_ELIGIBLE,
                f"The classification {user.job_classification or '(none)'!r} is not one that may use ALPR data.",
                f"An exception approved by the {approver} is needed."
                if approver
                else "Only the agency's listed classifications may be granted access.",
                f"This person's classification, {user.job_classification or '(none)'!r}, is not "
                "on the agency's list of those that may use ALPR data.",
            )
        )

    versions = prefetched(agency, "agreement_versions")
    if versions is not None:
        current = max(versions, key=lambda v: v.version, default=None)
    else:
        current = AgreementVersion.objects.filter(agency=agency).order_by("-version").first()
    signatures = prefetched(user, "agreement_signatures")
    if signatures is not None:
        signed = max(signatures, key=lambda s: s.version.version, default=None)
    else:
        signed = (
            user.agreement_signatures.select_related("version")
            .order_by("-version__version")
            .first()
        )
    if signed is None or current is None:
        reasons.append(
            AccessReason(
                AGREEMENT_MISSING,
                "You have not signed the End User Agreement.",
                "Read and sign the agreement (Agreement page), or hand your administrator a signed form.",
                "This person has not signed the End User Agreement.",
            )
        )
    elif signed.version.version < current.version:
        reasons.append(
            AccessReason(
                AGREEMENT_OUTDATED,
                f"You signed version {signed.version.version}; version {current.version} is in force.",
                "Read and sign the new version of the agreement.",
                f"This person signed version {signed.version.version} of the End User Agreement; "
                f"version {current.version} is in force.",
            )
        )

    today = timezone.localdate(now)
    statuses = training_status(user, today)
    missing = [s.course.name for s in statuses if s.state not in (CURRENT, EXPIRED)]
    expired = [s.course.name for s in statuses if s.state == EXPIRED]
    if not statuses:
        # Fails closed (53060.7(b)(1), 429.5): no required course means no training shown.
        reasons.append(
            AccessReason(
                TRAINING_MISSING,
                "No required ALPR course is set for you, so your training cannot be shown.",
                "Your agency administrator must require a course (Training courses page).",
                "No required ALPR course is set for this person, so their training cannot be shown.",
            )
        )
    if missing:
        reasons.append(
            AccessReason(
                TRAINING_MISSING,
                f"Required training not on record: {', '.join(missing)}.",
                "Complete it and give your administrator the certificate to verify.",
                f"This person's required training is not on record: {', '.join(missing)}.",
            )
        )
    if expired:
        reasons.append(
            AccessReason(
                TRAINING_EXPIRED,
                f"Training expired: {', '.join(expired)}.",
                "Take the course again; access returns when the new completion is verified.",
                f"This person's training expired: {', '.join(expired)}.",
            )
        )

    if agency.reapproval_days:
        approved = user.last_approved_at or user.access_granted_at
        if approved is not None and approved + timedelta(days=agency.reapproval_days) < now:
            reasons.append(
                AccessReason(
                    REAPPROVAL_OVERDUE,
                    f"Your approval is reviewed every {agency.reapproval_days} days and the review is overdue.",
                    "Your Division Administrator must re-approve your access.",
                    f"This person's approval is reviewed every {agency.reapproval_days} days and "
                    "the review is overdue.",
                )
            )

    return AccessDecision(allowed=not reasons, reasons=tuple(reasons))


def _address_allowed(address: str, networks: list[str]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in ipaddress.ip_network(network, strict=False) for network in networks)

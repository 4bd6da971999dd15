"""The access gate: the one place that decides whether a person may touch ALPR data now
(DESIGN.md section 4). It only reads; callers record refusals."""

import ipaddress
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from accounts.models import AccountStatus, AgreementVersion, ExceptionApproval, User
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

# Short words for each reason, for lists of people (the code stays in the API and in tooltips).
REASON_LABELS = {
    ACCOUNT_NOT_ACTIVE: "Account not active",
    CLASSIFICATION_NOT_ELIGIBLE: "Classification not eligible",
    AGREEMENT_MISSING: "Agreement not signed",
    AGREEMENT_OUTDATED: "Agreement outdated",
    TRAINING_MISSING: "Training missing",
    TRAINING_EXPIRED: "Training expired",
    SECOND_FACTOR_MISSING: "No second factor",
    REAPPROVAL_OVERDUE: "Re-approval overdue",
    NETWORK_NOT_ALLOWED: "Network not allowed",
}


@dataclass(frozen=True)
class AccessReason:
    code: str
    message: str
    action: str  # what to do about it

    @property
    def label(self) -> str:
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
    if user.job_classification in user.agency.eligible_classifications:
        return True
    exceptions = prefetched(user, "exception_approvals")
    if exceptions is not None:
        return any(e.classification == user.job_classification for e in exceptions)
    return ExceptionApproval.objects.filter(
        user=user, classification=user.job_classification
    ).exists()


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
            reasons=(AccessReason(ACCOUNT_NOT_ACTIVE, "No agency account.", "Sign in."),),
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
        reasons.append(AccessReason(ACCOUNT_NOT_ACTIVE, f"Your account is {state}.", action))

    if not classification_is_eligible(user):
        approver = agency.exception_approver
        reasons.append(
            AccessReason(
                CLASSIFICATION_NOT_ELIGIBLE,
                f"The classification {user.job_classification or '(none)'!r} is not one that may use ALPR data.",
                f"An exception approved by the {approver} is needed."
                if approver
                else "Only the agency's listed classifications may be granted access.",
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
            )
        )
    elif signed.version.version < current.version:
        reasons.append(
            AccessReason(
                AGREEMENT_OUTDATED,
                f"You signed version {signed.version.version}; version {current.version} is in force.",
                "Read and sign the new version of the agreement.",
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
            )
        )
    if missing:
        reasons.append(
            AccessReason(
                TRAINING_MISSING,
                f"Required training not on record: {', '.join(missing)}.",
                "Complete it and give your administrator the certificate to verify.",
            )
        )
    if expired:
        reasons.append(
            AccessReason(
                TRAINING_EXPIRED,
                f"Training expired: {', '.join(expired)}.",
                "Take the course again; access returns when the new completion is verified.",
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
                )
            )

    return AccessDecision(allowed=not reasons, reasons=tuple(reasons))


def _address_allowed(address: str, networks: list[str]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in ipaddress.ip_network(network, strict=False) for network in networks)

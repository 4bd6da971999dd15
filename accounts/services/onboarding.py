"""The way in for a new person, step by step (issue 11, build item 1): password, authenticator,
the End User Agreement (Form 110, 53060.5(c)(1)(B)), training (53060.7(b)(3), 429.4), and the
Division Administrator's grant (53060.5(c)(1)(A)).

Read only. Whether a step is done is read from the same standing the access gate computes
(accounts.services.access.access_standing), so these pages can never promise what the gate
refuses."""

from dataclasses import dataclass
from datetime import datetime

from accounts.models import User
from accounts.services.access import (
    ACCOUNT_NOT_ACTIVE,
    AGREEMENT_MISSING,
    AGREEMENT_OUTDATED,
    CLASSIFICATION_NOT_ELIGIBLE,
    TRAINING_EXPIRED,
    TRAINING_MISSING,
    access_standing,
)
from accounts.services.auth import totp_device_for


@dataclass(frozen=True)
class Step:
    key: str
    label: str  # addressed to the person, naming who acts when it is not them
    done: bool


@dataclass(frozen=True)
class Onboarding:
    steps: tuple[Step, ...]

    @property
    def remaining(self) -> tuple[Step, ...]:
        return tuple(step for step in self.steps if not step.done)

    @property
    def next_step(self) -> Step | None:
        return next(iter(self.remaining), None)

    @property
    def complete(self) -> bool:
        return not self.remaining

    def remaining_sentence(self) -> str:
        """What is left, in one sentence ("" when nothing is)."""
        parts = [f"{step.label[0].lower()}{step.label[1:]}" for step in self.remaining]
        if not parts:
            return ""
        if len(parts) == 1:
            return f"What remains: {parts[0]}."
        return f"What remains: {', then '.join(parts)}."


def onboarding_for(user: User, *, now: datetime | None = None) -> Onboarding:
    """The steps between a new person and access, each marked done or not. A person already
    allowed has every step done; a suspended or revoked person's way back is the standing's own
    reasons (the home page), not this list."""
    codes = set(access_standing(user, now=now).codes)
    steps = [
        Step("password", "Choose your password", user.has_usable_password()),
        Step("authenticator", "Add an authenticator app", totp_device_for(user) is not None),
        Step(
            "agreement",
            "Sign the End User Agreement (Form 110)",
            not codes & {AGREEMENT_MISSING, AGREEMENT_OUTDATED},
        ),
        Step(
            "training",
            "Complete the required training and give your Division Administrator the certificate",
            not codes & {TRAINING_MISSING, TRAINING_EXPIRED},
        ),
    ]
    if CLASSIFICATION_NOT_ELIGIBLE in codes:
        approver = user.agency.exception_approver
        label = (
            f"An exception for your classification, approved by the {approver}"
            if approver
            else "A classification that may use ALPR data (ask your Division Administrator)"
        )
        steps.append(Step("exception", label, done=False))
    steps.append(
        Step(
            "grant",
            "Your Division Administrator grants access",
            ACCOUNT_NOT_ACTIVE not in codes,
        )
    )
    return Onboarding(steps=tuple(steps))

"""Pure rules of provisioning: data in, an answer out (no database, no settings)."""

from collections.abc import Iterable
from datetime import date, datetime, timedelta


def classification_key(value: str) -> str:
    """The one comparison of job classifications and ranks: case and spacing ignored, so
    "crime  analyst" and "Crime Analyst" are the same classification (429.4)."""
    return " ".join((value or "").split()).casefold()


def classification_listed(value: str, listed: Iterable[str]) -> str | None:
    """The agency's own spelling of `value` when it is on `listed`, else None."""
    key = classification_key(value)
    if not key:
        return None
    return next((item for item in listed if classification_key(item) == key), None)


def rank_qualifies(required: Iterable[str], *, rank_title: str, classification: str) -> bool:
    """The person's rank or classification is one of `required` (case and spacing ignored);
    an empty list requires nothing (53060.5(b), 429.4)."""
    wanted = {classification_key(r) for r in required}
    if not wanted:
        return True
    held = {classification_key(v) for v in (rank_title, classification) if v}
    return bool(wanted & held)


def retraining_needed_since(
    *,
    suspended_at: datetime | None,
    access_granted_at: datetime | None,
    last_alpr_access_at: datetime | None,
    inactivity_days: int,
    now: datetime,
) -> datetime | None:
    """The moment after which training must have been completed before access may return, or
    None when current training suffices. A suspended account (even one revoked afterwards) must
    retrain after its suspension (53060.5(c)(2)(D)); anyone who had access and has not used it
    for the inactivity period must retrain after their last use (429.4: "not accessed ALPR
    information in 12 months or more ... undergo training again prior to being approved")."""
    if suspended_at is not None:
        return suspended_at
    if access_granted_at is None:
        return None  # never had access: the first grant's training rules apply
    last_use = max(filter(None, (last_alpr_access_at, access_granted_at)))
    if last_use + timedelta(days=inactivity_days) <= now:
        return last_use
    return None


def completed_after(
    *, completed_on: date, verified_at: datetime | None, since: datetime, since_day: date
) -> bool:
    """A completion counts as retraining only if taken on or after `since_day` (the local day of
    `since`) and verified after `since` (a certificate verified before is the old training)."""
    return completed_on >= since_day and verified_at is not None and verified_at > since


def agreement_text_same(*, title: str, text: str, other_title: str, other_text: str) -> bool:
    """Two agreement texts are the same when title and text differ only in whitespace: publishing
    one over the other would make everyone sign again for nothing (53060.5(c)(1)(B))."""

    def words(value: str) -> list[str]:
        return value.split()

    return words(title) == words(other_title) and words(text) == words(other_text)


def paper_signature_date_problem(signed_on: date, *, today: date, published_on: date) -> str | None:
    """What is wrong with the date written on a paper-signed agreement, or None: it cannot be in
    the future, nor before the version it signs was published (53060.5(c)(1)(B))."""
    if signed_on > today:
        return "The date signed cannot be in the future."
    if signed_on < published_on:
        return (
            f"The date signed is before this version was published ({published_on.isoformat()}): "
            "the form must be of the version in force."
        )
    return None

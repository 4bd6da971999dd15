"""Objects of agency A behind each accounts route that takes an id (see tests/test_isolation.py)."""

from tests import factories


def _end_user(world):
    return {"pk": world.end_user_a.pk}


def _division(world):
    return {"pk": world.division_a.pk}


def _locked_user(world):
    account = factories.user(world.division_a)
    account.locked_until = account.date_joined.replace(year=account.date_joined.year + 1)
    account.save(update_fields=["locked_until"])
    return {"pk": account.pk}


ISOLATION_CASES = {
    "accounts:account_unlock": _locked_user,
    "api:accounts_api:user_detail": _end_user,
    "api:accounts_api:division_detail": _division,
}
ISOLATION_CASES["accounts:division_settings"] = _division

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


def _person(world):
    return {"pk": world.end_user_a.pk}


def _person_action(world):
    return {"pk": world.end_user_a.pk, "action": "grant"}


def _reapproval(world):
    from django.utils import timezone

    from accounts.models import ReapprovalItem

    item = ReapprovalItem.objects.create(
        agency=world.agency_a, user=world.end_user_a, due_at=timezone.now()
    )
    return {"pk": item.pk}


def _agreement_scan(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from accounts import services

    version = world.agency_a.agreement_versions.order_by("-version").first()
    scan = SimpleUploadedFile("form110.pdf", b"%PDF-1.4 signed", "application/pdf")
    signature = services.agreement_scan_upload(
        actor=world.division_admin_a, subject=world.end_user_a, version=version, scan=scan
    )
    return {"pk": signature.pk}


ISOLATION_CASES.update(
    {
        "accounts:provision_user": _person,
        "accounts:user_action": _person_action,
        "accounts:reapproval_decide": _reapproval,
        "accounts:agreement_scan": _agreement_scan,
    }
)

"""Objects of agency A behind each accounts route that takes an id (see tests/test_isolation.py)."""

from datetime import timedelta

from django.utils import timezone

from tests import factories
from tests.isolation_tables import ListCase


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


def _account_link(world):
    from accounts.models import AccountLink
    from alpr_governance.credentials import credential_hash

    token = "isolation-case-link-token"
    AccountLink.objects.create(
        user=world.end_user_a,
        purpose=AccountLink.Purpose.PASSWORD_RESET,
        token_hash=credential_hash(token),
        expires_at=timezone.now() + timedelta(hours=1),
    )
    return {"token": token}


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
        actor=world.division_admin_a,
        subject=world.end_user_a,
        version=version,
        scan=scan,
        signed_on=timezone.localdate(),
    )
    return {"pk": signature.pk}


ISOLATION_CASES.update(
    {
        "accounts:provision_user": _person,
        "accounts:user_action": _person_action,
        "accounts:account_link": _account_link,
        "accounts:reapproval_decide": _reapproval,
        "accounts:agreement_scan": _agreement_scan,
        # Form 110 to print: the person's own, or one of a person the viewer administers.
        "accounts:agreement_form": _person,
    }
)


# --- List routes -------------------------------------------------------------------------------


def _marked_person(world):
    """An end user of division A with a username no other test object shares."""
    from accounts.models import AccountStatus

    return factories.user(world.division_a, username="iso-marker-a", status=AccountStatus.PENDING)


def _people_list(world):
    return _marked_person(world).username


def _reapproval_list(world):
    from django.utils import timezone

    from accounts.models import ReapprovalItem

    person = _marked_person(world)
    ReapprovalItem.objects.create(agency=world.agency_a, user=person, due_at=timezone.now())
    return person.username


def _provisioning_log(world):
    from accounts import services

    person = services.access_request(
        actor=world.division_admin_a,
        division=world.division_a,
        username="iso-marker-a",
        first_name="Iso",
        last_name="Marker",
        email="iso@example.invalid",
        job_classification=world.agency_a.eligible_classifications[0],
        reason="Isolation case 26-118342",
    )
    return person.username


def _security_log(world):
    from accounts import services

    person = _marked_person(world)
    services.security_event_record(kind="sign_in_failed", user=person)
    return person.username


def _job_run(world):
    from accounts.jobs import run_job

    run_job("isolation_marker_job", lambda counts: None, agency=world.agency_a)
    return "isolation_marker_job"


def _hiring_authority(world):
    from accounts import services

    services.division_settings_update(
        actor=world.agency_admin_a,
        division=world.division_a,
        hiring_authority_name="Captain Isolation-A",
    )
    return "Captain Isolation-A"


def _division_name(world):
    return world.division_a.name


def _work_queue(world):
    """A certificate awaiting verification lists in the work queue of the administrator's home;
    its link is the marker (names could be substrings of one another)."""
    from tests.training.isolation_cases import _submitted

    return f"/training/records/{_submitted(world)['pk']}/certificate/"


LIST_CASES = {
    "accounts:home": ListCase(_work_queue, "division_admin_a"),
    "accounts:provisioning": ListCase(_people_list, "division_admin_a"),
    "accounts:reapprovals": ListCase(_reapproval_list, "division_admin_a"),
    "accounts:provisioning_log": ListCase(_provisioning_log, "division_admin_a"),
    "accounts:security_log": ListCase(_security_log, "division_admin_a"),
    "accounts:jobruns": ListCase(_job_run, "agency_admin_a", agency_wide=True),
    "accounts:agency_settings": ListCase(_hiring_authority, "agency_admin_a", agency_wide=True),
    "api:accounts_api:user_list": ListCase(_people_list, "division_admin_a"),
    "api:accounts_api:division_list": ListCase(_division_name, "end_user_a", agency_wide=True),
}


def _oversight_camera(world):
    from tests.camera_ingest.isolation_cases import _camera_list

    return _camera_list(world)


def _oversight_hold(world):
    from tests.camera_ingest.isolation_cases import _hold_list

    return _hold_list(world)


# Logs' CSV downloads (the same rows as their pages) and the auditors' read-only pages.
LIST_CASES.update(
    {
        "accounts:provisioning_log_csv": ListCase(_provisioning_log, "auditor_a"),
        "accounts:security_log_csv": ListCase(_security_log, "auditor_a"),
        "accounts:jobruns_csv": ListCase(_job_run, "auditor_a", agency_wide=True),
        "accounts:oversight_people": ListCase(_people_list, "auditor_a"),
        "accounts:oversight_cameras": ListCase(_oversight_camera, "auditor_a", agency_wide=True),
        "accounts:oversight_holds": ListCase(_oversight_hold, "auditor_a", agency_wide=True),
    }
)

NO_TENANT_DATA = {
    "accounts:login": "sign-in form",
    "accounts:password_forgot": "form; the same answer whether or not an account exists",
    "accounts:otp_verify": "second-factor form",
    "accounts:otp_enrol": "the signed-in person's own enrolment",
    "accounts:backup_codes": "the signed-in person's own codes",
    "accounts:logout": "sign-out",
    "accounts:logout_everywhere": "sign-out",
    "accounts:agreement": "the signed-in person's own agency's agreement and signature",
    "accounts:agreement_publish": "form; the own agency's current text",
    "accounts:access_request": "form; the own agency's divisions",
    "api:accounts_api:token": "token issue (POST)",
    "api:accounts_api:me": "the caller's own account",
    "api:accounts_api:me_access": "the caller's own access decision",
    "api:schema": "the OpenAPI schema",
    "health": "liveness",
}

# Divisions of one's own agency are listed on the agency page for every administrator; their ids
# reveal nothing inside the tenant, so only agency B is tried on these.
AGENCY_WIDE = {"accounts:division_settings", "api:accounts_api:division_detail"}

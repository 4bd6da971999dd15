"""The pages of Form 110 (issue 11): the way in for a new person, signing online and what remains,
the printable form for the paper path, and filing a paper-signed form with its date."""

import hashlib
import re
import shutil
import subprocess
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.models import AccountStatus, Role, User
from accounts.views.auth import SESSION_BACKUP_CODES
from tests import factories
from tests.accounts.provisioning_helpers import provisioned, sign, train
from tests.conftest import verified_client

pytestmark = pytest.mark.django_db


def _new_person(division, **fields):
    """Dana Reyes, created and not yet granted (password and authenticator already set)."""
    person = factories.user(division, status=AccountStatus.PENDING, rank_title="Officer", **fields)
    User.objects.filter(pk=person.pk).update(first_name="Dana", last_name="Reyes")
    person.refresh_from_db()
    return person


def _steps(html: str) -> dict:
    """Each step's key and its badge ("Done", "Next", "Later") as the page shows them."""
    found = re.findall(r'data-step="(\w+)">\s*<span class="badge[^"]*">(\w+)</span>', html)
    return dict(found)


def _text(pdf: bytes) -> str:
    assert shutil.which("pdftotext"), "pdftotext missing: `make poppler` installs poppler-utils"
    out = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    return " ".join(out.split())


# --- The way in -------------------------------------------------------------------------------


def test_a_new_persons_agreement_page_shows_signing_as_the_next_step_then_training_then_grant(
    division_a, client_for
):
    person = _new_person(division_a)
    html = client_for(person).get("/agreement/").content.decode()
    assert _steps(html) == {
        "password": "Done",
        "authenticator": "Done",
        "agreement": "Next",
        "training": "Later",
        "grant": "Later",
    }
    assert "your Division Administrator verifies your training and then grants access" in html


def test_after_signing_the_person_is_told_what_remains(division_a, client_for):
    person = _new_person(division_a)
    response = client_for(person).post(
        "/agreement/",
        {"typed_name": "Dana Reyes", "accepted": "on", "version": 1},
        follow=True,
    )
    assert response.redirect_chain == [("/", 302)]
    html = response.content.decode()
    assert "You signed version 1 of the agreement." in html
    assert (
        "What remains: complete the required training and give your Division Administrator the certificate, "
        "then your Division Administrator grants access." in html
    )


def test_after_signing_when_only_the_grant_remains_only_the_grant_is_named(
    division_a, admin_a, client_for
):
    person = _new_person(division_a)
    train(admin_a, person)
    response = client_for(person).post(
        "/agreement/", {"typed_name": "dana  reyes", "accepted": "on", "version": 1}, follow=True
    )
    html = response.content.decode()
    assert "What remains: your Division Administrator grants access." in html
    assert "complete the required training" not in html


def test_a_person_with_access_sees_no_steps_on_the_agreement_page(division_a, admin_a, client_for):
    person = provisioned(division_a, admin_a)
    html = client_for(person).get("/agreement/").content.decode()
    assert 'data-testid="onboarding-steps"' not in html
    assert "You signed version 1 on" in html


def test_an_ineligible_classification_adds_the_exception_step(division_a, client_for):
    person = _new_person(division_a, job_classification="Parking enforcement")
    steps = _steps(client_for(person).get("/agreement/").content.decode())
    assert list(steps) == [
        "password",
        "authenticator",
        "agreement",
        "training",
        "exception",
        "grant",
    ]


def _backup_codes_page(person):
    client = verified_client(person)
    session = client.session
    session[SESSION_BACKUP_CODES] = ["1111 2222", "3333 4444"]
    session.save()
    return client.get("/account/backup-codes/").content.decode()


def test_after_enrolment_a_new_person_is_shown_the_steps_and_continues_to_the_agreement(
    division_a,
):
    html = _backup_codes_page(_new_person(division_a))
    assert "What comes next" in html
    assert _steps(html)["agreement"] == "Next"
    assert 'href="/agreement/">I have saved them — continue to the agreement</a>' in html


def test_after_enrolment_a_person_who_signed_already_continues_home(division_a, admin_a):
    person = _new_person(division_a)
    sign(person)
    html = _backup_codes_page(person)
    assert _steps(html)["agreement"] == "Done" and _steps(html)["training"] == "Next"
    assert 'href="/">I have saved them — continue</a>' in html


def test_new_backup_codes_of_a_person_with_access_show_no_steps(division_a, admin_a):
    html = _backup_codes_page(provisioned(division_a, admin_a))
    assert "What comes next" not in html
    assert 'href="/">I have saved them — continue</a>' in html


# --- The printable form -----------------------------------------------------------------------


def test_the_person_prints_their_own_form_110_with_their_details_filled_in(division_a, client_for):
    person = _new_person(division_a)
    html = client_for(person).get("/agreement/").content.decode()
    url = reverse("accounts:agreement_form", args=[person.pk])
    assert f'href="{url}">Print Form 110 for Dana Reyes</a>' in html

    response = client_for(person).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f"form-110-v1-{person.username}" in response["Content-Disposition"]
    text = _text(response.content)
    version = person.agency.agreement_versions.get(version=1)
    for expected in (
        version.title,
        "Form 110 — End User Agreement, version 1",
        "Full name Dana Reyes",
        f"Username {person.username}",
        f"Agency {person.agency.name}",
        f"Division {division_a.name} ({division_a.code})",
        f"Job classification {person.job_classification}",
        "Rank or title Officer",
        "Signature of Dana Reyes",
        "Date signed",
        "For the Division Administrator",
        f"Printed {timezone.localdate():%Y-%m-%d}",
        f"by {person.username}",
    ):
        assert expected in text, expected
    # The exact text, with its digest, so a filed form can be matched to its version.
    assert " ".join(version.text.split()[:8]) in text
    assert hashlib.sha256(version.text.encode()).hexdigest() in text.replace(" ", "")


def test_an_administrator_of_the_division_prints_the_form_from_the_person_page(
    division_a, admin_a, client_for
):
    person = _new_person(division_a)
    html = client_for(admin_a).get(f"/provisioning/users/{person.pk}/").content.decode()
    url = reverse("accounts:agreement_form", args=[person.pk])
    assert f'href="{url}">Print Form 110 for Dana Reyes</a>' in html
    text = _text(client_for(admin_a).get(url).content)
    assert "Full name Dana Reyes" in text and f"by {admin_a.username}" in text


@pytest.mark.parametrize(
    "who", ["colleague", "auditor", "hiring_authority", "other_division_admin", "other_agency"]
)
def test_nobody_else_gets_a_persons_form_110(who, division_a, division_a2, division_b, client_for):
    person = _new_person(division_a)
    viewer = {
        "colleague": lambda: factories.user(division_a),
        "auditor": lambda: factories.user(division_a, role=Role.AUDITOR),
        "hiring_authority": lambda: factories.user(division_a, role=Role.HIRING_AUTHORITY),
        "other_division_admin": lambda: factories.user(
            division_a2, role=Role.DIVISION_ADMIN_PRIMARY, rank_title="Lieutenant"
        ),
        "other_agency": lambda: factories.user(division_b, role=Role.AGENCY_ADMIN),
    }[who]()
    url = reverse("accounts:agreement_form", args=[person.pk])
    assert client_for(viewer).get(url).status_code == 404


def test_a_separated_persons_page_offers_no_form_to_print(division_a, admin_a, client_for):
    from accounts import services

    person = _new_person(division_a)
    services.account_separate(actor=admin_a, subject=person, reason="Left the agency")
    html = client_for(admin_a).get(f"/provisioning/users/{person.pk}/").content.decode()
    assert "Print Form 110" not in html
    url = reverse("accounts:agreement_form", args=[person.pk])
    assert client_for(admin_a).get(url).status_code == 404


# --- Filing a paper-signed form -------------------------------------------------------------


def _file(client, person, signed_on):
    data = {"scan-scan": SimpleUploadedFile("form110.pdf", b"%PDF-1.4\n% signed\n")}
    if signed_on is not None:
        data["scan-signed_on"] = signed_on
    return client.post(
        f"/provisioning/users/{person.pk}/agreement-scan/", data, follow=True
    ).content.decode()


def test_a_filed_form_shows_its_date_signed_on_the_person_page(division_a, admin_a, client_for):
    person = _new_person(division_a)
    today = timezone.localdate().isoformat()
    html = _file(client_for(admin_a), person, today)
    assert f"Signed agreement filed: Dana Reyes signed it on {today}." in html
    assert f"Scanned signed form, signed on {today} (filed" in html
    # Signed: the page no longer offers a form to print or file.
    assert "Dana Reyes has signed the version in force." in html
    assert "Print Form 110" not in html and "File the signed form" not in html
    assert person.agreement_signatures.get().signed_on.isoformat() == today


def test_the_person_page_asks_for_the_date_signed(division_a, admin_a, client_for):
    person = _new_person(division_a)
    html = client_for(admin_a).get(f"/provisioning/users/{person.pk}/").content.decode()
    assert '<label for="id_scan-signed_on">Date signed</label>' in html
    assert 'type="date" name="scan-signed_on"' in html and "required" in html


@pytest.mark.parametrize(
    ("signed_on", "message"),
    [
        (None, "give the date it was signed"),
        ("", "give the date it was signed"),
        ("yesterday", "give the date it was signed"),
        # Days from today; the version in force was published today, with the agency.
        (1, "cannot be in the future"),
        (-1, "before this version was published"),
    ],
)
def test_a_form_without_a_valid_date_signed_is_refused_with_a_message(
    division_a, admin_a, client_for, signed_on, message
):
    person = _new_person(division_a)
    if isinstance(signed_on, int):
        signed_on = (timezone.localdate() + timedelta(days=signed_on)).isoformat()
    html = _file(client_for(admin_a), person, signed_on)
    assert message in html
    assert not person.agreement_signatures.exists()

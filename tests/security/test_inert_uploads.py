"""Uploaded certificates and agreement scans never run as a page or script on our origin.

The attack (issue 9, item 1): an end user's "certificate" named `.html` that starts with `%PDF-`
was stored under that name and served inline as text/html in the administrator's session; a
`.js` starting with the JPEG magic bytes loaded as same-origin script.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import AgreementSignature, Role
from tests import factories
from training.models import Course, TrainingRecord

HTML_POLYGLOT = ("certificate.html", b"%PDF-1.4\n<html><script>fetch('/cameras/')</script></html>")
SCRIPT_POLYGLOT = ("certificate.js", b"\xff\xd8\xff\xe0=1;fetch('/cameras/');//")
POLYGLOTS = pytest.mark.parametrize(
    ("filename", "content", "served_type", "extension"),
    [(*HTML_POLYGLOT, "application/pdf", ".pdf"), (*SCRIPT_POLYGLOT, "image/jpeg", ".jpg")],
    ids=["html-named-pdf", "js-named-jpeg"],
)


def _assert_inert(response, served_type: str, extension: str) -> None:
    assert response.status_code == 200
    assert response["Content-Type"] == served_type
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename=")
    assert disposition.endswith(f'{extension}"')
    assert ".html" not in disposition and ".js" not in disposition
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"


@POLYGLOTS
@pytest.mark.django_db
def test_an_end_users_polyglot_certificate_reaches_the_administrator_as_an_inert_attachment(
    division_a, admin_a, client_for, filename, content, served_type, extension
):
    end_user = factories.user(division_a, role=Role.END_USER)
    course = Course.objects.filter(agency=division_a.agency).first()
    response = client_for(end_user).post(
        "/training/",
        {
            "course": course.pk,
            "completed_on": timezone.localdate().isoformat(),
            "certificate": SimpleUploadedFile(filename, content, "text/html"),
        },
    )
    assert response.status_code == 302
    record = TrainingRecord.objects.get(user=end_user)
    assert record.certificate.name.startswith("certificates/")
    assert record.certificate.name.endswith(extension)
    assert filename not in record.certificate.name

    response = client_for(admin_a).get(f"/training/records/{record.pk}/certificate/")
    _assert_inert(response, served_type, extension)
    assert b"".join(response.streaming_content) == content


@POLYGLOTS
@pytest.mark.django_db
def test_a_polyglot_agreement_scan_is_stored_under_a_server_name_and_served_inert(
    division_a, admin_a, client_for, filename, content, served_type, extension
):
    person = factories.user(division_a, role=Role.END_USER)
    client = client_for(admin_a)
    client.post(
        f"/provisioning/users/{person.pk}/agreement-scan/",
        {
            "scan-scan": SimpleUploadedFile(filename, content, "text/html"),
            "scan-signed_on": timezone.localdate().isoformat(),
        },
    )
    signature = AgreementSignature.objects.get(user=person, method=AgreementSignature.Method.SCAN)
    assert signature.scan.name.startswith("agreements/")
    assert signature.scan.name.endswith(extension)
    assert filename not in signature.scan.name

    _assert_inert(client.get(f"/agreement/scans/{signature.pk}/"), served_type, extension)


@pytest.mark.django_db
def test_a_file_stored_under_its_uploaders_name_before_the_fix_is_still_served_inert(
    division_a, admin_a, client_for
):
    """GIVEN a certificate stored as `evil.html` by the old code, THEN it downloads as a PDF."""
    end_user = factories.user(division_a, role=Role.END_USER)
    course = Course.objects.filter(agency=division_a.agency).first()
    record = TrainingRecord.objects.create(
        agency=division_a.agency,
        user=end_user,
        course=course,
        completed_on=timezone.localdate(),
        expires_on=timezone.localdate(),
        submitted_by=end_user,
    )
    record.certificate.save("evil.html", SimpleUploadedFile("evil.html", HTML_POLYGLOT[1]))
    response = client_for(admin_a).get(f"/training/records/{record.pk}/certificate/")
    _assert_inert(response, "application/pdf", ".pdf")
    assert 'filename="evil.pdf"' in response["Content-Disposition"]


@pytest.mark.django_db
def test_a_file_that_is_no_pdf_png_or_jpeg_is_refused_whatever_its_name(division_a, client_for):
    end_user = factories.user(division_a, role=Role.END_USER)
    course = Course.objects.filter(agency=division_a.agency).first()
    response = client_for(end_user).post(
        "/training/",
        {
            "course": course.pk,
            "completed_on": timezone.localdate().isoformat(),
            "certificate": SimpleUploadedFile(
                "certificate.pdf", b"<html>hi</html>", "application/pdf"
            ),
        },
    )
    assert "Upload a PDF, PNG or JPEG file." in response.content.decode()
    assert not TrainingRecord.objects.filter(user=end_user).exists()

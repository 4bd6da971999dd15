"""The printable End User Agreement (CDCR Form 110) for the paper path: the agreement in force
with the person's name, agency, division and classification filled in, lines to sign and date,
and a box for the Division Administrator who files it (53060.5(c)(1)(B)). Rendered with
WeasyPrint as the audit packet is; nothing is stored."""

import hashlib

from django.template.loader import render_to_string
from django.utils import timezone

from accounts.models import AgreementVersion, User

# The statement the person accepts online (accounts.forms.AgreementSignForm), the same on paper.
ACCEPTANCE = (
    "I have read this agreement and agree to follow it, and all laws and policies on ALPR use."
)


def agreement_form_context(*, person: User, version: AgreementVersion, printed_by: User) -> dict:
    return {
        "person": person,
        "version": version,
        "acceptance": ACCEPTANCE,
        "text_sha256": hashlib.sha256(version.text.encode()).hexdigest(),
        "printed_by": printed_by,
        "printed_at": timezone.now(),
    }


def agreement_form_pdf(*, person: User, version: AgreementVersion, printed_by: User) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "accounts/form_110.html",
        agreement_form_context(person=person, version=version, printed_by=printed_by),
    )
    return HTML(string=html, base_url=".").write_pdf()

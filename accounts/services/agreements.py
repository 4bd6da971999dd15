"""The End User Agreement: publishing a version, signing it in the application, filing a scanned
signed form (CDCR Form 110; 53060.5(c)(1)(B), 53060.7(b)(2))."""

import hashlib
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import Agency, AgreementSignature, AgreementVersion, User
from accounts.notifications import notify
from accounts.rules import agreement_text_same, paper_signature_date_problem
from accounts.selectors import agreement_open_accounts
from accounts.services import acts
from accounts.services.governance import governance_record
from accounts.services.refusals import require_agency_admin, require_may_act
from alpr_governance.uploads import inert_upload


def agreement_version_publish(
    *,
    actor: User | None,
    agency: Agency,
    title: str,
    text: str,
    client_address: str | None = None,
) -> AgreementVersion:
    """Publish a new agreement version; everyone must sign it again, and everyone with an open
    account is e-mailed once it commits (53060.5(c)(1)(B)). The text in force again, whitespace
    aside, is refused: it would make everyone sign for nothing. `actor` None is the agency's
    creation from its preset (platform set-up), never a web request."""
    if actor is not None:
        require_agency_admin(
            actor, agency, act=acts.AGREEMENT_PUBLISHED, client_address=client_address
        )
    if not title.strip() or not text.strip():
        raise ValidationError("The agreement needs a title and its text.")
    with transaction.atomic():
        latest = (
            AgreementVersion.objects.select_for_update()
            .filter(agency=agency)
            .order_by("-version")
            .first()
        )
        if latest is not None:
            refuse_unchanged_agreement(latest, title=title, text=text)
        version = AgreementVersion.objects.create(
            agency=agency,
            version=(latest.version + 1) if latest else 1,
            title=title.strip(),
            text=text.strip(),
            published_by=actor,
        )
        governance_record(
            actor=actor,
            agency=agency,
            action=acts.AGREEMENT_PUBLISHED,
            subject=version,
            before={"version": latest.version, "title": latest.title} if latest else {},
            after={
                "version": version.version,
                "title": version.title,
                "text_sha256": hashlib.sha256(version.text.encode()).hexdigest(),
            },
            client_address=client_address,
        )
        for person in agreement_open_accounts(agency_id=agency.pk):
            _mail_sign_again(person, version)
    return version


def refuse_unchanged_agreement(current: AgreementVersion, *, title: str, text: str) -> None:
    """Refuse, on the text field, a title and text that only repeat the version in force."""
    if agreement_text_same(
        title=title, text=text, other_title=current.title, other_text=current.text
    ):
        raise ValidationError(
            {
                "text": f"This title and text are those of version {current.version}, already in "
                "force (whitespace aside). Change the title or the text to publish a new version."
            }
        )


def _mail_sign_again(person: User, version: AgreementVersion) -> None:
    # One message per person, so no one sees the others' addresses; queued after commit.
    url = settings.SITE_URL.rstrip("/") + reverse("accounts:agreement")
    notify(
        user=person,
        subject=f"Sign version {version.version} of the End User Agreement",
        body=(
            f"Hello {person.display_name},\n\n"
            f'Version {version.version} of the End User Agreement ("{version.title}") is now in '
            "force. You cannot reach ALPR data until you have read and signed it:\n\n"
            f"{url}\n"
        ),
        copy_admins=False,
    )


def _retain_until(agency: Agency, signed_at: datetime) -> date:
    return (signed_at + timedelta(days=agency.agreement_retention_days)).date()


def _current_version(agency: Agency) -> AgreementVersion | None:
    return AgreementVersion.objects.filter(agency=agency).order_by("-version").first()


@transaction.atomic
def agreement_sign(
    *,
    actor: User,
    version: AgreementVersion,
    typed_name: str,
    accepted: bool,
    ip_address: str | None,
) -> AgreementSignature:
    """The person signs the agreement in force: typed full name and explicit acceptance; the time,
    address and a digest of the exact text are kept (53060.7(b)(2))."""
    current = _current_version(actor.agency)
    if version.agency_id != actor.agency_id or current is None or version.pk != current.pk:
        raise ValidationError(
            {"version": "This is not the version in force; reload and sign the current one."}
        )
    if not accepted:
        raise ValidationError({"accepted": "Tick the box to accept the agreement."})
    expected = " ".join(actor.get_full_name().split()).lower()
    if not typed_name.strip() or " ".join(typed_name.split()).lower() != expected:
        raise ValidationError(
            {"typed_name": f"Type your full name as on your account: {actor.get_full_name()}."}
        )
    return _signature_record(
        actor=actor,
        user=actor,
        version=version,
        action=acts.AGREEMENT_SIGNED,
        client_address=ip_address,
        method=AgreementSignature.Method.TYPED,
        typed_name=typed_name.strip(),
        ip_address=ip_address,
    )


def agreement_scan_upload(
    *,
    actor: User,
    subject: User,
    version: AgreementVersion,
    scan,
    signed_on: date,
    client_address: str | None = None,
) -> AgreementSignature:
    """An administrator files a scanned, signed Form 110 for another person, with the date written
    on it by its signer (53060.5(c)(1)(B))."""
    require_may_act(actor, subject, act=acts.AGREEMENT_SCAN_UPLOADED, client_address=client_address)
    current = _current_version(subject.agency)
    if current is None or version.pk != current.pk:
        raise ValidationError({"version": "A scan must be of the version in force."})
    problem = paper_signature_date_problem(
        signed_on,
        today=timezone.localdate(),
        published_on=timezone.localdate(version.published_at),
    )
    if problem:
        raise ValidationError({"signed_on": problem})
    scan = inert_upload(scan, field="scan")
    with transaction.atomic():
        user = User.objects.select_for_update(of=("self",)).get(pk=subject.pk)
        return _signature_record(
            actor=actor,
            user=user,
            version=version,
            action=acts.AGREEMENT_SCAN_UPLOADED,
            client_address=client_address,
            method=AgreementSignature.Method.SCAN,
            scan=scan,
            signed_on=signed_on,
        )


def _signature_record(
    *,
    actor: User,
    user: User,
    version: AgreementVersion,
    action: str,
    client_address: str | None,
    **how,
) -> AgreementSignature:
    """Store a signature with the digest of the exact text and its retention date; record it."""
    now = timezone.now()
    previous = user.agreement_signatures.order_by("-signed_at").first()
    signature = AgreementSignature.objects.create(
        agency=user.agency,
        user=user,
        version=version,
        text_sha256=hashlib.sha256(version.text.encode()).hexdigest(),
        signed_at=now,
        recorded_by=actor,
        retain_until=_retain_until(user.agency, now),
        **how,
    )
    governance_record(
        actor=actor,
        agency=user.agency,
        action=action,
        subject=user,
        before={"signed_version": previous.version.version} if previous else {},
        after={
            "signed_version": version.version,
            "method": signature.method,
            "signature": signature.pk,
            **({"signed_on": signature.signed_on.isoformat()} if signature.signed_on else {}),
        },
        client_address=client_address,
    )
    return signature

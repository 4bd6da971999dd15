"""The date written on a paper-signed Form 110 (issue 11): the rule alone, then the service that
files a scan with it (53060.5(c)(1)(B))."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts import services
from accounts.models import AccountStatus, AgreementSignature, GovernanceRecord
from accounts.rules import paper_signature_date_problem
from accounts.services import acts
from tests import factories
from tests.accounts.provisioning_helpers import pdf

PUBLISHED = date(2026, 3, 2)
TODAY = date(2026, 11, 29)


@pytest.mark.parametrize(
    ("signed_on", "fine"),
    [
        (TODAY, True),
        (PUBLISHED, True),
        (date(2026, 7, 14), True),
        (TODAY + timedelta(days=1), False),
        (PUBLISHED - timedelta(days=1), False),
        (date(2019, 1, 1), False),
    ],
)
def test_a_paper_signature_date_lies_between_publication_and_today(signed_on, fine):
    problem = paper_signature_date_problem(signed_on, today=TODAY, published_on=PUBLISHED)
    assert (problem is None) is fine


def test_the_refusal_says_which_bound_was_crossed():
    future = paper_signature_date_problem(
        TODAY + timedelta(days=3), today=TODAY, published_on=PUBLISHED
    )
    early = paper_signature_date_problem(
        PUBLISHED - timedelta(days=3), today=TODAY, published_on=PUBLISHED
    )
    assert "future" in future
    assert "2026-03-02" in early


@pytest.mark.django_db
def test_a_filed_scan_keeps_its_date_signed_and_the_record_carries_it(division_a, admin_a):
    person = factories.user(division_a, status=AccountStatus.PENDING)
    version = person.agency.agreement_versions.order_by("-version").first()
    today = timezone.localdate()
    signature = services.agreement_scan_upload(
        actor=admin_a, subject=person, version=version, scan=pdf(), signed_on=today
    )
    signature.refresh_from_db()
    assert signature.method == AgreementSignature.Method.SCAN
    assert signature.signed_on == today
    record = GovernanceRecord.objects.get(subject_user=person, action=acts.AGREEMENT_SCAN_UPLOADED)
    assert record.after["signed_on"] == today.isoformat()
    assert record.actor == admin_a


@pytest.mark.django_db
@pytest.mark.parametrize("days", [1, -1])
def test_a_scan_dated_in_the_future_or_before_publication_is_refused_and_nothing_is_filed(
    division_a, admin_a, days
):
    """The version was published today (the agency was just made): yesterday is before it."""
    person = factories.user(division_a, status=AccountStatus.PENDING)
    version = person.agency.agreement_versions.order_by("-version").first()
    with pytest.raises(ValidationError) as refused:
        services.agreement_scan_upload(
            actor=admin_a,
            subject=person,
            version=version,
            scan=pdf(),
            signed_on=timezone.localdate() + timedelta(days=days),
        )
    assert "signed_on" in refused.value.message_dict
    assert not person.agreement_signatures.exists()
    assert not GovernanceRecord.objects.filter(
        subject_user=person, action=acts.AGREEMENT_SCAN_UPLOADED
    ).exists()


@pytest.mark.django_db
def test_a_signature_typed_online_has_no_paper_date(division_a):
    from tests.accounts.provisioning_helpers import sign

    person = factories.user(division_a, status=AccountStatus.PENDING)
    signature = sign(person)
    assert signature.signed_on is None
    record = GovernanceRecord.objects.get(subject_user=person, action=acts.AGREEMENT_SIGNED)
    assert "signed_on" not in record.after

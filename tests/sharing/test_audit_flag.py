"""Sharing attempted for a prohibited purpose raises an audit flag (issue 14 item 5; 53060.4(c)-(d),
GO 5.42 G.3, Penal Code 13778.2): the refusal is on the ledger and the division's next audit
cycle lists who tried."""

from datetime import timedelta

import pytest
from django.utils import timezone

from audits import rules as audit_rules
from audits.models import AuditItem
from sharing import services
from tests.audits.helpers import compiled, open_cycle


@pytest.fixture
def run_after_commit(django_capture_on_commit_callbacks):
    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


def _attempt(actor, partner, purpose):
    with pytest.raises(services.SharingRefused):
        services.agreement_approve(
            actor=actor,
            partner=partner,
            purpose=purpose,
            starts_on=timezone.localdate(),
            ends_on=timezone.localdate() + timedelta(days=5),
        )


@pytest.mark.django_db
def test_a_prohibited_sharing_attempt_is_flagged_in_the_divisions_audit(
    county_admin, city_as_partner, run_after_commit
):
    """GIVEN a county administrator who tried to grant reads for immigration enforcement
    WHEN their division's cycle is compiled
    THEN the cycle holds one sharing_prohibited_purpose flag naming them and the ledger entry;
    a permitted purpose tried by the same person raises none."""
    _attempt(county_admin, city_as_partner, "Assisting ICE with immigration enforcement removals")
    cycle = compiled(county_admin, open_cycle(county_admin), run_after_commit)
    flags = AuditItem.objects.filter(cycle=cycle, code=audit_rules.SHARING_PROHIBITED_PURPOSE)
    assert flags.count() == 1
    flag = flags.get()
    assert flag.subject_user_id == county_admin.pk
    assert flag.evidence["codes"] == ["prohibited_purpose_immigration"]


def test_the_flag_groups_attempts_per_person():
    now = timezone.now()
    attempts = [
        audit_rules.SharingAttempt(
            1, now, 7, "dana", "agreement", ("prohibited_purpose_immigration",)
        ),
        audit_rules.SharingAttempt(
            2, now, 7, "dana", "disclosure", ("prohibited_purpose_reproductive_health",)
        ),
        audit_rules.SharingAttempt(
            3, now, 9, "lee", "disclosure", ("prohibited_purpose_immigration",)
        ),
    ]
    flags = audit_rules.flag_sharing_prohibited_purposes(attempts)
    assert [(f.user_id, f.evidence["ledger_entries"]) for f in flags] == [(7, [1, 2]), (9, [3])]
    assert audit_rules.flag_sharing_prohibited_purposes([]) == []

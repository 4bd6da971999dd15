"""Compilation, review and signing: the flags raised on the division's records, the roster at a
fixed query count, dispositions driving the Hiring Authority's notices and report, a signed cycle
that cannot change."""

from datetime import timedelta
from smtplib import SMTPException

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import GovernanceRecord, Role
from audits import rules, selectors, services
from audits.models import AuditCycle, AuditItem, HiringAuthorityNotice
from tests import factories
from tests.accounts.provisioning_helpers import provisioned
from tests.audits.helpers import access, compiled, open_cycle

Disposition = AuditItem.Disposition


@pytest.fixture
def officer(division_a, admin_a):
    return provisioned(division_a, admin_a)


@pytest.fixture
def cycle_with_records(admin_a, officer, division_a, run_after_commit):
    """GIVEN a provisioned officer's searches in the period, one of them with a purpose that
    today's rules refuse, and a refused one."""
    now = timezone.now()
    for minute in range(4):
        access(officer, at=now + timedelta(seconds=minute))
    access(officer, at=now, justification="ICE asked us where this car parks at night")
    access(officer, at=now, outcome="refused", refusal_codes=["case_number_format"])
    return compiled(admin_a, open_cycle(admin_a), run_after_commit)


def _flags(cycle, code):
    return list(cycle.items.filter(kind=AuditItem.Kind.FLAG, code=code))


@pytest.mark.django_db
def test_compilation_flags_a_purpose_todays_rules_refuse(cycle_with_records, officer):
    cycle = cycle_with_records
    assert cycle.state == AuditCycle.State.IN_REVIEW
    assert cycle.progress == 100
    [flag] = _flags(cycle, rules.JUSTIFICATION_FAILS_RULES)
    assert flag.subject_username == officer.username
    assert "prohibited_purpose_immigration" in flag.evidence["violations"]


@pytest.mark.django_db
def test_compilation_raises_no_lapse_for_a_properly_provisioned_officer(cycle_with_records):
    assert _flags(cycle_with_records, rules.SEARCH_WHILE_LAPSED) == []


@pytest.mark.django_db
def test_a_search_by_someone_never_trained_is_reported_as_a_system_fault(
    admin_a, division_a, run_after_commit
):
    untrained = factories.user(division_a)
    access(untrained, at=timezone.now())
    cycle = compiled(admin_a, open_cycle(admin_a), run_after_commit)
    [flag] = _flags(cycle, rules.SEARCH_WHILE_LAPSED)
    assert flag.system_fault
    assert flag.subject_username == untrained.username


@pytest.mark.django_db
def test_an_idle_active_account_is_flagged(admin_a, division_a, run_after_commit):
    idle = provisioned(division_a, admin_a, granted_days_ago=400, trained_days_ago=1)
    cycle = compiled(admin_a, open_cycle(admin_a), run_after_commit)
    [flag] = _flags(cycle, rules.IDLE_NOT_SUSPENDED)
    assert flag.subject_user_id == idle.pk


@pytest.mark.django_db
def test_records_of_another_division_or_agency_are_not_compiled(
    admin_a, division_a2, user_b, run_after_commit
):
    access(factories.user(division_a2), at=timezone.now(), justification="ICE asked")
    access(user_b, at=timezone.now(), justification="ICE asked")
    cycle = compiled(admin_a, open_cycle(admin_a), run_after_commit)
    assert cycle.compiled["figures"]["access_records"] == 0
    assert not cycle.items.exists()


@pytest.mark.django_db
def test_the_sample_is_reproducible_from_the_cycles_seed(cycle_with_records):
    cycle = cycle_with_records
    ran = selectors.cycle_access_records(cycle).filter(outcome="run").values_list("pk", flat=True)
    sampled = [i.search_ids[0] for i in cycle.items.filter(kind=AuditItem.Kind.SAMPLE)]
    assert sampled == rules.draw_sample(ran, seed=cycle.seed, size=cycle.sample_size)
    assert len(sampled) == 5  # every search that ran, since fewer than the sample size


@pytest.mark.django_db
def test_the_roster_shows_each_persons_standing(cycle_with_records, officer):
    [row] = [r for r in cycle_with_records.compiled["roster"] if r["user_id"] == officer.pk]
    assert row["eligible"] and row["second_factor"] and row["standing_ok"]
    assert row["agreement_version"] == 1
    assert row["searches"] == 6  # the refused attempt counts too
    assert row["training_expires"]


def _roster_queries(cycle) -> int:
    with CaptureQueriesContext(connection) as queries:
        selectors.roster(cycle, search_counts={}, today=timezone.localdate())
    return len(queries)


@pytest.mark.django_db
def test_the_roster_costs_the_same_queries_for_5_and_50_people(admin_a, division_a):
    cycle = open_cycle(admin_a)
    for _ in range(4):
        provisioned(division_a, admin_a)
    few = _roster_queries(cycle)
    for _ in range(45):
        provisioned(division_a, admin_a)
    assert len(selectors.roster(cycle, search_counts={}, today=timezone.localdate())) >= 50
    assert _roster_queries(cycle) == few


@pytest.mark.django_db
def test_the_roster_standing_matches_the_gates_own_reading(admin_a, division_a, cycle_with_records):
    from accounts.services import access_standing

    unsigned = factories.user(division_a)
    roster = selectors.roster(cycle_with_records, search_counts={}, today=timezone.localdate())
    for person in [admin_a, unsigned]:
        [row] = [r for r in roster if r["user_id"] == person.pk]
        assert row["standing_codes"] == access_standing(person).codes


@pytest.mark.django_db
def test_suspected_misuse_reaches_the_hiring_authority_at_once(
    cycle_with_records, admin_a, hiring_authority_a, run_after_commit
):
    [flag] = _flags(cycle_with_records, rules.JUSTIFICATION_FAILS_RULES)
    with run_after_commit():
        services.item_dispose(
            actor=admin_a,
            item=flag,
            disposition=Disposition.SUSPECTED_MISUSE,
            note="Immigration enforcement request",
        )
    notice = HiringAuthorityNotice.objects.get(cycle=cycle_with_records)
    assert notice.kind == HiringAuthorityNotice.Kind.SUSPECTED_MISUSE
    assert notice.emailed_at is not None
    [message] = mail.outbox
    assert hiring_authority_a.email in message.to
    assert "Immigration enforcement request" in message.body
    assert selectors.notice_list_for(user=hiring_authority_a).get() == notice


@pytest.mark.django_db
def test_an_adequate_disposition_notifies_nobody(cycle_with_records, admin_a, run_after_commit):
    [flag] = _flags(cycle_with_records, rules.JUSTIFICATION_FAILS_RULES)
    with run_after_commit():
        services.item_dispose(actor=admin_a, item=flag, disposition=Disposition.ADEQUATE)
    assert not HiringAuthorityNotice.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_mail_outage_does_not_undo_the_disposition(
    cycle_with_records, admin_a, hiring_authority_a, run_after_commit, monkeypatch
):
    def outage(*args, **kwargs):
        raise SMTPException("mail relay down")

    monkeypatch.setattr(services, "send_mail", outage)
    [flag] = _flags(cycle_with_records, rules.JUSTIFICATION_FAILS_RULES)
    with run_after_commit():
        services.item_dispose(
            actor=admin_a, item=flag, disposition=Disposition.SUSPECTED_MISUSE, note="misuse"
        )
    flag.refresh_from_db()
    assert flag.disposition == Disposition.SUSPECTED_MISUSE
    notice = HiringAuthorityNotice.objects.get()
    assert notice.emailed_at is None
    assert "mail relay down" in notice.email_error


@pytest.mark.django_db
def test_a_disposition_other_than_adequate_needs_a_note(cycle_with_records, admin_a):
    [flag] = _flags(cycle_with_records, rules.JUSTIFICATION_FAILS_RULES)
    with pytest.raises(ValidationError):
        services.item_dispose(
            actor=admin_a, item=flag, disposition=Disposition.INADEQUATE_JUSTIFICATION
        )
    flag.refresh_from_db()
    assert flag.disposition == ""


@pytest.mark.django_db
def test_an_auditor_not_assigned_cannot_dispose(cycle_with_records, auditor_a, agency_a):
    item = cycle_with_records.items.first()
    with pytest.raises(ValidationError):
        services.item_dispose(actor=auditor_a, item=item, disposition=Disposition.ADEQUATE)
    item.refresh_from_db()
    assert item.disposition == ""
    assert GovernanceRecord.objects.filter(
        agency=agency_a, action="audit_refused", after__attempted="dispose"
    ).exists()


def _dispose_all(cycle, actor, disposition=Disposition.ADEQUATE, note=""):
    for item in cycle.items.all():
        services.item_dispose(actor=actor, item=item, disposition=disposition, note=note)


@pytest.mark.django_db
def test_signing_with_undisposed_items_is_refused_changes_nothing_and_is_recorded(
    cycle_with_records, admin_a, agency_a
):
    first = cycle_with_records.items.first()
    services.item_dispose(actor=admin_a, item=first, disposition=Disposition.ADEQUATE)
    with pytest.raises(ValidationError) as refusal:
        services.cycle_sign(actor=admin_a, cycle=cycle_with_records)
    assert refusal.value.error_list[0].code == services.UNDISPOSED_ITEMS
    cycle_with_records.refresh_from_db()
    assert cycle_with_records.state == AuditCycle.State.IN_REVIEW
    assert cycle_with_records.signed_at is None
    assert not cycle_with_records.packets.exists()
    assert GovernanceRecord.objects.filter(
        agency=agency_a, action="audit_refused", after__code=services.UNDISPOSED_ITEMS
    ).exists()


@pytest.mark.django_db
def test_only_the_role_the_policy_names_signs(cycle_with_records, admin_a, auditor_a):
    services.cycle_auditor_assign(actor=admin_a, cycle=cycle_with_records, auditor=auditor_a)
    _dispose_all(cycle_with_records, auditor_a)
    with pytest.raises(ValidationError) as refusal:
        services.cycle_sign(actor=auditor_a, cycle=cycle_with_records)
    assert refusal.value.error_list[0].code == services.NOT_SIGNER
    cycle_with_records.refresh_from_db()
    assert cycle_with_records.state == AuditCycle.State.IN_REVIEW


@pytest.mark.django_db
def test_a_doj_cycle_is_signed_by_the_alpr_administrator_not_a_division_admin(
    agency_c, run_after_commit
):
    division = agency_c.divisions.order_by("code").first()
    division_admin = factories.user(
        division, role=Role.DIVISION_ADMIN_PRIMARY, rank_title="Lieutenant"
    )
    alpr_administrator = factories.user(division, role=Role.AGENCY_ADMIN)
    cycle = compiled(division_admin, open_cycle(division_admin), run_after_commit)
    with pytest.raises(ValidationError):
        services.cycle_sign(actor=division_admin, cycle=cycle)
    with run_after_commit():
        services.cycle_sign(actor=alpr_administrator, cycle=cycle)
    cycle.refresh_from_db()
    assert cycle.signed_by == alpr_administrator
    assert "ALPR Administrator" in cycle.signed_role


@pytest.mark.django_db
def test_signing_renders_the_final_packet_and_reports_inadequate_justifications(
    cycle_with_records, admin_a, hiring_authority_a, run_after_commit
):
    [flag] = _flags(cycle_with_records, rules.JUSTIFICATION_FAILS_RULES)
    services.item_dispose(
        actor=admin_a,
        item=flag,
        disposition=Disposition.INADEQUATE_JUSTIFICATION,
        note="No criminal nexus given",
    )
    for item in cycle_with_records.items.filter(disposition=""):
        services.item_dispose(actor=admin_a, item=item, disposition=Disposition.ADEQUATE)
    with run_after_commit():
        services.cycle_sign(actor=admin_a, cycle=cycle_with_records)
    cycle = AuditCycle.objects.get(pk=cycle_with_records.pk)
    assert cycle.state == AuditCycle.State.REPORTED
    packet = cycle.packets.get(final=True)
    assert packet.state == packet.State.READY and len(packet.sha256) == 64
    report = HiringAuthorityNotice.objects.get(kind=HiringAuthorityNotice.Kind.REPORT)
    assert "Inadequate justifications (53060.5(c)(2)(B)): 1" in report.body
    assert "No criminal nexus given" in report.body
    assert packet.sha256 in report.body
    assert [m.to for m in mail.outbox] == [report.recipients]
    assert hiring_authority_a.email in report.recipients


@pytest.mark.django_db
def test_a_signed_cycle_cannot_change(
    cycle_with_records, admin_a, auditor_a, run_after_commit, agency_a
):
    _dispose_all(cycle_with_records, admin_a)
    with run_after_commit():
        services.cycle_sign(actor=admin_a, cycle=cycle_with_records)
    item = cycle_with_records.items.first()
    attempts = [
        lambda: services.item_dispose(
            actor=admin_a, item=item, disposition=Disposition.SUSPECTED_MISUSE, note="late"
        ),
        lambda: services.packet_render_request(actor=admin_a, cycle=cycle_with_records),
        lambda: services.cycle_sign(actor=admin_a, cycle=cycle_with_records),
        lambda: services.cycle_auditor_assign(
            actor=admin_a, cycle=cycle_with_records, auditor=auditor_a
        ),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError):
            attempt()
    item.refresh_from_db()
    assert item.disposition == Disposition.ADEQUATE
    assert cycle_with_records.packets.count() == 1
    assert GovernanceRecord.objects.filter(
        agency=agency_a, action="audit_refused", after__code=services.PACKET_FINAL
    ).exists()


@pytest.mark.django_db
def test_an_administrator_out_of_standing_cannot_sign(cycle_with_records, admin_a, division_a):
    _dispose_all(cycle_with_records, admin_a)
    lapsed_admin = factories.user(
        division_a, role=Role.DIVISION_ADMIN_SECONDARY, rank_title="Lieutenant", standing=False
    )
    with pytest.raises(ValidationError) as refusal:
        services.cycle_sign(actor=lapsed_admin, cycle=cycle_with_records)
    assert refusal.value.error_list[0].code == services.NOT_SIGNER
    cycle_with_records.refresh_from_db()
    assert cycle_with_records.state == AuditCycle.State.IN_REVIEW


@pytest.mark.django_db
def test_the_periods_misread_reports_are_compiled_with_their_handling(
    agency_a, division_a, run_after_commit
):
    """GIVEN an officer who reported a misread read shown in their search, WHEN the cycle is
    compiled, THEN the report is in the compilation with the agency of record and its status."""
    from queries.services.misreads import misread_report_create
    from tests.queries import search_helpers

    admin = search_helpers.standing_division_admin(division_a)
    camera = search_helpers.camera(agency_a, factories.user(division_a, role=Role.AGENCY_ADMIN))
    officer = search_helpers.provisioned_searcher(division_a, admin)
    reads = search_helpers.store_reads(camera, ["7ABC123"])
    search = search_helpers.search(officer, plate="7ABC123")
    misread_report_create(
        actor=officer, search_request=search, read=reads[0], description="Photo shows 7ABC128"
    )
    cycle = compiled(admin, open_cycle(admin), run_after_commit)
    [report] = cycle.compiled["misreads"]
    assert report["reported_by"] == officer.username
    assert report["plate_read"] == "7ABC123"
    assert report["read_agency"] == agency_a.name
    assert report["status"] == "Open"

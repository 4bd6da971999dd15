"""Audit cycles: opening (by cadence, by an administrator, at the Hiring Authority's direction),
refusals that change nothing and are recorded, who sees which cycle, the scheduled jobs."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import Agency, GovernanceRecord, JobRun, Role
from audits import jobs, selectors, services, tasks
from audits.models import AuditCycle
from tests import factories
from tests.audits.helpers import open_cycle, period_days


def _refusals(agency, attempted):
    return GovernanceRecord.objects.filter(
        agency=agency, action="audit_refused", after__attempted=attempted
    )


@pytest.mark.django_db
def test_an_administrator_opens_an_extra_cycle_and_it_is_recorded(admin_a, agency_a):
    cycle = open_cycle(admin_a)
    assert cycle.state == AuditCycle.State.SCHEDULED
    assert cycle.origin == AuditCycle.Origin.ADMINISTRATOR
    assert cycle.retain_until == cycle.period_end + timedelta(
        days=agency_a.audit_record_retention_days
    )
    record = GovernanceRecord.objects.get(agency=agency_a, action="audit_cycle_opened")
    assert record.actor == admin_a
    assert record.after["seed"] == cycle.seed


@pytest.mark.django_db
def test_the_hiring_authority_directs_an_extra_cycle_of_their_division(hiring_authority_a):
    cycle = open_cycle(hiring_authority_a)
    assert cycle.origin == AuditCycle.Origin.HIRING_AUTHORITY
    assert cycle.directive == "Hiring Authority's directive"


@pytest.mark.django_db
def test_a_period_overlapping_a_cycle_of_the_division_is_refused_and_recorded(admin_a, agency_a):
    first = open_cycle(admin_a)
    with pytest.raises(ValidationError) as refusal:
        open_cycle(admin_a, start=first.period_end, end=first.period_end)
    assert refusal.value.error_dict["period_start"][0].code == services.PERIOD_OVERLAP
    assert AuditCycle.objects.filter(division=first.division).count() == 1
    assert _refusals(agency_a, "open").count() == 1


@pytest.mark.django_db
def test_the_same_period_in_another_division_is_not_an_overlap(admin_a, admin_a2):
    open_cycle(admin_a)
    assert open_cycle(admin_a2).division == admin_a2.division


@pytest.mark.django_db
def test_an_administrator_of_another_division_cannot_open_a_cycle_for_ours(
    admin_a2, division_a, agency_a
):
    with pytest.raises(ValidationError):
        open_cycle(admin_a2, division=division_a)
    assert not AuditCycle.objects.exists()
    assert _refusals(agency_a, "open").count() == 1


@pytest.mark.django_db
def test_a_period_ending_in_the_future_is_refused(admin_a):
    today = timezone.localdate()
    with pytest.raises(ValidationError):
        open_cycle(admin_a, start=today, end=today + timedelta(days=5))


@pytest.mark.django_db
def test_an_auditor_sees_only_the_cycles_assigned_to_them(admin_a, auditor_a, division_a):
    assigned = open_cycle(admin_a)
    other = open_cycle(
        admin_a,
        start=assigned.period_start - timedelta(days=60),
        end=assigned.period_start - timedelta(days=31),
    )
    assert list(selectors.cycle_list_for(user=auditor_a)) == []
    services.cycle_auditor_assign(actor=admin_a, cycle=assigned, auditor=auditor_a)
    assert list(selectors.cycle_list_for(user=auditor_a)) == [assigned]
    assert set(selectors.cycle_list_for(user=admin_a)) == {assigned, other}


@pytest.mark.django_db
def test_reassigning_takes_the_cycle_away_from_the_former_auditor(admin_a, auditor_a, division_a):
    cycle = open_cycle(admin_a)
    services.cycle_auditor_assign(actor=admin_a, cycle=cycle, auditor=auditor_a)
    successor = factories.user(division_a, role=Role.AUDITOR)
    services.cycle_auditor_assign(actor=admin_a, cycle=cycle, auditor=successor)
    assert list(selectors.cycle_list_for(user=auditor_a)) == []
    assert list(selectors.cycle_list_for(user=successor)) == [cycle]


@pytest.mark.django_db
def test_other_agencies_and_divisions_see_none_of_our_cycles(admin_a, admin_a2, admin_b, user_a):
    open_cycle(admin_a)
    assert not selectors.cycle_list_for(user=admin_b).exists()
    assert not selectors.cycle_list_for(user=admin_a2).exists()
    assert not selectors.cycle_list_for(user=user_a).exists()


def _started_days_ago(agency, days):
    # The cadence counts from the agency's start; move it back to have periods behind us.
    Agency.objects.filter(pk=agency.pk).update(created_at=timezone.now() - timedelta(days=days))
    agency.refresh_from_db()


@pytest.mark.django_db
def test_the_job_opens_one_cycle_per_division_on_the_cadence_once(agency_a):
    _started_days_ago(agency_a, agency_a.audit_cadence_days + 3)
    run = jobs.open_due_job(agency=agency_a)
    divisions = agency_a.divisions.count()
    assert run.status == JobRun.Status.SUCCEEDED
    assert run.counts == {"opened": divisions}
    cycles = AuditCycle.objects.filter(agency=agency_a)
    assert cycles.count() == divisions
    assert {c.origin for c in cycles} == {AuditCycle.Origin.CADENCE}
    assert {(c.period_end - c.period_start).days + 1 for c in cycles} == {
        agency_a.audit_cadence_days
    }
    again = jobs.open_due_job(agency=agency_a)
    assert again.counts == {"opened": 0}
    assert cycles.count() == divisions


@pytest.mark.django_db
def test_the_job_opens_nothing_before_the_first_period_ends(agency_a):
    assert jobs.open_due_job(agency=agency_a).counts == {"opened": 0}


@pytest.mark.django_db
def test_one_failing_agency_does_not_stop_the_others(agency_a, agency_b, monkeypatch):
    _started_days_ago(agency_a, 400)
    _started_days_ago(agency_b, 400)
    real = services.cycles_open_due

    def failing_for_a(*, agency, **kwargs):
        if agency.pk == agency_a.pk:
            raise RuntimeError("agency A's data is broken")
        return real(agency=agency, **kwargs)

    monkeypatch.setattr(services, "cycles_open_due", failing_for_a)
    tasks.audit_jobs_dispatch.delay()
    runs = JobRun.objects.filter(job="audit_cycles_open_due")
    assert runs.get(agency=agency_a).status == JobRun.Status.FAILED
    assert runs.get(agency=agency_b).status == JobRun.Status.SUCCEEDED
    assert AuditCycle.objects.filter(agency=agency_b).exists()


@pytest.mark.django_db
def test_cycles_past_the_audit_retention_are_purged_by_the_job(admin_a, agency_a):
    start, end = period_days()
    old = open_cycle(admin_a, start=start - timedelta(days=1200), end=end - timedelta(days=1200))
    kept = open_cycle(admin_a)
    run = jobs.purge_expired_job(agency=agency_a)
    assert run.status == JobRun.Status.SUCCEEDED
    assert run.counts == {"cycles": 1, "packets": 0}
    assert list(AuditCycle.objects.filter(agency=agency_a)) == [kept]
    assert GovernanceRecord.objects.filter(
        action="audit_cycle_purged", subject_id=str(old.pk)
    ).exists()


@pytest.mark.django_db
def test_a_dry_run_of_the_purge_deletes_nothing(admin_a, agency_a):
    start, end = period_days()
    open_cycle(admin_a, start=start - timedelta(days=1200), end=end - timedelta(days=1200))
    run = jobs.purge_expired_job(agency=agency_a, dry_run=True)
    assert run.counts["cycles"] == 1
    assert AuditCycle.objects.filter(agency=agency_a).count() == 1


@pytest.mark.django_db
def test_the_command_runs_both_jobs_and_a_dry_run_opens_nothing(agency_a):
    from io import StringIO

    from django.core.management import call_command

    _started_days_ago(agency_a, agency_a.audit_cadence_days + 3)
    out = StringIO()
    call_command("audit_jobs", "--agency", agency_a.slug, "--dry-run", stdout=out)
    assert "audit_cycles_open_due: succeeded {'opened': " in out.getvalue()
    assert not AuditCycle.objects.exists()
    call_command("audit_jobs", "--agency", agency_a.slug, stdout=StringIO())
    assert AuditCycle.objects.filter(agency=agency_a).count() == agency_a.divisions.count()

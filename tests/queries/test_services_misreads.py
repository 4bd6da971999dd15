"""Misread reports (53060.7(b)(7), 53060.9(b)(1)): the end-user reports a read whose photo does
not match, the Division Administrator of the reporter's division records the notice to the
agency of record and closes the report, and both see its status."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import GovernanceRecord, Role
from queries.models import MisreadReport
from queries.selectors import misread_queue_for, misread_report_list_for
from queries.services.misreads import misread_close, misread_notice_record, misread_report_create
from tests import factories
from tests.queries import search_helpers as helpers

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_a(division_a):
    """The division's administrator, in standing (only then do they administer)."""
    return helpers.standing_division_admin(division_a)


@pytest.fixture
def shown(agency_a, division_a, admin_a):
    """GIVEN an end-user of division A who ran a search that returned two reads."""
    agency_admin = factories.user(division_a, role=Role.AGENCY_ADMIN)
    camera = helpers.camera(agency_a, agency_admin)
    person = helpers.provisioned_searcher(division_a, admin_a)
    reads = helpers.store_reads(camera, ["7ABC123", "8XYZ900"])
    search = helpers.search(person, plate="7ABC*")
    return person, search, reads


def _report(person, search, read, **extra):
    return misread_report_create(
        actor=person,
        search_request=search,
        read=read,
        description=extra.pop("description", "The photo shows 7ABC128, a grey van."),
        **extra,
    )


def test_a_reported_misread_lands_in_the_division_administrators_queue(shown, admin_a):
    person, search, reads = shown
    report = _report(person, search, reads[0], plate_seen="7abc-128")
    assert report.status == MisreadReport.Status.OPEN
    assert report.plate_read == reads[0].plate
    assert report.plate_seen == "7ABC128"
    assert report.read_agency_id == person.agency_id
    assert list(misread_queue_for(user=admin_a)) == [report]
    assert list(misread_report_list_for(user=person)) == [report]


def test_a_read_the_person_was_not_shown_cannot_be_reported(shown, agency_a, division_a):
    person, _search, reads = shown
    other_search = helpers.search(person, plate="ZZZ9999")
    with pytest.raises(PermissionDenied):
        _report(person, other_search, reads[0])
    assert not MisreadReport.objects.exists()


def test_another_persons_search_cannot_carry_a_report(shown, division_a, admin_a):
    _person, search, reads = shown
    colleague = helpers.provisioned_searcher(division_a, admin_a)
    with pytest.raises(PermissionDenied):
        _report(colleague, search, reads[0])
    assert not MisreadReport.objects.exists()


def test_a_report_needs_a_description_and_writes_nothing_without_one(shown):
    person, search, reads = shown
    with pytest.raises(ValidationError) as raised:
        _report(person, search, reads[0], description="   ")
    assert "description" in raised.value.message_dict
    assert not MisreadReport.objects.exists()


def test_reporting_the_same_read_twice_keeps_one_report(shown):
    person, search, reads = shown
    first = _report(person, search, reads[0])
    again = _report(person, search, reads[0], description="Pressed again")
    assert again.pk == first.pk
    assert MisreadReport.objects.count() == 1


def test_the_administrator_records_the_notice_with_a_governance_record(shown, admin_a):
    person, search, reads = shown
    report = _report(person, search, reads[0])
    report = misread_notice_record(
        actor=admin_a,
        report=report,
        recipient="Records unit, agency of record",
        method="e-mail",
        note="Sent photo and read id",
        client_address="10.1.2.3",
    )
    assert report.status == MisreadReport.Status.NOTICE_SENT
    record = GovernanceRecord.objects.get(action="misread.notice_recorded")
    assert record.actor_id == admin_a.pk
    assert record.subject_id == str(report.pk)
    assert record.before["status"] == "open"
    assert record.after["status"] == "notice_sent"
    assert record.client_address == "10.1.2.3"
    # The reporter sees the new status.
    assert misread_report_list_for(user=person).get().status == MisreadReport.Status.NOTICE_SENT


def test_a_notice_names_who_was_told_and_how(shown, admin_a):
    person, search, reads = shown
    report = _report(person, search, reads[0])
    with pytest.raises(ValidationError) as raised:
        misread_notice_record(actor=admin_a, report=report, recipient=" ", method="")
    assert {"notice_recipient"} <= set(raised.value.message_dict)
    report.refresh_from_db()
    assert report.status == MisreadReport.Status.OPEN
    assert not GovernanceRecord.objects.filter(action__startswith="misread.").exists()


def test_an_administrator_of_another_division_cannot_handle_the_report(
    shown, division_a2, division_b
):
    person, search, reads = shown
    report = _report(person, search, reads[0])
    other_division_admin = helpers.standing_division_admin(division_a2)
    admin_b = helpers.standing_division_admin(division_b)
    for stranger in (other_division_admin, admin_b, person):
        assert not misread_queue_for(user=stranger).exists()
        with pytest.raises(PermissionDenied):
            misread_notice_record(actor=stranger, report=report, recipient="x", method="phone")
        with pytest.raises(PermissionDenied):
            misread_close(actor=stranger, report=report, resolution="not_a_misread", note="x")
    report.refresh_from_db()
    assert report.status == MisreadReport.Status.OPEN


def test_an_administrator_whose_own_standing_lapsed_cannot_handle_the_report(shown, division_a):
    person, search, reads = shown
    report = _report(person, search, reads[0])
    # The division's secondary administrator, never granted (no agreement, no training).
    lapsed = factories.user(
        division_a, role=Role.DIVISION_ADMIN_SECONDARY, rank_title="Lieutenant", standing=False
    )
    assert misread_queue_for(user=lapsed).filter(pk=report.pk).exists()
    with pytest.raises(PermissionDenied):
        misread_notice_record(actor=lapsed, report=report, recipient="Records", method="e-mail")
    assert not GovernanceRecord.objects.filter(action__startswith="misread.").exists()


def test_the_agency_administrator_handles_every_divisions_reports(shown, division_a):
    person, search, reads = shown
    report = _report(person, search, reads[0])
    agency_admin = factories.user(division_a, role=Role.AGENCY_ADMIN)
    assert list(misread_queue_for(user=agency_admin)) == [report]


def test_closing_as_notified_needs_the_notice_first(shown, admin_a):
    person, search, reads = shown
    report = _report(person, search, reads[0])
    with pytest.raises(ValidationError) as raised:
        misread_close(actor=admin_a, report=report, resolution="notified")
    assert "resolution" in raised.value.message_dict
    misread_notice_record(actor=admin_a, report=report, recipient="Records", method="e-mail")
    closed = misread_close(actor=admin_a, report=report, resolution="notified")
    assert closed.status == MisreadReport.Status.CLOSED
    assert closed.closed_by_id == admin_a.pk
    assert GovernanceRecord.objects.filter(action="misread.closed").count() == 1


def test_closing_as_not_a_misread_needs_the_reason(shown, admin_a):
    person, search, reads = shown
    report = _report(person, search, reads[0])
    with pytest.raises(ValidationError):
        misread_close(actor=admin_a, report=report, resolution="not_a_misread", note="")
    closed = misread_close(
        actor=admin_a,
        report=report,
        resolution="not_a_misread",
        note="Overview photo shows the plate as read",
    )
    assert closed.resolution == MisreadReport.Resolution.NOT_A_MISREAD


def test_closing_twice_changes_nothing_and_records_once(shown, admin_a):
    person, search, reads = shown
    report = _report(person, search, reads[0])
    misread_close(actor=admin_a, report=report, resolution="not_a_misread", note="Plate matches")
    misread_close(actor=admin_a, report=report, resolution="not_a_misread", note="Again")
    assert GovernanceRecord.objects.filter(action="misread.closed").count() == 1
    with pytest.raises(ValidationError):
        misread_notice_record(actor=admin_a, report=report, recipient="Records", method="e-mail")


def test_a_colleague_does_not_see_another_persons_report(shown, division_a, admin_a):
    person, search, reads = shown
    _report(person, search, reads[0])
    colleague = factories.user(division_a)
    assert not misread_report_list_for(user=colleague).exists()
    assert not misread_queue_for(user=colleague).exists()

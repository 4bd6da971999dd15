"""The administrator's work queue (issue 11): what needs them on their home page, and the counts
beside the navigation. Each kind of work is made through the real services where its integrity
matters (a submitted certificate, a completion), as plain rows where it does not (a lock)."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.context_processors import work_counts
from accounts.models import AccountStatus, ReapprovalItem, Role, User
from accounts.work_queue import WorkCounts, work_counts_for, work_queue_for
from tests import factories
from training import services as training_services
from training.models import EXPIRY_NOTICE_DAYS
from training.selectors import required_courses

pytestmark = pytest.mark.django_db


def _pdf():
    return SimpleUploadedFile("certificate.pdf", b"%PDF-1.4 certificate", "application/pdf")


def _course(agency):
    return required_courses(agency.pk).order_by("pk").first()


def _work_in(division, granter, *, tag: str = "") -> dict:
    """One item of every kind of work in `division`: a person waiting for a grant, a certificate
    awaiting verification, a locked account, an open re-approval review, training expiring within
    the notice window. `granter` administers the division (records the expiring completion)."""
    course = _course(division.agency)
    waiting = factories.user(division, status=AccountStatus.PENDING, first_name=f"Waiting{tag}")
    submitter = factories.user(division, first_name=f"Submitter{tag}")
    record = training_services.training_record_submit(
        actor=submitter, course=course, completed_on=timezone.localdate(), certificate=_pdf()
    )
    locked = factories.user(division, first_name=f"Locked{tag}")
    User.objects.filter(pk=locked.pk).update(locked_until=timezone.now() + timedelta(minutes=20))
    reviewed = factories.user(division, first_name=f"Reviewed{tag}")
    ReapprovalItem.objects.create(
        agency=division.agency, user=reviewed, due_at=timezone.now() + timedelta(days=10)
    )
    expiring = factories.user(division, first_name=f"Expiring{tag}")
    completed = timezone.localdate() - timedelta(days=course.validity() - 12)
    training_services.training_record_create(
        actor=granter,
        subject=expiring,
        course=course,
        completed_on=completed,
        certificate=_pdf() if course.certificate_required else None,
    )
    return {
        "waiting": waiting,
        "record": record,
        "locked": locked,
        "reviewed": reviewed,
        "expiring": expiring,
    }


ONE_OF_EACH = WorkCounts(access_requests=1, certificates=1, locked=1, reapprovals=1, expiring=1)


def test_a_division_administrator_sees_each_kind_of_work_of_their_division(division_a, admin_a):
    items = _work_in(division_a, admin_a)
    queue = work_queue_for(user=admin_a)
    assert queue.counts == ONE_OF_EACH
    assert queue.may_act
    assert [r.person for r in queue.access_requests] == [items["waiting"]]
    # What blocks the grant, in words: the person has not signed nor trained yet.
    blockers = " ".join(queue.access_requests[0].blockers)
    assert "End User Agreement" in blockers and "training" in blockers.lower()
    assert queue.certificates == [items["record"]]
    assert queue.locked == [items["locked"]]
    assert [item.user for item in queue.reapprovals] == [items["reviewed"]]
    assert [r.user for r in queue.expiring] == [items["expiring"]]
    assert queue.notice_days == EXPIRY_NOTICE_DAYS


def test_another_divisions_and_another_agencys_work_is_never_counted_nor_listed(
    division_a, division_a2, admin_a, division_b, admin_b
):
    other_admin = factories.user(
        division_a2, role=Role.DIVISION_ADMIN_PRIMARY, rank_title="Lieutenant"
    )
    _work_in(division_a2, other_admin, tag="Other")
    _work_in(division_b, admin_b, tag="Stranger")
    queue = work_queue_for(user=admin_a)
    assert queue.counts == WorkCounts()
    assert not (queue.access_requests or queue.certificates or queue.locked)
    assert not (queue.reapprovals or queue.expiring)
    # Each administrator sees exactly their own division's.
    assert work_counts_for(user=other_admin) == ONE_OF_EACH
    assert work_counts_for(user=admin_b) == ONE_OF_EACH


def test_the_agency_administrator_sees_every_division_of_the_agency_and_no_other_agency(
    division_a, division_a2, admin_a, division_b, admin_b
):
    agency_admin = factories.user(division_a, role=Role.AGENCY_ADMIN)
    other_admin = factories.user(
        division_a2, role=Role.DIVISION_ADMIN_PRIMARY, rank_title="Lieutenant"
    )
    _work_in(division_a, admin_a)
    _work_in(division_a2, other_admin, tag="Two")
    _work_in(division_b, admin_b, tag="Stranger")
    counts = work_counts_for(user=agency_admin)
    assert counts == WorkCounts(
        access_requests=2, certificates=2, locked=2, reapprovals=2, expiring=2
    )
    assert counts.total == 10


def test_nobody_is_shown_work_on_their_own_account(division_a, admin_a):
    course = _course(division_a.agency)
    training_services.training_record_submit(
        actor=admin_a, course=course, completed_on=timezone.localdate(), certificate=_pdf()
    )
    ReapprovalItem.objects.create(agency=division_a.agency, user=admin_a, due_at=timezone.now())
    assert work_counts_for(user=admin_a) == WorkCounts()


def test_work_already_done_leaves_the_queue(division_a, admin_a):
    items = _work_in(division_a, admin_a)
    training_services.training_record_reject(
        actor=admin_a, record=items["record"], reason="Unreadable scan."
    )
    User.objects.filter(pk=items["locked"].pk).update(
        locked_until=timezone.now() - timedelta(minutes=1)
    )
    counts = work_counts_for(user=admin_a)
    assert (counts.certificates, counts.locked) == (0, 0)
    assert counts.access_requests == 1


def test_training_replaced_by_a_later_completion_is_not_expiring(division_a, admin_a):
    items = _work_in(division_a, admin_a)
    training_services.training_record_create(
        actor=admin_a,
        subject=items["expiring"],
        course=_course(division_a.agency),
        completed_on=timezone.localdate(),
        certificate=_pdf(),
    )
    assert work_counts_for(user=admin_a).expiring == 0


def test_non_administrators_have_no_queue_and_no_counts(division_a, admin_a, user_a):
    _work_in(division_a, admin_a)
    auditor = factories.user(division_a, role=Role.AUDITOR)
    for person in (user_a, auditor):
        assert work_queue_for(user=person) is None
        assert work_counts_for(user=person) == WorkCounts()


def _request(user, *, verified: bool = True):
    request = RequestFactory().get("/")
    request.user = user
    user.is_verified = lambda: verified
    return request


def test_the_navigation_counts_are_keyed_by_the_pages_where_the_work_is_done(
    division_a, admin_a, user_a
):
    _work_in(division_a, admin_a)
    counts = work_counts(_request(admin_a))["nav_counts"]
    assert counts == {
        "accounts:home": 5,
        "accounts:provisioning": 1,
        "training:division_training": 1,
        "accounts:security_log": 1,
        "accounts:reapprovals": 1,
    }
    assert work_counts(_request(user_a)) == {"nav_counts": {}}
    # Before the second factor, nothing is counted.
    assert work_counts(_request(admin_a, verified=False)) == {"nav_counts": {}}


@pytest.mark.parametrize("rounds", [1, 6])
def test_the_counts_cost_one_query_however_much_work_waits(
    division_a, admin_a, rounds, django_assert_num_queries
):
    for n in range(rounds):
        _work_in(division_a, admin_a, tag=str(n))
    fresh = User.objects.get(pk=admin_a.pk)
    with django_assert_num_queries(1):
        counts = work_counts_for(user=fresh)
    assert counts.certificates == rounds


# --- The home page ----------------------------------------------------------------------------


def test_the_home_page_lists_the_work_with_counts_and_accessible_buttons(
    division_a, admin_a, client_for
):
    items = _work_in(division_a, admin_a)
    page = client_for(admin_a).get("/").content.decode()
    record, person = items["record"], items["record"].user
    assert "What needs you" in page
    assert "1 certificate to verify" in page and "1 access request<" in page
    assert (
        f'Reject<span class="visually-hidden"> {record.course.name} certificate of '
        f"{person.display_name}</span>" in page
    )
    assert (
        f'Verify<span class="visually-hidden"> {record.course.name} for {person.display_name}'
        in page
    )
    assert items["waiting"].display_name in page
    # What blocks the grant is said of the person, not to the administrator.
    assert "This person has not signed the End User Agreement." in page
    assert "You have not signed" not in page
    assert items["locked"].display_name in page and "/security-log/#locked" in page
    assert items["reviewed"].display_name in page
    assert items["expiring"].display_name in page
    assert "Nothing needs you right now." not in page


def test_the_home_page_says_when_nothing_needs_the_administrator(admin_a, client_for):
    page = client_for(admin_a).get("/").content.decode()
    assert "Nothing needs you right now." in page


def test_an_end_user_keeps_the_plain_home_page(division_a, admin_a, user_a, client_for):
    _work_in(division_a, admin_a)
    page = client_for(user_a).get("/").content.decode()
    assert "What needs you" not in page and "Nothing needs you" not in page
    assert f"Welcome, {user_a.display_name}" in page


def test_an_administrator_out_of_standing_sees_the_work_and_why_they_cannot_act(
    division_a, admin_a, client_for
):
    items = _work_in(division_a, admin_a)
    # The administrator's yearly review is long overdue (429.6).
    User.objects.filter(pk=admin_a.pk).update(
        last_approved_at=timezone.now() - timedelta(days=2000)
    )
    division_a.agency.reapproval_days = 365
    division_a.agency.save(update_fields=["reapproval_days"])
    page = client_for(admin_a).get("/").content.decode()
    assert "not in good standing" in page
    assert "the review is overdue" in page
    assert items["record"].user.display_name in page
    assert "/reject/" not in page and "/verify/" not in page


def test_the_home_page_costs_a_fixed_number_of_queries_however_much_work_waits(
    division_a, admin_a, client_for
):
    client = client_for(admin_a)

    def queries_of_home(expected_buttons: int) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/")
        assert response.content.decode().count("/reject/") == expected_buttons
        return len(captured)

    _work_in(division_a, admin_a, tag="0")
    client.get("/")  # warm the session and content-type caches
    with_one = queries_of_home(1)
    for n in range(1, 6):
        _work_in(division_a, admin_a, tag=str(n))
    assert queries_of_home(6) == with_one
    assert with_one <= HOME_QUERIES


# Session, user, the person's access decision and the standing check (agreement, training,
# exceptions), the counts (the page's and the navigation's: one query each), five lists and the
# standing prefetch of the access requests. Measured 29.
HOME_QUERIES = 30

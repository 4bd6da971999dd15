"""Notices are queued after commit and retried (issue 8, bypass 8): a mail outage never stops a
policy job nor answers an administrator's committed change with an error page."""

import smtplib
from unittest import mock

import pytest
from django.core import mail

from accounts import notifications
from accounts.models import AccountStatus, JobRun
from accounts.tasks import suspend_inactive_job
from tests.accounts.provisioning_helpers import provisioned

pytestmark = pytest.mark.django_db


def _mail_server_down(*args, **kwargs):
    raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


@pytest.fixture
def mail_down():
    with mock.patch.object(notifications, "send_mail", side_effect=_mail_server_down) as down:
        yield down


def test_a_mail_outage_never_stops_the_inactivity_job(
    division_a, admin_a, agency_a, mail_down, django_capture_on_commit_callbacks
):
    """GIVEN three people idle past the agency's period and a mail server that refuses every send
    WHEN the inactivity job runs
    THEN all three are suspended and the run ends as succeeded; the notices were attempted."""
    idle = [provisioned(division_a, admin_a, granted_days_ago=400) for _ in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        run = suspend_inactive_job(agency=agency_a)
    assert run.status == JobRun.Status.SUCCEEDED
    assert run.counts == {"suspended": 3}
    for person in idle:
        person.refresh_from_db()
        assert person.status == AccountStatus.SUSPENDED
    assert mail_down.call_count >= 3


def test_an_administrators_committed_change_is_not_an_error_page_when_mail_is_down(
    division_a, admin_a, client_for, mail_down, django_capture_on_commit_callbacks
):
    person = provisioned(division_a, admin_a)
    client = client_for(admin_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/provisioning/users/{person.pk}/revoke/",
            {"revoke-reason": "Left the unit", "confirmed": "1"},
        )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.status == AccountStatus.REVOKED
    assert mail_down.called


def test_a_refused_send_is_retried_until_the_server_answers():
    answers = [smtplib.SMTPServerDisconnected("down"), smtplib.SMTPServerDisconnected("down"), 1]
    with mock.patch.object(notifications, "send_mail", side_effect=answers) as sender:
        notifications.notice_send.apply(args=(["a@example.invalid"], "Subject", "Body"))
    assert sender.call_count == 3


def test_nothing_is_queued_when_the_change_rolls_back(division_a, admin_a):
    from django.db import transaction

    person = provisioned(division_a, admin_a)
    mail.outbox.clear()
    with (
        mock.patch.object(notifications, "_enqueue") as enqueue,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        notifications.notify(user=person, subject="S", body="B")
        raise RuntimeError("the change failed")
    enqueue.assert_not_called()


def test_a_broker_outage_is_logged_not_raised(division_a, admin_a, caplog):
    from kombu.exceptions import OperationalError

    person = provisioned(division_a, admin_a)
    with mock.patch.object(
        notifications.notice_send, "delay", side_effect=OperationalError("redis down")
    ):
        notifications._enqueue([person.email], "Subject", "Body")
    assert "could not be queued" in caplog.text

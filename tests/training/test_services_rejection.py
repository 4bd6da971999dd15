"""Rejecting a submitted certificate (issue 11): the reason is required, the act is recorded, the
person is told by e-mail, a refusal is recorded, and a rejected completion never counts."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import GovernanceRecord, Role
from accounts.services import acts
from accounts.services.access import TRAINING_MISSING, access_standing
from tests import factories
from training import services
from training.models import TrainingRecord
from training.selectors import PENDING, REJECTED, required_courses, training_status

pytestmark = pytest.mark.django_db


def _pdf():
    return SimpleUploadedFile("certificate.pdf", b"%PDF-1.4 certificate", "application/pdf")


@pytest.fixture
def submitted(user_a):
    course = required_courses(user_a.agency_id).order_by("pk").first()
    return services.training_record_submit(
        actor=user_a, course=course, completed_on=timezone.localdate(), certificate=_pdf()
    )


def _reject(actor, record, reason="The scan is unreadable; upload a clear copy."):
    return services.training_record_reject(
        actor=actor, record=record, reason=reason, client_address="10.0.0.7"
    )


def test_rejecting_records_the_act_and_tells_the_person_why(
    admin_a, submitted, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        record = _reject(admin_a, submitted)
    assert (record.rejected_by, record.rejection_reason) == (
        admin_a,
        "The scan is unreadable; upload a clear copy.",
    )
    assert record.verified_at is None
    entry = GovernanceRecord.objects.get(action=acts.TRAINING_REJECTED)
    assert (entry.actor, entry.subject_user, entry.client_address) == (
        admin_a,
        submitted.user,
        "10.0.0.7",
    )
    assert entry.reason == "The scan is unreadable; upload a clear copy."
    assert entry.after["course"] == submitted.course.name
    [message] = mail.outbox
    assert message.to == [submitted.user.email]
    assert submitted.course.name in message.subject
    assert "The scan is unreadable; upload a clear copy." in message.body


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_reason_is_required(admin_a, submitted, reason):
    with pytest.raises(ValidationError) as refused:
        _reject(admin_a, submitted, reason=reason)
    assert "reason" in refused.value.message_dict
    submitted.refresh_from_db()
    assert submitted.rejected_at is None
    assert not GovernanceRecord.objects.filter(action=acts.TRAINING_REJECTED).exists()


def test_an_administrator_of_another_division_is_refused_and_the_refusal_recorded(
    division_a2, submitted, django_capture_on_commit_callbacks
):
    other = factories.user(division_a2, role=Role.DIVISION_ADMIN_PRIMARY, rank_title="Lieutenant")
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(PermissionDenied):
        _reject(other, submitted)
    submitted.refresh_from_db()
    assert submitted.rejected_at is None
    refusal = GovernanceRecord.objects.get(action=acts.REFUSED, actor=other)
    assert refusal.after == {"attempted": acts.TRAINING_REJECTED}
    assert mail.outbox == []


def test_nobody_rejects_their_own_certificate(admin_a):
    course = required_courses(admin_a.agency_id).order_by("pk").first()
    own = services.training_record_submit(
        actor=admin_a, course=course, completed_on=timezone.localdate(), certificate=_pdf()
    )
    with pytest.raises(PermissionDenied):
        _reject(admin_a, own)
    assert GovernanceRecord.objects.filter(action=acts.REFUSED, actor=admin_a).exists()


def test_rejecting_twice_changes_nothing_the_second_time(admin_a, submitted):
    first = _reject(admin_a, submitted)
    again = _reject(admin_a, submitted, reason="Another reason.")
    assert again.rejected_at == first.rejected_at
    assert again.rejection_reason == first.rejection_reason
    assert GovernanceRecord.objects.filter(action=acts.TRAINING_REJECTED).count() == 1


def test_verified_and_rejected_exclude_each_other(admin_a, submitted, user_a):
    services.training_record_verify(actor=admin_a, record=submitted)
    with pytest.raises(ValidationError, match="already verified"):
        _reject(admin_a, submitted)
    course = submitted.course
    second = services.training_record_submit(
        actor=user_a, course=course, completed_on=timezone.localdate(), certificate=_pdf()
    )
    _reject(admin_a, second)
    with pytest.raises(ValidationError, match="was rejected"):
        services.training_record_verify(actor=admin_a, record=second)
    assert TrainingRecord.objects.get(pk=second.pk).verified_at is None


def test_a_rejected_completion_never_counts_and_a_new_submission_awaits_verification(
    admin_a, submitted, user_a
):
    _reject(admin_a, submitted)
    today = timezone.localdate()
    status = next(s for s in training_status(user_a, today) if s.course == submitted.course)
    assert status.state == REJECTED
    assert status.record.rejection_reason == "The scan is unreadable; upload a clear copy."
    assert TRAINING_MISSING in access_standing(user_a).codes
    services.training_record_submit(
        actor=user_a, course=submitted.course, completed_on=today, certificate=_pdf()
    )
    status = next(s for s in training_status(user_a, today) if s.course == submitted.course)
    assert status.state == PENDING

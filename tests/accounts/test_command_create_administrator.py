"""The platform operator's way to a division's first administrator: an account and a mailed
invitation (the admin site is read-only and nobody provisions themselves)."""

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from accounts.models import AccountLink, GovernanceRecord, Role, User

pytestmark = pytest.mark.django_db


def _create(agency, division_of, **overrides):
    options = {
        "agency": agency.slug,
        "division": division_of.code,
        "username": "jane.admin",
        "email": "jane.admin@example.invalid",
        "first_name": "Jane",
        "last_name": "Admin",
        "role": Role.DIVISION_ADMIN_PRIMARY,
        **overrides,
    }
    call_command(
        "create_administrator", *[f"--{k.replace('_', '-')}={v}" for k, v in options.items()]
    )


def test_the_operator_creates_an_administrator_who_is_invited_by_mail(
    agency_a, division_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _create(agency_a, division_a)
    person = User.objects.get(username="jane.admin")
    assert (person.role, person.division_id, person.has_usable_password()) == (
        Role.DIVISION_ADMIN_PRIMARY,
        division_a.pk,
        False,
    )
    assert AccountLink.objects.filter(user=person, used_at__isnull=True).count() == 1
    assert GovernanceRecord.objects.filter(subject_user=person, action="invitation_sent").exists()
    assert [m.to for m in mail.outbox] == [["jane.admin@example.invalid"]]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"role": Role.END_USER}, "invalid choice"),
        ({"division": "NOPE"}, "No division"),
    ],
)
def test_a_wrong_role_or_division_is_refused_and_nothing_is_created(
    agency_a, division_a, overrides, message
):
    with pytest.raises(CommandError, match=message):
        _create(agency_a, division_a, **overrides)
    assert not User.objects.filter(username="jane.admin").exists()


def test_an_existing_username_is_refused(agency_a, division_a, user_a):
    with pytest.raises(CommandError, match="exists already"):
        _create(agency_a, division_a, username=user_a.username)

import pytest

from accounts.models import Role
from tests import factories


@pytest.fixture
def auditor_a(division_a):
    return factories.user(division_a, role=Role.AUDITOR)


@pytest.fixture
def hiring_authority_a(division_a):
    return factories.user(division_a, role=Role.HIRING_AUTHORITY)


@pytest.fixture
def agency_admin_a(division_a):
    return factories.user(division_a, role=Role.AGENCY_ADMIN)


@pytest.fixture
def admin_a2(division_a2):
    return factories.user(division_a2, role=Role.DIVISION_ADMIN_PRIMARY, rank_title="Lieutenant")


@pytest.fixture
def run_after_commit(django_capture_on_commit_callbacks):
    """Run what services start after commit (Celery tasks run eagerly, e-mail is sent)."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run

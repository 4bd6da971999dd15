"""The audit pages: list and opening form, the cycle page, progress that survives a reload,
refusals shown with their message."""

import pytest
from django.urls import reverse
from django.utils import timezone

from audits.models import AuditCycle
from tests.audits.helpers import access, open_cycle, period_days


@pytest.mark.django_db
def test_an_administrator_opens_a_cycle_from_the_list_page(admin_a, client_for):
    start, end = period_days()
    response = client_for(admin_a).post(
        reverse("audits:cycle_list"),
        {
            "division": admin_a.division_id,
            "period_start": start.isoformat(),
            "period_end": end.isoformat(),
            "directive": "Hiring Authority memo",
        },
    )
    cycle = AuditCycle.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("audits:cycle_detail", args=[cycle.pk])


@pytest.mark.django_db
def test_an_overlapping_period_is_shown_on_the_form(admin_a, client_for):
    cycle = open_cycle(admin_a)
    response = client_for(admin_a).post(
        reverse("audits:cycle_list"),
        {
            "division": admin_a.division_id,
            "period_start": cycle.period_start.isoformat(),
            "period_end": cycle.period_end.isoformat(),
            "directive": "again",
        },
    )
    assert response.status_code == 200
    assert "overlaps the cycle" in response.content.decode()
    assert AuditCycle.objects.count() == 1


@pytest.mark.django_db
def test_the_cycle_page_shows_the_compilation_progress_kept_on_the_cycle(
    admin_a, client_for, django_capture_on_commit_callbacks
):
    cycle = open_cycle(admin_a)
    client = client_for(admin_a)
    client.post(reverse("audits:cycle_compile", args=[cycle.pk]))  # after-commit task not run
    page = client.get(reverse("audits:cycle_detail", args=[cycle.pk])).content.decode()
    assert "Compiling: Queued (0%)" in page
    assert 'hx-trigger="every 1s"' in page
    AuditCycle.objects.filter(pk=cycle.pk).update(progress=50, progress_note="Raising flags")
    fragment = client.get(reverse("audits:cycle_progress", args=[cycle.pk])).content.decode()
    assert "Raising flags (50%)" in fragment


@pytest.mark.django_db
def test_signing_too_early_shows_the_refusal(admin_a, client_for, run_after_commit):
    access(admin_a, at=timezone.now())
    cycle = open_cycle(admin_a)
    client = client_for(admin_a)
    with run_after_commit():
        client.post(reverse("audits:cycle_compile", args=[cycle.pk]))
    response = client.post(reverse("audits:cycle_sign", args=[cycle.pk]), follow=True)
    assert "have no disposition yet" in response.content.decode()


@pytest.mark.django_db
def test_an_end_user_has_no_audit_pages(user_a, client_for):
    assert client_for(user_a).get(reverse("audits:cycle_list")).status_code == 403

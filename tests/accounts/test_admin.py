"""The Django admin is no second door (issue 8 bypass 9, issue 9 item 7): read-only for every
model it shows, no authenticator devices or groups, and behind the same second factor."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.test import Client, RequestFactory
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from tests.conftest import verified_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator():
    user = User.objects.create_superuser("operator", "ops@example.invalid", "x-long-password-1")
    TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    return user


def test_a_password_only_session_does_not_reach_the_admin(operator):
    client = Client()
    client.force_login(operator, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/sign-in/second-factor/" in response["Location"]


def test_the_admin_site_itself_refuses_an_unverified_superuser(operator):
    """Defence in depth: even without the site-wide middleware, OTPAdminSite says no."""
    request = RequestFactory().get("/admin/")
    request.user = operator
    operator.is_verified = lambda: False
    assert not admin.site.has_permission(request)
    operator.is_verified = lambda: True
    assert admin.site.has_permission(request)


def test_a_verified_operator_cannot_change_an_agencys_retention_through_the_admin(
    operator, agency_a
):
    client = verified_client(operator)
    url = f"/admin/accounts/agency/{agency_a.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    response = client.post(url, {"read_retention_days": "1", "allowed_networks": "0.0.0.0/0"})
    assert response.status_code == 403
    agency_a.refresh_from_db()
    assert agency_a.read_retention_days == 730
    assert (
        client.post(f"/admin/accounts/agency/{agency_a.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )


def test_no_object_permission_or_device_pages_exist(operator, division_a):
    client = verified_client(operator)
    assert client.get(f"/admin/accounts/division/{division_a.pk}/permissions/").status_code in (
        302,
        404,
    )
    assert client.get("/admin/otp_totp/totpdevice/add/").status_code == 403
    assert client.get("/admin/auth/group/add/").status_code == 404


def test_every_model_the_admin_shows_is_read_only(operator):
    request = RequestFactory().get("/admin/")
    request.user = operator
    assert not {Group, StaticDevice} & set(admin.site._registry)
    for model, model_admin in admin.site._registry.items():
        assert not model_admin.has_add_permission(request), model
        assert not model_admin.has_change_permission(request), model
        if model is not TOTPDevice:  # a lost phone: the device may be deleted, never made
            assert not model_admin.has_delete_permission(request), model


def test_an_authenticators_key_is_never_shown_and_it_can_only_be_deleted(operator):
    device = TOTPDevice.objects.get(user=operator)
    client = verified_client(operator)
    page = client.get(f"/admin/otp_totp/totpdevice/{device.pk}/change/").content.decode()
    assert device.key not in page
    assert (
        client.post(f"/admin/otp_totp/totpdevice/{device.pk}/change/", {"name": "x"}).status_code
        == 403
    )

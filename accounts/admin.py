"""Django admin for platform operators (superusers) only: read-only, behind the second factor
(issue 8 bypass 9, issue 9 item 7).

Every governed change goes through a service that checks who may make it and writes the
governance record in the same transaction; an admin form would be a second, unrecorded door
(retention, networks, eligibility, case-number formats, object permissions). So nothing here can
add, change or delete, with one exception: an operator may delete a person's authenticator (a
lost phone) so that they enrol a new one at their next sign-in; adding or showing a device would
hand out their second factor, so neither is possible. Groups (permission grants) and backup-code
devices are not offered at all."""

from django.contrib import admin
from django.contrib.auth.models import Group
from django_otp.admin import OTPAdminSite
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Agency, Division, GovernanceRecord, JobRun, SecurityEvent

# OTPAdminSite refuses any session without a verified second factor, even if the site-wide
# middleware were ever bypassed or reordered.
admin.site.__class__ = OTPAdminSite

for model in (Group, TOTPDevice, StaticDevice):  # re-registered below where needed
    if admin.site.is_registered(model):
        admin.site.unregister(model)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Agency)
class AgencyAdmin(ReadOnlyAdmin):
    list_display = ("slug", "name", "preset", "training_validity_days", "audit_cadence_days")
    search_fields = ("slug", "name")


@admin.register(Division)
class DivisionAdmin(ReadOnlyAdmin):
    list_display = ("agency", "code", "name", "case_number_example")
    list_filter = ("agency",)


@admin.register(GovernanceRecord)
class GovernanceRecordAdmin(ReadOnlyAdmin):
    list_display = ("at", "agency", "actor_username", "action", "subject_label")
    list_filter = ("action", "agency")


@admin.register(SecurityEvent)
class SecurityEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "kind", "username", "agency", "ip_address")
    list_filter = ("kind", "agency")


@admin.register(JobRun)
class JobRunAdmin(ReadOnlyAdmin):
    list_display = ("job", "agency", "status", "started_at", "finished_at", "dry_run")
    list_filter = ("job", "status")


@admin.register(TOTPDevice)
class AuthenticatorResetAdmin(ReadOnlyAdmin):
    """Lost phone: delete the device; the person enrols a new one at next sign-in. The key is
    never shown."""

    list_display = ("user", "name", "confirmed")
    fields = ("user", "name", "confirmed")
    search_fields = ("user__username",)

    def has_delete_permission(self, request, obj=None):
        return True

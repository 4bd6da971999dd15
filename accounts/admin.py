"""Django admin for platform operators (superusers) only. Agencies' people use the app's own
pages, which go through services; here governed records are read-only."""

from django.contrib import admin
from guardian.admin import GuardedModelAdmin

from accounts.models import Agency, Division, JobRun, SecurityEvent


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("slug", "name", "preset", "training_validity_days", "audit_cadence_days")
    search_fields = ("slug", "name")


@admin.register(Division)
class DivisionAdmin(GuardedModelAdmin):
    list_display = ("agency", "code", "name", "case_number_example")
    list_filter = ("agency",)


@admin.register(SecurityEvent)
class SecurityEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "kind", "username", "agency", "ip_address")
    list_filter = ("kind", "agency")


@admin.register(JobRun)
class JobRunAdmin(ReadOnlyAdmin):
    list_display = ("job", "agency", "status", "started_at", "finished_at", "dry_run")
    list_filter = ("job", "status")

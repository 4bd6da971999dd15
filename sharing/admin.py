"""Read-only admin views of sharing: every change goes through sharing.services, which records it."""

from django.contrib import admin

from sharing.models import Disclosure, LedgerEntry, PartnerAgency, SharingAgreement


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PartnerAgency)
class PartnerAgencyAdmin(_ReadOnly):
    list_display = ("name", "agency", "kind", "jurisdiction_state", "verified_at")
    list_filter = ("kind",)


@admin.register(SharingAgreement)
class SharingAgreementAdmin(_ReadOnly):
    list_display = ("agency", "grantee", "starts_on", "ends_on", "revoked_at")


@admin.register(Disclosure)
class DisclosureAdmin(_ReadOnly):
    list_display = ("pk", "agency", "partner", "case_number", "status", "destroy_by", "purged_at")


@admin.register(LedgerEntry)
class LedgerEntryAdmin(_ReadOnly):
    list_display = ("at", "agency", "kind", "partner_name", "actor_username", "read_count")
    list_filter = ("kind",)

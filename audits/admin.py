"""Django admin for platform operators: audit records are read-only here; every change goes
through the audit pages and their services (a signed cycle never changes)."""

from django.contrib import admin

from accounts.admin import ReadOnlyAdmin
from audits.models import AuditCycle, AuditItem, AuditPacket, HiringAuthorityNotice


@admin.register(AuditCycle)
class AuditCycleAdmin(ReadOnlyAdmin):
    list_display = ("division", "period_start", "period_end", "state", "origin", "auditor")
    list_filter = ("state", "agency")


@admin.register(AuditItem)
class AuditItemAdmin(ReadOnlyAdmin):
    list_display = ("cycle", "kind", "code", "subject_username", "disposition")
    list_filter = ("code", "disposition")


@admin.register(AuditPacket)
class AuditPacketAdmin(ReadOnlyAdmin):
    list_display = ("cycle", "final", "state", "pages", "size_bytes", "sha256", "rendered_at")


@admin.register(HiringAuthorityNotice)
class HiringAuthorityNoticeAdmin(ReadOnlyAdmin):
    list_display = ("cycle", "kind", "subject", "created_at", "emailed_at")

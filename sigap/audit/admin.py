from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from sigap.audit.models import AccessLog, AuditEvent


class ReadOnlyLogAdmin(admin.ModelAdmin[Any]):
    """Logs are never added, edited or deleted here."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyLogAdmin):
    """Read-only: audit history is never edited."""

    list_display = ["created_at", "actor_label", "verb", "object_type", "object_label", "ip_address"]
    list_filter = ["verb"]
    search_fields = ["actor_label", "object_id", "verb"]
    date_hierarchy = "created_at"
    list_select_related = ["actor", "organisation"]


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyLogAdmin):
    """Read-only, like the audit events: who opened which record (neutral labels, no names)."""

    list_display = ["time", "user", "action", "object_type", "object_label", "ip_address"]
    list_filter = ["action"]
    search_fields = ["object_id", "case_id"]
    date_hierarchy = "time"
    list_select_related = ["user", "organisation"]

"""Admin for the first-aid guidance panels only (no personal data). Online incidents, evidence and
takedown requests are case records: like the cases app's, they are deliberately not in the admin
(docs/security.md), so the admin can never be a way to attach a file to an evidence item."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from sigap.audit.actions import record
from sigap.lib.http import signed_in_user
from sigap.online.models import Guidance


@admin.register(Guidance)
class GuidanceAdmin(admin.ModelAdmin[Guidance]):
    """The first-aid panel per harm type, in Indonesian and English (one point per line)."""

    list_display = ["harm_type", "title_id", "title_en", "updated_at"]
    fields = ["harm_type", "title_id", "body_id", "title_en", "body_en"]

    def save_model(self, request: HttpRequest, obj: Guidance, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        record(
            "online.guidance_changed",
            actor=signed_in_user(request),
            obj=obj,
            request=request,
            changed=sorted(form.changed_data),
        )

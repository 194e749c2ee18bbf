"""Admin for case settings only.

Cases, persons and their records are deliberately not in the Django admin: every read and change of
them goes through the screens and the API, which apply need-to-know access and write the timeline.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from sigap.audit.actions import record
from sigap.cases.models import ResponseTime
from sigap.lib.http import signed_in_user


@admin.register(ResponseTime)
class ResponseTimeAdmin(admin.ModelAdmin[ResponseTime]):
    """Default response times per risk level (docs/cases.md). Changes apply to deadlines computed later."""

    list_display = ["risk_level", "first_contact_hours", "assessment_days", "plan_days", "follow_up_days"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # One row per risk level, created by the migration.
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: ResponseTime, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        record(
            "cases.response_time_changed",
            actor=signed_in_user(request),
            obj=obj,
            request=request,
            changed=sorted(form.changed_data),
        )

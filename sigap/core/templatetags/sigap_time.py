"""Show a stored (UTC) time in an organisation's own zone, with its label: ``14:05 WITA``."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django import template
from django.utils import formats, timezone

from sigap.lib.timezones import zone_label

register = template.Library()


@register.filter
def in_zone_of(value: datetime | None, organisation: Any) -> str:
    """``{{ case.created_at|in_zone_of:case.organisation }}`` → "29 Nov 2026 11:05 WIB"."""
    if value is None:
        return ""
    zone = getattr(organisation, "time_zone", None) or timezone.get_current_timezone_name()
    local = timezone.localtime(value, ZoneInfo(zone))
    return f"{formats.date_format(local, 'DATETIME_FORMAT')} {zone_label(zone)}"


@register.simple_tag
def current_zone_label() -> str:
    return zone_label(timezone.get_current_timezone_name())

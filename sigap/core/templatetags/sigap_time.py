"""Dates and times in templates, the one Sigap way (sigap.lib.dates): ``7 Des 2026 14.05 WIB``.

``{{ value|when }}`` shows a time in the current zone (the user's organisation's), a date as a date;
``{{ value|in_zone_of:case.organisation }}`` a time in that organisation's zone; ``{{ value|day }}``
only the (local) day.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django import template
from django.utils import timezone

from sigap.lib.dates import format_date, format_month, format_when
from sigap.lib.timezones import zone_label

register = template.Library()


@register.filter
def in_zone_of(value: datetime | None, organisation: Any) -> str:
    """``{{ case.created_at|in_zone_of:case.organisation }}`` → "29 Nov 2026 11.05 WIB"."""
    return format_when(value, getattr(organisation, "time_zone", None))


@register.filter
def when(value: date | datetime | None) -> str:
    """``{{ referral.sent_at|when }}`` → "7 Des 2026 14.05 WIB" (the current zone)."""
    return format_when(value)


@register.filter
def day(value: date | datetime | None) -> str:
    """``{{ event.start_date|day }}`` → "7 Des 2026"."""
    return format_date(value)


@register.filter
def month(value: date | datetime | None) -> str:
    """``{{ snapshot.month|month }}`` → "Des 2026"."""
    return format_month(value)


@register.simple_tag
def current_zone_label() -> str:
    return zone_label(timezone.get_current_timezone_name())

"""Sigap's one way to show a date or a time, in the user's language and the organisation's zone.

"7 Des 2026" and "7 Des 2026 14.05 WIB" in Indonesian, "7 Dec 2026" and "7 Dec 2026 14:05 WIB" in
English. The patterns are the locale formats in ``sigap/lib/formats`` (FORMAT_MODULE_PATH); times
are stored in UTC and shown in the zone given, else the current one (set per request from the
user's organisation by ``OrganisationTimeZoneMiddleware``), always with its label.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.utils import formats, timezone

from sigap.lib.timezones import zone_label


def format_date(value: date | datetime | None) -> str:
    """ "7 Des 2026"; a time is first moved to the current zone, so its day is the local day."""
    if value is None:
        return ""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return str(formats.date_format(value, "DATE_FORMAT"))


def format_month(value: date | datetime | None) -> str:
    """ "Des 2026": a month of figures (statistics), in the user's language."""
    if value is None:
        return ""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return str(formats.date_format(value, "YEAR_MONTH_FORMAT"))


def format_datetime(value: datetime | None, zone: str | None = None) -> str:
    """ "7 Des 2026 14.05 WIB": ``value`` in ``zone`` (default: the current zone), with its label."""
    if value is None:
        return ""
    zone = zone or timezone.get_current_timezone_name()
    local = timezone.localtime(value, ZoneInfo(zone)) if timezone.is_aware(value) else value
    return f"{formats.date_format(local, 'DATETIME_FORMAT')} {zone_label(zone)}"


def format_when(value: date | datetime | None, zone: str | None = None) -> str:
    """A time as ``format_datetime``, a plain date as ``format_date``."""
    if isinstance(value, datetime):
        return format_datetime(value, zone)
    return format_date(value)

"""Sigap's one date format in English: "7 Dec 2026", "7 Dec 2026 14:05" (the zone label, "WIB",
is added by sigap.lib.dates). Only display formats: input formats stay Django's."""

DATE_FORMAT = "j M Y"
SHORT_DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y H:i"
SHORT_DATETIME_FORMAT = "j M Y H:i"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "j M"
YEAR_MONTH_FORMAT = "M Y"

"""Indonesian time zones by province code (docs/cases.md)."""

from __future__ import annotations

WIB = "Asia/Jakarta"
WITA = "Asia/Makassar"
WIT = "Asia/Jayapura"

ZONE_LABELS = {WIB: "WIB", WITA: "WITA", WIT: "WIT"}

_WITA_PROVINCES = {"51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"}
_WIT_PROVINCES = {"81", "82", "91", "92", "93", "94", "95", "96"}


def zone_for_province(code: str) -> str:
    """Return the IANA zone of a province, by its two-digit code. Unknown codes fall back to WIB."""
    code = (code or "")[:2]
    if code in _WIT_PROVINCES:
        return WIT
    if code in _WITA_PROVINCES:
        return WITA
    return WIB


def zone_label(zone: str) -> str:
    return ZONE_LABELS.get(zone, zone)

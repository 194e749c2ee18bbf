"""Text normalisation for search: case- and accent-insensitive, the same on SQLite and PostgreSQL."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(value: str) -> str:
    """'  Siti  Nurhalizah Ṣ ' -> 'siti nurhalizah s' (lower case, no accents, single spaces)."""
    decomposed = unicodedata.normalize("NFKD", value or "")
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped).strip().lower()


def normalise_phone(value: str) -> str:
    """Digits only, Indonesian mobile numbers in one form: '+62 812-3456' and '0812 3456' -> '628123456'."""
    digits = re.sub(r"\D", "", value or "")
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    return digits

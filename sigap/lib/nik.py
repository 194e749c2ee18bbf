"""Indonesian national identity numbers (NIK): 16 digits, district code, birth date, serial (docs/cases.md).

A NIK is never required: many victims, children and migrants have none at intake.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class ParsedNIK:
    district_code: str  # dotted, e.g. "32.73.04"
    birth_date: date
    female: bool
    serial: str


def parse_nik(value: str, *, today: date | None = None) -> ParsedNIK:
    """Parse and check the shape of a NIK; raises ValidationError with a translated message."""
    nik = (value or "").strip().replace(" ", "").replace(".", "")
    if len(nik) != 16 or not nik.isdigit():
        raise ValidationError(_("A NIK has exactly 16 digits."), code="nik_format")
    day, month, year2 = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    female = day > 40
    if female:
        day -= 40
    today = today or timezone.localdate()
    century = 2000 if 2000 + year2 <= today.year else 1900
    try:
        born = date(century + year2, month, day)
    except ValueError as exc:
        raise ValidationError(
            _("Digits 7–12 of a NIK are a birth date (DDMMYY, women's day + 40); this one is not a valid date."),
            code="nik_date",
        ) from exc
    if born > today:
        raise ValidationError(_("The birth date in this NIK is in the future."), code="nik_date")
    return ParsedNIK(district_code=f"{nik[0:2]}.{nik[2:4]}.{nik[4:6]}", birth_date=born, female=female, serial=nik[12:])


def normalise_nik(value: str) -> str:
    return (value or "").strip().replace(" ", "").replace(".", "")


def validate_nik(value: str) -> None:
    """Form/model validator: shape, embedded date, and a district code that exists."""
    if not value:
        return
    parsed = parse_nik(value)
    from sigap.regions.models import District

    if not District.objects.filter(code=parsed.district_code).exists():
        raise ValidationError(
            _("The first six digits of a NIK are a district code; %(code)s is not a known district."),
            code="nik_district",
            params={"code": parsed.district_code},
        )

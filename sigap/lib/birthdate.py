"""A date of birth typed as day / month / year, whatever the browser's language.

``<input type="date">`` shows the date in the browser's own order and language (an English phone
shows mm/dd/yyyy to an Indonesian caseworker), and many old phones show no picker at all. Three
plain inputs — day, month named in the user's language, year — read the same on every phone, and
``autocomplete="bday-…"`` lets a phone fill them in.

A single ISO value (``date_of_birth=2012-03-14``) is still accepted in place of the three parts,
for scripts and tests that post one.
"""

from __future__ import annotations

import contextlib
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

PARTS = ("day", "month", "year")
EARLIEST_YEAR = 1900


class DateOfBirthWidget(forms.MultiWidget):
    template_name = "core/widgets/date_of_birth.html"  # an app template: the form renderer reads those
    # field.html shows a widget with parts as a fieldset: its label becomes the legend.
    sigap_fieldset = True

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        number = {"inputmode": "numeric", "pattern": "[0-9]*", "class": "form-control"}
        widgets: dict[str, forms.Widget | type[forms.Widget]] = {
            "day": forms.TextInput(attrs={**number, "maxlength": "2", "autocomplete": "bday-day", "size": "2"}),
            "month": forms.Select(
                attrs={"class": "form-select", "autocomplete": "bday-month"},
                choices=[("", "—"), *MONTHS.items()],
            ),
            "year": forms.TextInput(attrs={**number, "maxlength": "4", "autocomplete": "bday-year", "size": "4"}),
        }
        super().__init__(widgets, attrs)

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, date):
            return [value.day, value.month, value.year]
        if isinstance(value, str) and value:
            with contextlib.suppress(ValueError):
                return self.decompress(date.fromisoformat(value))
        return [None, None, None]

    def value_from_datadict(self, data: Any, files: Any, name: str) -> list[Any]:
        if not any(f"{name}_{part}" in data for part in PARTS) and data.get(name):
            return self.decompress(data.get(name))
        return [data.get(f"{name}_{part}") for part in PARTS]

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data and super().value_omitted_from_data(data, files, name)

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        # Bootstrap's classes per part (the form gives the whole widget "form-control"), and the
        # visible label of each part.
        labels = {"day": _("Day"), "month": _("Month"), "year": _("Year")}
        for part, sub in zip(PARTS, context["widget"]["subwidgets"], strict=True):
            css = (sub["attrs"].get("class") or "").split()
            css = [c for c in css if c not in {"form-control", "form-select"}]
            css.insert(0, "form-select" if part == "month" else "form-control")
            sub["attrs"]["class"] = " ".join(css)
            if sub["attrs"].get("id"):  # id_born_day, not Django's id_born_0: scripts and htmx name the part
                sub["attrs"]["id"] = f"{sub['attrs']['id'].rsplit('_', 1)[0]}_{part}"
            sub["part"] = part
            sub["label"] = labels[part]
        return context


def _part(value: Any) -> str:
    return str(value).strip() if value is not None else ""


class DateOfBirthField(forms.MultiValueField):
    """Day, month and year; all three or none. Errors say which part to fix, in the user's language."""

    widget = DateOfBirthWidget
    default_error_messages = {
        "incomplete": _("Enter the day, the month and the year of birth, or leave all three empty."),
        "invalid_day": _("The day is a number from 1 to 31."),
        "invalid_year": _("Enter the year with four digits, for example 2012."),
        "no_such_date": _("There is no such date: check the day and the month."),
        "future": _("The date of birth cannot be in the future."),
        "too_early": _("The year of birth cannot be before %(year)s."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("require_all_fields", False)
        kwargs.setdefault("required", False)
        # Each part is read as text and checked in compress(), so one message names the problem.
        fields = (forms.CharField(required=False), forms.CharField(required=False), forms.CharField(required=False))
        super().__init__(fields, **kwargs)

    def compress(self, data_list: list[Any]) -> date | None:
        day, month, year = (_part(v) for v in [*data_list, "", "", ""][:3])
        if not (day or month or year):
            return None
        if not (day and month and year):
            raise ValidationError(self.error_messages["incomplete"], code="incomplete")
        if not day.isdigit() or not 1 <= int(day) <= 31:
            raise ValidationError(self.error_messages["invalid_day"], code="invalid_day")
        if not month.isdigit() or not 1 <= int(month) <= 12:
            raise ValidationError(self.error_messages["incomplete"], code="incomplete")
        if not year.isdigit() or len(year) != 4:
            raise ValidationError(self.error_messages["invalid_year"], code="invalid_year")
        if int(year) < EARLIEST_YEAR:
            raise ValidationError(self.error_messages["too_early"], code="too_early", params={"year": EARLIEST_YEAR})
        try:
            born = date(int(year), int(month), int(day))
        except ValueError:
            raise ValidationError(self.error_messages["no_such_date"], code="no_such_date") from None
        if born > timezone.localdate():
            raise ValidationError(self.error_messages["future"], code="future")
        return born


def typed_date_of_birth(data: Any, name: str) -> date | None:
    """What has been typed so far, if it is a whole date (the duplicate check reads raw input)."""
    try:
        return DateOfBirthField().clean(DateOfBirthWidget().value_from_datadict(data, {}, name))
    except ValidationError:
        return None

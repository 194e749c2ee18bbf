"""The per-case sheet of one organisation's month with the data items of the national recording form
(SIMFONI-PPA), so its data officer can enter or upload the month without retyping from paper.

Codes only, read from the summary rows (``Fact``), never from a case: the case number (to find the
paper file), months, place, intake channel, online, forms of violence, services; per victim sex, age
band, disability, education; per perpetrator sex, age band, relationship, child. No name, NIK, phone,
birth date, address or free text. Every case in the sheet is written to the access log."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from sigap.statistics.models import FORM_FIELDS, SERVICE_FIELDS, Fact, Unit

CASE_COLUMNS = ["registered_month", "incident_month", "client_type", "intake_channel", "place", "is_online"]
VICTIM_COLUMNS = ["sex", "age_band", "has_disability", "disability_type", "education"]
PERPETRATOR_COLUMNS = ["sex", "age_band", "relationship", "is_child"]


def _code(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return f"{value:%Y-%m}"
    return value or ""


def _flags(row: Fact, fields: dict[str, str]) -> str:
    return ",".join(code for code, name in fields.items() if getattr(row, name))


def sheet_rows(organisation_id: Any, month: date) -> tuple[list[list[Any]], list[list[Any]], list[Any]]:
    """(victim rows, perpetrator rows, case ids) of the organisation's cases registered in ``month``."""
    from sigap.cases.models import Case

    facts = list(
        Fact.objects.filter(
            frozen=False,
            organisation_id=organisation_id,
            registered_month=month.replace(day=1),
            unit__in=[Unit.VICTIM, Unit.PERPETRATOR],
        ).order_by("case_id", "unit", "member_id")
    )
    case_ids = sorted({f.case_id for f in facts}, key=str)
    numbers = dict(Case.objects.filter(pk__in=case_ids).values_list("pk", "number"))
    victims, perpetrators = [], []
    for row in facts:
        number = numbers.get(row.case_id, "")
        if row.unit == Unit.VICTIM:
            victims.append(
                [
                    number,
                    *(_code(getattr(row, c)) for c in CASE_COLUMNS),
                    _flags(row, FORM_FIELDS),
                    _flags(row, SERVICE_FIELDS),
                    *(_code(getattr(row, c)) for c in VICTIM_COLUMNS),
                ]
            )
        else:
            perpetrators.append([number, *(_code(getattr(row, c)) for c in PERPETRATOR_COLUMNS)])
    return victims, perpetrators, case_ids


def to_xlsx(victims: list[list[Any]], perpetrators: list[list[Any]], *, title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = _("Victims")[:31]
    sheet.append([_("case number"), *CASE_COLUMNS, "forms", "services", *VICTIM_COLUMNS])
    for row in victims:
        sheet.append(row)
    other = book.create_sheet(_("Perpetrators")[:31])
    other.append([_("case number"), *PERPETRATOR_COLUMNS])
    for row in perpetrators:
        other.append(row)
    about = book.create_sheet(_("About")[:31])
    about.append([title])
    about.append([_("Codes of the national code lists (SIMFONI-PPA); no names or identity numbers.")])
    about.append([_("Multi-valued items (forms, services) are listed with commas.")])
    for sheet_ in (sheet, other):
        for cell in sheet_[1]:
            cell.font = Font(bold=True)
        sheet_.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

"""The event report as files: the cohort as CSV, and as an Excel workbook with the summary numbers.

Both hold participants' names, so both are for the event's trainers (``need="manage"``). Cells a
spreadsheet would read as a formula start with an apostrophe in both (formula injection).
"""

from __future__ import annotations

import csv
from io import BytesIO
from typing import Any

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from openpyxl import Workbook

from sigap.learning.certification import event_report, participants_with_progress
from sigap.learning.models import TrainingEvent
from sigap.lib.dates import format_date

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_cell(value: str) -> str:
    """No formula injection: a cell a spreadsheet would evaluate starts with an apostrophe."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def cohort_table(event: TrainingEvent) -> tuple[list[str], list[list[Any]]]:
    """The header and one row per participant (two queries)."""
    header = [
        _("Name"),
        _("Organisation"),
        _("Role"),
        _("Province"),
        _("Regency/city"),
        _("Sessions attended"),
        _("Pre-test"),
        _("Post-test"),
        _("Certificate"),
    ]
    rows = []
    for p in participants_with_progress(event).order_by("full_name", "id"):
        cert = getattr(p, "certificate", None)
        rows.append(
            [
                safe_cell(p.full_name),
                safe_cell(p.organisation_name),
                safe_cell(p.role_title),
                safe_cell(p.province.name),
                safe_cell(p.regency.name) if p.regency else "",
                p.present,
                float(p.pre_score) if p.pre_score is not None else None,
                float(p.post_score) if p.post_score is not None else None,
                cert.code if cert else "",
            ]
        )
    return header, rows


def summary_rows(event: TrainingEvent) -> list[tuple[str, Any]]:
    """The report's headline numbers, labelled (the same numbers as the report page and API)."""
    report = event_report(event)
    return [
        (_("Training event"), safe_cell(event.title)),
        (_("Dates"), f"{format_date(event.start_date)} – {format_date(event.end_date)}"),
        (_("Participants"), report["participants"]),
        (_("Provinces"), report["provinces"]),
        (_("Regencies/cities"), report["regencies"]),
        (_("Sessions"), report["sessions"]),
        (_("Attendance rate (%)"), report["attendance_rate"]),
        (_("Mean pre-test"), report["mean_pre_score"]),
        (_("Mean post-test"), report["mean_post_score"]),
        (_("Certificates issued"), report["certificates_issued"]),
        (_("Certificates revoked"), report["certificates_revoked"]),
    ]


def _file_name(event: TrainingEvent, extension: str) -> str:
    return f"training-{event.start_date}.{extension}"


def _private(response: HttpResponse) -> HttpResponse:
    # Names of people: never kept by the browser or a proxy.
    response["Cache-Control"] = "no-store, private"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def csv_response(event: TrainingEvent) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, _file_name(event, "csv"))
    response.write("\ufeff")  # so spreadsheet programs read UTF-8
    writer = csv.writer(response)
    header, rows = cohort_table(event)
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if cell is None else cell for cell in row])
    return _private(response)


def report_workbook(event: TrainingEvent) -> bytes:
    """Two sheets: the summary numbers, and the participants as in the CSV."""
    book = Workbook()
    summary = book.worksheets[0]
    summary.title = _("Summary")[:31]
    for label, value in summary_rows(event):
        summary.append([label, value])
    summary.column_dimensions["A"].width = 28
    summary.column_dimensions["B"].width = 40
    people = book.create_sheet(_("Participants")[:31])
    header, rows = cohort_table(event)
    people.append(header)
    for row in rows:
        people.append(row)
    people.freeze_panes = "A2"
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx_response(event: TrainingEvent) -> HttpResponse:
    data = report_workbook(event)
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, _file_name(event, "xlsx"))
    response["Content-Length"] = str(len(data))
    return _private(response)

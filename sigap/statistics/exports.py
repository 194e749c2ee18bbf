"""The files a released table is downloaded as: tidy CSV and JSON, an Excel workbook with a data sheet
and a metadata sheet, and a PDF report with charts (a regency's annual report).

Every file is built from a :class:`~sigap.statistics.release.ReleaseTable` that passed
:func:`~sigap.statistics.release.guard` when it leaves the owning organisation; the verbs that hand
the files out record an audit event (``actions_release.export_table``).
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from sigap.statistics.release import TOTAL, ReleaseTable

SOURCE = "Sigap"


def _value(value: int | None) -> str:
    return "" if value is None else str(value)


def to_csv(table: ReleaseTable) -> str:
    """Tidy CSV: one row per cell; ``value`` empty when hidden; ``suppressed`` true/false."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*table.dimensions, "measure", "value", "suppressed"])
    for row in table.tidy_rows():
        writer.writerow(
            [
                *(row[d] for d in table.dimensions),
                row["measure"],
                _value(row["value"]),
                "true" if row["suppressed"] else "false",
            ]
        )
    return out.getvalue()


def metadata(table: ReleaseTable) -> list[tuple[str, str]]:
    """What a reader of the figures needs to know, as label/value pairs (also the XLSX metadata sheet)."""
    when = table.extracted_at or timezone.now()
    if table.exact:
        rule = _("Exact counts for the organisation's own use; nothing hidden.")
    else:
        rule = _(
            "Counts from 1 to %(low)d are hidden, with further cells hidden so that no hidden count can be "
            "worked out from totals (complementary suppression). Hidden cells: %(hidden)d."
        ) % {"low": table.threshold - 1, "hidden": table.hidden_count}
    if table.verified:
        state = _("Verified: every month in the period was verified by the organisations' data officers.")
    else:
        state = _("Not verified: %(months)s") % {"months": ", ".join(table.unverified) or _("some months")}
    rows = [
        (_("Source"), _("%(source)s, records of the services (case registrations)") % {"source": SOURCE}),
        (_("Scope"), table.scope_label or table.scope),
        (_("Period"), table.period_label),
        (_("Measure"), table.measure),
        (_("Extracted"), formats.date_format(timezone.localtime(when), "DATETIME_FORMAT")),
        (_("Verification"), state),
        (_("Suppression rule"), rule),
        (_("Total code"), _("%(code)s in a dimension column means the total over that dimension.") % {"code": TOTAL}),
    ]
    rows += [(_("Note"), note) for note in table.notes]
    for dimension in table.dimensions:
        name = table.dimension_labels.get(dimension, dimension)
        codes = table.labels.get(dimension, {})
        rows.append(
            (
                _("Definition: %(dimension)s") % {"dimension": name},
                "; ".join(f"{code} = {label}" for code, label in codes.items()),
            )
        )
    return rows


def to_json(table: ReleaseTable) -> dict[str, Any]:
    return {
        "measure": table.measure,
        "dimensions": table.dimensions,
        "scope": table.scope,
        "period": table.period_label,
        "verified": table.verified,
        "threshold": table.threshold,
        "hidden_cells": table.hidden_count,
        "scope_label": table.scope_label,
        "extracted_at": table.extracted_at.isoformat() if table.extracted_at else None,
        "dimension_labels": table.dimension_labels,
        "notes": [str(note) for note in table.notes],
        "metadata": [{"name": str(k), "value": str(v)} for k, v in metadata(table)],
        "labels": table.labels,
        "rows": table.tidy_rows(),
    }


def to_json_bytes(table: ReleaseTable) -> bytes:
    return json.dumps(to_json(table), ensure_ascii=False).encode()


def to_xlsx(table: ReleaseTable, *, title: str) -> bytes:
    """A workbook: "Data" (one row per cell, codes and labels), "Metadata", and "Region codes" when a
    dimension is a region."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    data = book.active
    data.title = _("Data")[:31]
    head = []
    for dimension in table.dimensions:
        name = table.dimension_labels.get(dimension, dimension)
        head += [f"{name} ({_('code')})", name]
    data.append([*head, _("measure"), _("value"), _("suppressed")])
    for cell in data[1]:
        cell.font = Font(bold=True)
    for row in table.cells:
        columns: list[Any] = []
        for dimension in table.dimensions:
            code = row.key.get(dimension, TOTAL)
            columns += [code, table.label(dimension, code) if code != TOTAL else _("Total")]
        data.append([*columns, table.measure, row.value, row.hidden])
    data.freeze_panes = "A2"

    meta = book.create_sheet(_("Metadata")[:31])
    meta.append([title])
    meta["A1"].font = Font(bold=True)
    for label, value in metadata(table):
        meta.append([str(label), str(value)])
    meta.column_dimensions["A"].width = 28
    meta.column_dimensions["B"].width = 100

    regions = [d for d in table.dimensions if d in {"province", "regency", "region"}]
    if regions:
        sheet = book.create_sheet(_("Region codes")[:31])
        sheet.append([_("code"), _("name")])
        for dimension in regions:
            for code, label in table.labels.get(dimension, {}).items():
                sheet.append([code, label])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def to_pdf(title: str, sections: list[tuple[str, ReleaseTable, str]], *, footer: str) -> bytes:
    """A report: per section a chart (``"bar"`` or ``"line"``) along the table's first dimension, the
    figures as a table, and the metadata of the first table at the end."""
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.charts.linecharts import HorizontalLineChart
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate, Spacer, Table, TableStyle

    from sigap.lib.pdf import paragraph, register_fonts, stylesheet

    styles = stylesheet()
    body, h1, h2 = styles["BodyText"], styles["Title"], styles["Heading2"]
    small = body.clone("small", fontSize=8, leading=10)
    regular = register_fonts()[0]
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=18 * mm,
        title=title,
        author=SOURCE,
    )

    def on_page(canvas: Any, document: Any) -> None:
        canvas.saveState()
        canvas.setFont(regular, 8)
        canvas.drawString(15 * mm, 10 * mm, footer)
        canvas.drawRightString(A4[0] - 15 * mm, 10 * mm, _("Page %(page)d") % {"page": document.page})
        canvas.restoreState()

    story: list[Any] = [paragraph(title, h1)]
    for heading, table, kind in sections:
        story.append(paragraph(heading, h2))
        series = table.series(table.dimensions[0])
        values = [v or 0 for _code, _label, v in series]
        if series and any(values):
            drawing = Drawing(doc.width, 60 * mm)
            chart: Any = VerticalBarChart() if kind == "bar" else HorizontalLineChart()
            chart.x, chart.y, chart.width, chart.height = 10 * mm, 12 * mm, doc.width - 15 * mm, 45 * mm
            chart.data = [values]
            chart.categoryAxis.categoryNames = [label[:12] for _code, label, _value in series]
            chart.categoryAxis.labels.fontName = regular
            chart.categoryAxis.labels.fontSize = 6
            chart.categoryAxis.labels.angle = 30 if len(series) > 6 else 0
            chart.categoryAxis.labels.boxAnchor = "ne" if len(series) > 6 else "n"
            chart.valueAxis.labels.fontName = regular
            chart.valueAxis.valueMin = 0
            if kind == "bar":
                chart.bars[0].fillColor = colors.HexColor("#5b2a86")
            else:
                chart.lines[0].strokeColor = colors.HexColor("#5b2a86")
            drawing.add(chart)
            story.append(drawing)
        rows = [
            [
                paragraph(table.dimension_labels.get(table.dimensions[0], table.dimensions[0]), small),
                paragraph(_("value"), small),
            ]
        ]
        rows += [
            [paragraph(label, small), paragraph("*" if v is None else str(v), small)] for _code, label, v in series
        ]
        total = table.grand_total()
        if total is not None:
            rows.append([paragraph(_("Total"), small), paragraph("*" if total.hidden else str(total.count), small)])
        grid = Table(rows, colWidths=[doc.width * 0.7, doc.width * 0.3], repeatRows=1)
        grid.setStyle(
            TableStyle(
                [("GRID", (0, 0), (-1, -1), 0.25, colors.grey), ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke)]
            )
        )
        story += [grid, Spacer(1, 4 * mm)]
    if sections:
        story.append(paragraph(_("About these figures"), h2))
        for label, value in metadata(sections[0][1]):
            story.append(paragraph(f"{label}: {value}", small))
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buffer.getvalue()

"""The online-abuse statistics as charts (``templates/includes/chart.html``): only the figures the
report shows. A hidden cell goes to the chart as ``None`` (``*`` in its table, no bar), never as
its count, so the page holds nothing that ``sigap.online.reports`` hid."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from sigap.lib.charts import Chart, Series, Tone, bar_chart
from sigap.lib.disclosure import Cell
from sigap.online.reports import Report

STATUS_TONES: list[Tone] = ["secondary", "info", "primary", "success", "danger", "warning"]  # TakedownStatus order


def shown(cell: Cell) -> int | None:
    return None if cell.hidden else cell.count


@dataclass(frozen=True)
class Breakdown:
    chart: Chart
    cells: int
    hidden: int


def _breakdown(key: str, title: str, rows: list[tuple[str, Cell]], heading: str) -> Breakdown:
    chart = bar_chart(
        key,
        title,
        [(label, shown(cell)) for label, cell in rows],
        value_name=_("Cases"),
        label_heading=heading,
        canvas=True,
    )
    return Breakdown(chart, len(rows), sum(1 for _label, cell in rows if cell.hidden))


def breakdowns(report: Report) -> list[Breakdown]:
    return [
        _breakdown("harm", _("By kind of harm"), report.by_harm, _("Kind of harm")),
        _breakdown("platform", _("By platform"), report.by_platform, _("Platform")),
        _breakdown("age-group", _("Children and adults"), report.by_age_group, _("Client")),
        _breakdown("age", _("By age band of the client"), report.by_age_band, _("Age band")),
        _breakdown("sex", _("By sex of the client"), report.by_sex, _("Sex")),
    ]


def outcomes_chart(report: Report) -> Chart | None:
    """Takedown requests by channel, stacked by outcome."""
    if not report.outcomes:
        return None
    labels = [label for label, _cells in report.outcomes]
    series = [
        Series(
            status, [shown(cells[index]) for _label, cells in report.outcomes], STATUS_TONES[index % len(STATUS_TONES)]
        )
        for index, status in enumerate(report.statuses)
    ]
    # The outcome table under the chart has the same figures, so the chart brings no table of its own.
    title = _("Takedown outcomes by channel")
    return Chart("outcomes", title, labels, series, label_heading=_("Channel"), stacked=True, table="elsewhere")


def hidden_total(report: Report) -> int:
    cells = [
        cell for rows in (report.by_harm, report.by_platform, report.by_age_band, report.by_sex) for _l, cell in rows
    ]
    cells += [cell for _label, row in report.outcomes for cell in row]
    return sum(1 for cell in cells if cell.hidden)

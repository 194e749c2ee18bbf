"""Data for the shared chart (``templates/includes/chart.html``).

A :class:`Chart` is labels and one or more :class:`Series` of counts. The include always renders
it as a table with its numbers (each value with a small bar drawn in SVG, so the page needs neither
JavaScript nor an inline style, which the CSP forbids); with ``canvas=True`` the same figures are
also drawn with Chart.js (``static/sigap/js/charts.js``), read from a ``json_script`` element.

The table is the chart for screen readers and for anyone without JavaScript; the Chart.js canvas
is hidden from assistive technology, so nothing is read twice. Chart.js is about 70 KB compressed:
a page that must stay small (the case list) draws only the table's bars.

A value may be ``None``: the figure is hidden (small-cell suppression); the table shows ``*`` and
the canvas leaves the bar out. Callers never pass a hidden figure's real value.

    chart = bar_chart("stages", _("Cases by stage"), [(label, count), ...])
    {% include "includes/chart.html" with chart=chart %}
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

Text = str | Promise
Tone = Literal["primary", "danger", "warning", "info", "success", "secondary"]
TableMode = Literal["visible", "hidden", "elsewhere"]

CATEGORY = _("Category")
NUMBER = _("Number")


@dataclass(frozen=True)
class Series:
    """One row of figures, one per label; ``tones`` (optional) colours each bar on its own."""

    name: Text
    values: Sequence[int | None]
    tone: Tone = "primary"
    tones: Sequence[Tone] = ()

    def tone_at(self, index: int) -> Tone:
        return self.tones[index] if index < len(self.tones) else self.tone


@dataclass(frozen=True)
class Cell:
    value: int | None
    tone: Tone
    percent: int  # of the largest value (or largest stacked total), for the table's bar

    @property
    def hidden(self) -> bool:
        return self.value is None


@dataclass(frozen=True)
class Row:
    label: Text
    href: str
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Chart:
    """``key`` makes the HTML ids (unique on the page). ``hrefs`` optionally link each label (a
    filter, for example). ``table`` is ``visible`` (the numbers beside or under the chart) or
    ``hidden`` (only for screen readers; use it only where the canvas shows the numbers) or
    ``elsewhere`` (the page has its own table of the same figures, next to the chart)."""

    key: str
    title: Text
    labels: Sequence[Text]
    series: Sequence[Series]
    label_heading: Text = CATEGORY
    description: Text = ""
    horizontal: bool = True  # long Indonesian labels read better as rows on a phone
    stacked: bool = False
    canvas: bool = True
    table: TableMode = "visible"
    hrefs: Sequence[str] = field(default=())

    def __post_init__(self) -> None:
        for series in self.series:
            if len(series.values) != len(self.labels):
                count = len(series.values)
                raise ValueError(f"series {series.name!s} has {count} values for {len(self.labels)} labels")

    @property
    def html_id(self) -> str:
        return f"chart-{self.key}"

    @property
    def data_id(self) -> str:
        return f"chart-{self.key}-data"

    @property
    def empty(self) -> bool:
        """Nothing to list at all (zeros are figures too: "nobody came" is worth a bar)."""
        return not self.labels

    def _scale(self) -> int:
        if self.stacked:
            totals = [sum(s.values[i] or 0 for s in self.series) for i in range(len(self.labels))]
            return max(totals, default=0)
        return max((v or 0 for s in self.series for v in s.values), default=0)

    @property
    def rows(self) -> list[Row]:
        scale = self._scale()
        rows = []
        for index, label in enumerate(self.labels):
            cells = []
            for series in self.series:
                value = series.values[index]
                percent = round(100 * value / scale) if value and scale else 0
                cells.append(Cell(value, series.tone_at(index), percent))
            href = self.hrefs[index] if index < len(self.hrefs) else ""
            rows.append(Row(label, href, tuple(cells)))
        return rows

    @property
    def totals(self) -> list[int | None]:
        """Each series' total, ``None`` when one of its figures is hidden (not derivable here)."""
        return [None if any(v is None for v in s.values) else sum(v or 0 for v in s.values) for s in self.series]

    @property
    def data(self) -> dict[str, Any]:
        """What ``charts.js`` reads (through ``json_script``): plain strings and numbers."""
        return {
            "title": str(self.title),
            "labels": [str(label) for label in self.labels],
            "horizontal": self.horizontal,
            "stacked": self.stacked,
            "series": [
                {
                    "name": str(s.name),
                    "values": list(s.values),
                    "tones": [s.tone_at(i) for i in range(len(self.labels))],
                }
                for s in self.series
            ],
        }


def bar_chart(
    key: str,
    title: Text,
    bars: Iterable[tuple[Text, int | None] | tuple[Text, int | None, Tone]],
    *,
    value_name: Text = NUMBER,
    **options: Any,
) -> Chart:
    """One series from ``(label, value)`` or ``(label, value, tone)`` pairs."""
    labels: list[Text] = []
    values: list[int | None] = []
    tones: list[Tone] = []
    for bar in bars:
        labels.append(bar[0])
        values.append(bar[1])
        tones.append(bar[2] if len(bar) > 2 else "primary")
    return Chart(key, title, labels, [Series(value_name, values, tones=tones)], **options)

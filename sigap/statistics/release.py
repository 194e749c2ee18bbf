"""A released table: the one shape every way figures leave Sigap takes (dashboard, XLSX, CSV, PDF, open
data, data requests).

``sigap.statistics.queries`` is the single source of the counts and of disclosure control; this
module only holds its answer in a form the release side formats, and checks it once more before
anything is released (:func:`release_problems`, :func:`guard`). The check is the rule of
``sigap/lib/disclosure.py`` seen from outside: no visible cell between 1 and the threshold minus
one, and no *line* (cells differing in one dimension, with their published total) whose hidden cells
are a single one or add up to less than the threshold. A table that fails is never released.

Tidy rows (:meth:`ReleaseTable.tidy_rows`) have one row per cell: the dimension columns (a code;
``_T`` for a total over that dimension, as SDMX writes it), ``measure``, ``value`` (empty when
hidden) and ``suppressed`` (true/false).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sigap.lib.disclosure import Cell, protect

TOTAL = "_T"


@dataclass(eq=False)
class ReleaseCell:
    key: dict[str, str]
    count: int
    hidden: bool = False

    @property
    def value(self) -> int | None:
        return None if self.hidden else self.count

    @property
    def is_total(self) -> bool:
        return TOTAL in self.key.values()


@dataclass
class ReleaseTable:
    """Counts of one ``measure`` (cases, victims, perpetrators) by ``dimensions``, with totals.

    ``cells`` holds every cell, totals included (a total has ``_T`` in the dimension it adds up).
    ``exact`` is true inside the owning organisation (nothing hidden, never released outside it).
    """

    measure: str
    dimensions: list[str]
    cells: list[ReleaseCell]
    threshold: int
    scope: str = ""
    scope_label: str = ""
    period_label: str = ""
    verified: bool = True
    unverified: list[str] = field(default_factory=list)
    exact: bool = False
    extracted_at: datetime | None = None
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    dimension_labels: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def hidden_count(self) -> int:
        return sum(1 for cell in self.cells if cell.hidden)

    @property
    def body(self) -> list[ReleaseCell]:
        return [cell for cell in self.cells if not cell.is_total]

    def grand_total(self) -> ReleaseCell | None:
        for cell in self.cells:
            if all(cell.key.get(d) == TOTAL for d in self.dimensions):
                return cell
        return None

    def label(self, dimension: str, code: str) -> str:
        if code == TOTAL:
            return "Total"
        return self.labels.get(dimension, {}).get(code, code)

    def tidy_rows(self) -> list[dict[str, Any]]:
        """One row per cell: dimension codes, ``measure``, ``value`` (None when hidden), ``suppressed``."""
        return [
            {
                **{d: cell.key.get(d, TOTAL) for d in self.dimensions},
                "measure": self.measure,
                "value": cell.value,
                "suppressed": cell.hidden,
            }
            for cell in self.cells
        ]

    def series(self, dimension: str) -> list[tuple[str, str, int | None]]:
        """(code, label, value) along ``dimension`` with every other dimension at its total, in order."""
        others = [d for d in self.dimensions if d != dimension]
        return [
            (cell.key[dimension], self.label(dimension, cell.key[dimension]), cell.value)
            for cell in self.cells
            if cell.key.get(dimension) != TOTAL and all(cell.key.get(d) == TOTAL for d in others)
        ]


def lines_of(table: ReleaseTable) -> list[tuple[list[ReleaseCell], ReleaseCell | None]]:
    """Every line of the table: the cells that differ only in one dimension, with their total."""
    by_key = {tuple(cell.key.get(d, TOTAL) for d in table.dimensions): cell for cell in table.cells}
    groups: dict[tuple[int, tuple[str, ...]], list[ReleaseCell]] = defaultdict(list)
    for key, cell in by_key.items():
        for index, code in enumerate(key):
            if code != TOTAL:
                groups[(index, (*key[:index], TOTAL, *key[index + 1 :]))].append(cell)
    return [(cells, by_key.get(total_key)) for (_, total_key), cells in groups.items()]


def release_problems(table: ReleaseTable) -> list[str]:
    """Why ``table`` may not leave its organisation; empty when it may (exact tables never may)."""
    if table.exact:
        return ["exact figures are for the owning organisation only"]
    problems = [
        f"visible small cell {cell.key}" for cell in table.cells if not cell.hidden and 0 < cell.count < table.threshold
    ]
    for cells, total in lines_of(table):
        if total is not None and total.hidden:
            continue
        hidden = [cell for cell in cells if cell.hidden]
        if hidden and (len(hidden) < 2 or sum(c.count for c in hidden) < table.threshold):
            problems.append(f"line with a hidden cell that can be worked out {hidden[0].key}")
    return problems


class UnsafeRelease(Exception):
    """Raised instead of releasing a table that fails :func:`release_problems`."""


def guard(table: ReleaseTable) -> ReleaseTable:
    problems = release_problems(table)
    if problems:
        raise UnsafeRelease("; ".join(problems[:3]))
    return table


def protect_table(table: ReleaseTable) -> ReleaseTable:
    """Apply ``sigap.lib.disclosure.protect`` over every line of ``table`` (for tables the query
    layer returns unsuppressed, such as a data request's frozen snapshot)."""
    cells = {id(cell): Cell(cell.count, table.threshold) for cell in table.cells}
    lines = lines_of(table)
    protect(
        [[cells[id(c)] for c in line] for line, _ in lines],
        totals=[cells[id(total)] if total is not None else None for _, total in lines],
    )
    for cell in table.cells:
        cell.hidden = cells[id(cell)].hidden
    table.exact = False
    return table


def table_from_counts(
    measure: str,
    dimensions: list[str],
    counts: Mapping[tuple[str, ...], int],
    *,
    codes: Mapping[str, Iterable[str]],
    threshold: int,
    **meta: Any,
) -> ReleaseTable:
    """A full table (every combination of ``codes``, zeros included) with every total, from body
    counts keyed by a code per dimension. Only for additive dimensions: a total is the sum of its line."""
    from itertools import product

    axes = [[*codes[d], TOTAL] for d in dimensions]
    cells = []
    for key in product(*axes):
        count = sum(n for body, n in counts.items() if all(k in (TOTAL, b) for k, b in zip(key, body, strict=True)))
        cells.append(ReleaseCell(dict(zip(dimensions, key, strict=True)), count))
    return ReleaseTable(measure, list(dimensions), cells, threshold, **meta)


def from_query(table: Any, *, scope_label: str = "", extracted_at: datetime | None = None) -> ReleaseTable:
    """The answer of ``sigap.statistics.queries.count_table`` as a released table (same cells, same
    hidden flags; the query layer's total key becomes ``_T``)."""
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from sigap.statistics.queries import DIMENSIONS
    from sigap.statistics.queries import TOTAL as QUERY_TOTAL

    row, column = table.row_dimension, table.column_dimension
    dimensions = [row, column] if column else [row]
    cells: list[ReleaseCell] = []
    for r in table.rows:
        if column:
            for c in table.columns:
                cell = table.cells[(r.code, c.code)]
                cells.append(ReleaseCell({row: r.code, column: c.code}, cell.count, cell.hidden))
            total = table.row_totals[r.code]
            cells.append(ReleaseCell({row: r.code, column: TOTAL}, total.count, total.hidden))
        else:
            cell = table.cells[(r.code, QUERY_TOTAL)]
            cells.append(ReleaseCell({row: r.code}, cell.count, cell.hidden))
    if column:
        for c in table.columns:
            total = table.column_totals[c.code]
            cells.append(ReleaseCell({row: TOTAL, column: c.code}, total.count, total.hidden))
    cells.append(ReleaseCell(dict.fromkeys(dimensions, TOTAL), table.total.count, table.total.hidden))
    labels = {row: {k.code: k.label for k in table.rows}}
    if column:
        labels[column] = {k.code: k.label for k in table.columns}
    notes = []
    if table.multi_valued:
        notes.append(
            _("A case may carry several forms of violence or services: these cells do not add up to the total.")
        )
    for name, codes in table.filters.items():
        notes.append(
            _("Only %(dimension)s: %(codes)s") % {"dimension": DIMENSIONS[name].label, "codes": ", ".join(codes)}
        )
    verified = bool(table.scope.verified_only and not table.exact)
    return ReleaseTable(
        measure=table.unit,
        dimensions=dimensions,
        cells=cells,
        threshold=table.min_cell,
        scope=table.scope.level,
        scope_label=scope_label,
        period_label=str(table.period),
        verified=verified,
        unverified=[] if verified else [_("the figures include months not yet verified")],
        exact=table.exact,
        extracted_at=extracted_at or timezone.now(),
        labels=labels,
        dimension_labels={d: str(DIMENSIONS[d].label) for d in dimensions},
        notes=notes,
    )


def from_snapshot(data: Mapping[str, Any]) -> ReleaseTable:
    """A frozen table (the JSON of ``exports.to_json``, kept on a released data request) back as a table.
    Hidden cells come back with a count of 0: their counts were never stored."""
    from django.utils.dateparse import parse_datetime

    dimensions = list(data["dimensions"])
    cells = [
        ReleaseCell({d: row[d] for d in dimensions}, row["value"] or 0, bool(row["suppressed"])) for row in data["rows"]
    ]
    return ReleaseTable(
        measure=data["measure"],
        dimensions=dimensions,
        cells=cells,
        threshold=data["threshold"],
        scope=data.get("scope", ""),
        scope_label=data.get("scope_label", ""),
        period_label=data.get("period", ""),
        verified=data.get("verified", True),
        extracted_at=parse_datetime(data["extracted_at"]) if data.get("extracted_at") else None,
        labels=data.get("labels", {}),
        dimension_labels=data.get("dimension_labels", {}),
        notes=list(data.get("notes", [])),
    )

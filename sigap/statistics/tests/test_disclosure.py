"""Disclosure control of released tables: no shown cell from 1 to the threshold − 1, and no line with
a shown total and exactly one hidden cell, in any table of a release (sigap.lib.disclosure)."""

from __future__ import annotations

import random
from typing import Any

import pytest
from django.utils import timezone

from sigap.lib.disclosure import Cell, violations
from sigap.statistics.queries import TOTAL, Key, Period, Scope, Table, cell_key, count_table, protect_release

MIN = 5
PERIOD = Period.year(2026)
SCOPE = Scope.of_province("32")


def make_table(counts: list[list[int]], *, rows: str = "sex", columns: str = "age_band") -> Table:
    """A table of given counts (no database): rows × columns with their exact totals."""
    row_codes = [f"r{i}" for i in range(len(counts))]
    column_codes = [f"c{j}" for j in range(len(counts[0]))]
    return Table(
        unit="victim",
        scope=SCOPE,
        period=PERIOD,
        row_dimension=rows,
        column_dimension=columns,
        filters={},
        rows=[Key(c, c) for c in row_codes],
        columns=[Key(c, c) for c in column_codes],
        cells={(r, c): Cell(counts[i][j], MIN) for i, r in enumerate(row_codes) for j, c in enumerate(column_codes)},
        row_totals={r: Cell(sum(counts[i]), MIN) for i, r in enumerate(row_codes)},
        column_totals={c: Cell(sum(row[j] for row in counts), MIN) for j, c in enumerate(column_codes)},
        total=Cell(sum(map(sum, counts)), MIN),
        min_cell=MIN,
        exact=False,
    )


def margin(counts: list[list[int]], *, by_rows: bool) -> Table:
    """The 1-D table of the row (or column) totals: the same cells as the 2-D table's margin."""
    values = [sum(row) for row in counts] if by_rows else [sum(col) for col in zip(*counts, strict=True)]
    prefix = "r" if by_rows else "c"
    table = make_table([[v] for v in values], rows="sex" if by_rows else "age_band", columns="")
    table.rows = [Key(f"{prefix}{i}", "") for i in range(len(values))]
    table.columns = [Key(TOTAL, "")]
    table.cells = {(f"{prefix}{i}", TOTAL): Cell(v, MIN) for i, v in enumerate(values)}
    table.row_totals, table.column_totals = {}, {}
    return table


def released_violations(tables: list[Table]) -> list[str]:
    found: list[str] = []
    for table in tables:
        for line, total in table.lines():
            found += violations([line], [total])
    return found


def test_random_small_counts_never_leave_a_small_cell_or_a_lone_hidden_cell():
    """A seeded random loop (hypothesis is not installed): 400 releases of a 2-D table and its two margins."""
    rng = random.Random(20261208)
    for _ in range(400):
        shape = (rng.randint(1, 5), rng.randint(1, 6))
        counts = [[rng.choice([0, 0, 1, 2, 3, 4, 5, 6, 9, 14, 30]) for _c in range(shape[1])] for _r in range(shape[0])]
        tables = [make_table(counts), margin(counts, by_rows=True), margin(counts, by_rows=False)]
        protect_release(tables)
        assert not released_violations(tables), counts
        # The same count is hidden or shown alike in every table of the release.
        seen: dict[Any, bool] = {}
        for table in tables:
            for (row, column), cell in table.cells.items():
                key = cell_key(table, row, column)
                assert seen.setdefault(key, cell.hidden) == cell.hidden, counts
            if table.column_dimension:
                for row, cell in table.row_totals.items():
                    assert seen.setdefault(cell_key(table, row), cell.hidden) == cell.hidden, counts


def test_a_small_female_count_is_hidden_with_another_and_the_page_can_say_how_many():
    table = make_table([[6, 7], [2, 8]])
    protect_release([table])
    assert table.count("r1", "c0") is None and str(table.cells[("r1", "c0")]) == "*"
    # The 2 is small; the 8 (its row), the 6 (its column) and the 7 (their row and column) protect it.
    assert (table.hidden_small, table.hidden_complementary) == (1, 3)
    assert all(c.hidden for c in table.cells.values())
    assert not any(c.hidden for c in [*table.row_totals.values(), *table.column_totals.values(), table.total])
    assert not released_violations([table])


@pytest.mark.django_db
def test_regional_figures_are_protected_and_the_owner_sees_them_exactly(cast, seeded):
    period = Period.year(timezone.localdate().year)
    own = count_table(scope=Scope.of_organisation(cast.org.pk), period=period, rows="place")
    regional = count_table(
        scope=Scope.of_province(cast.org.province_id, verified_only=False), period=period, rows="place"
    )
    assert own.hidden == 0
    assert [c.count for c in own.cells.values()] == [c.count for c in regional.cells.values()]
    assert not released_violations([regional])
    small = [c for c in regional.cells.values() if 0 < c.count < 5]
    assert small and all(c.hidden for c in small)
    assert regional.hidden_small == len(small) + (1 if 0 < regional.total.count < 5 else 0)


@pytest.mark.django_db
def test_unverified_months_are_not_in_regional_figures_by_default(cast, seeded):
    period = Period.year(timezone.localdate().year)
    table = count_table(scope=Scope.of_province(cast.org.province_id), period=period, rows="place")
    assert table.total.count == 0

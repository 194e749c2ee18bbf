"""Secondary suppression (sigap/lib/disclosure.py): a hidden count cannot be worked out from the totals."""

from __future__ import annotations

from sigap.lib.disclosure import Cell, protect


def _cells(*counts: int) -> list[Cell]:
    return [Cell(n, 5) for n in counts]


def test_a_single_small_cell_hides_the_next_smallest_too():
    total = Cell(7, 5)
    female, male = line = _cells(6, 1)
    protect([line], totals=[total])
    assert male.hidden and female.hidden  # "7, female 6" would give "male 1"
    assert str(male) == str(female) == "*"
    assert not total.hidden


def test_two_small_cells_that_add_up_to_less_than_the_threshold_hide_a_third():
    line = _cells(1, 1, 5, 9)
    protect([line], totals=[Cell(16, 5)])
    assert [c.hidden for c in line] == [True, True, True, False]


def test_a_line_with_no_small_cell_is_left_alone():
    line = _cells(5, 9, 0)
    protect([line], totals=[Cell(14, 5)])
    assert not any(c.hidden for c in line)
    assert [str(c) for c in line] == ["5", "9", "0"]


def test_a_line_that_cannot_be_protected_hides_its_total():
    total = Cell(6, 5)
    line = _cells(1, 1, 1, 1, 1, 1)
    protect([line], totals=[total])
    assert all(c.hidden for c in line) and total.hidden


def test_rows_and_columns_of_a_table_are_protected_until_stable():
    table = [_cells(1, 8, 7), _cells(6, 9, 12)]
    columns = [list(col) for col in zip(*table, strict=True)]
    protect([*table, *columns])
    for line in [*table, *columns]:
        hidden = [c for c in line if c.hidden]
        assert not hidden or (len(hidden) >= 2 and sum(c.count for c in hidden) >= 5)
    assert table[0][0].hidden and table[1][0].hidden

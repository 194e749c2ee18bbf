"""Small-cell suppression for aggregate reports, with secondary suppression.

A count from 1 to ``min_cell`` − 1 could point at a person, so it is *hidden* (primary suppression).
Hiding it alone is not enough when the line's total is published: with a total of 7 and "female 6",
a hidden "male" is 1. :func:`protect` therefore applies one rule to every *line* (a list of cells that
add up to a published or derivable total — a row, a column, or a 1-D breakdown):

    if a line has a hidden cell, it must have at least two, and its hidden cells together must hold
    at least ``min_cell`` and more than one each; otherwise the smallest visible non-zero cell of the
    line is hidden too. Lines share cells (rows and columns of a table), so this is repeated until
    nothing changes.

Subtraction then gives only the sum of two or more hidden cells, which is at least ``min_cell`` and
can be split in more than one way. Every hidden cell is shown the same way (``*``), whether it was
small or hidden to protect a small one, so the reader cannot tell which is which. A line that cannot
be protected this way (all its cells are hidden and still too small together) hides its total too.
Zero cells stay visible: a zero is not a person.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

HIDDEN = "*"


@dataclass(eq=False)
class Cell:
    count: int
    min_cell: int
    hidden: bool = False

    def __post_init__(self) -> None:
        if 0 < self.count < self.min_cell:
            self.hidden = True

    @property
    def suppressed(self) -> bool:
        return self.hidden

    @property
    def small(self) -> bool:
        """Hidden because it is small itself (primary suppression), not to protect another cell."""
        return self.hidden and 0 < self.count < self.min_cell

    def __str__(self) -> str:
        return HIDDEN if self.hidden else str(self.count)


def _safe(hidden: list[Cell], min_cell: int) -> bool:
    total = sum(c.count for c in hidden)
    return not hidden or (len(hidden) >= 2 and total >= min_cell and total > len(hidden))


def protect(lines: Iterable[Sequence[Cell]], totals: Sequence[Cell | None] = ()) -> None:
    """Hide more cells of ``lines`` until no hidden cell can be worked out by subtraction (see the
    module docstring). ``totals[i]``, when given, is the published total of ``lines[i]``; it is
    hidden when its line cannot be protected."""
    lines = [list(line) for line in lines]
    changed = True
    while changed:
        changed = False
        for index, line in enumerate(lines):
            if not line:
                continue
            min_cell = line[0].min_cell
            hidden = [c for c in line if c.hidden]
            if _safe(hidden, min_cell):
                continue
            visible = [c for c in line if not c.hidden and c.count > 0]
            if visible:
                min(visible, key=lambda c: c.count).hidden = True
                changed = True
            elif index < len(totals) and (total := totals[index]) is not None and not total.hidden:
                total.hidden = True
                changed = True


def hidden_reasons(cells: Iterable[Cell]) -> tuple[int, int]:
    """How many of ``cells`` are hidden because they are small, and how many to protect a small one.
    (The released table shows both numbers, never which cell is which.)"""
    small = complementary = 0
    for cell in cells:
        if cell.small:
            small += 1
        elif cell.hidden:
            complementary += 1
    return small, complementary


def violations(lines: Iterable[Sequence[Cell]], totals: Sequence[Cell | None] = ()) -> list[str]:
    """What a released set of lines would give away (empty when nothing): a shown cell from 1 to
    ``min_cell`` − 1, or a line with a shown total and exactly one hidden cell."""
    found: list[str] = []
    for index, line in enumerate(lines):
        shown_small = [c.count for c in line if not c.hidden and 0 < c.count < c.min_cell]
        if shown_small:
            found.append(f"line {index}: small cells shown {shown_small}")
        total = totals[index] if index < len(totals) else None
        if total is not None and not total.hidden and 0 < total.count < total.min_cell:
            found.append(f"line {index}: small total shown {total.count}")
        hidden = [c for c in line if c.hidden]
        if total is not None and not total.hidden and len(hidden) == 1:
            found.append(f"line {index}: one hidden cell beside a shown total")
    return found

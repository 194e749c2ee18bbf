"""A released table: the safety check every release passes, and its files (CSV, JSON, XLSX, PDF)
read back and compared with the counts they were built from."""

from __future__ import annotations

import csv
import io
import json
import random

import pytest
from openpyxl import load_workbook

from sigap.statistics import exports
from sigap.statistics.release import (
    TOTAL,
    ReleaseCell,
    ReleaseTable,
    UnsafeRelease,
    guard,
    protect_table,
    release_problems,
    table_from_counts,
)

SEX = ["female", "male"]
AGE = ["0-5", "6-12", "13-17", "18-24"]
LABELS = {"victim_sex": {"female": "Perempuan", "male": "Laki-laki"}, "victim_age": {a: a for a in AGE}}


def _table(counts: dict[tuple[str, str], int], threshold: int = 5) -> ReleaseTable:
    return table_from_counts(
        "victims",
        ["victim_sex", "victim_age"],
        counts,
        codes={"victim_sex": SEX, "victim_age": AGE},
        threshold=threshold,
        scope="nation",
        scope_label="Indonesia",
        period_label="2026",
        labels=LABELS,
    )


COUNTS = {
    ("female", "0-5"): 3,
    ("female", "6-12"): 12,
    ("female", "13-17"): 20,
    ("female", "18-24"): 9,
    ("male", "0-5"): 1,
    ("male", "6-12"): 6,
    ("male", "13-17"): 8,
    ("male", "18-24"): 0,
}


def test_totals_are_the_sums_of_their_lines():
    table = _table(COUNTS)
    by_key = {(c.key["victim_sex"], c.key["victim_age"]): c.count for c in table.cells}
    assert by_key[("female", TOTAL)] == 44
    assert by_key[(TOTAL, "0-5")] == 4
    assert by_key[(TOTAL, TOTAL)] == 59


def test_an_unprotected_table_with_a_small_cell_is_refused():
    table = _table(COUNTS)
    assert release_problems(table)
    with pytest.raises(UnsafeRelease):
        guard(table)


def test_a_single_hidden_cell_in_a_line_is_refused():
    table = _table({("female", "0-5"): 7, ("male", "0-5"): 6})
    next(c for c in table.cells if c.key == {"victim_sex": "male", "victim_age": "0-5"}).hidden = True
    assert any("worked out" in p for p in release_problems(table))


def test_exact_tables_never_leave_the_organisation():
    table = _table({("female", "0-5"): 7})
    table.exact = True
    assert release_problems(table)


def test_a_protected_table_passes_and_hides_no_zero():
    table = guard(protect_table(_table(COUNTS)))
    assert table.hidden_count >= 2
    assert all(not c.hidden for c in table.cells if c.count == 0)


@pytest.mark.parametrize("seed", range(200))
def test_random_small_counts_are_always_protected(seed):
    rng = random.Random(seed)
    counts = {(s, a): rng.choice([0, 0, 1, 2, 3, 4, 5, 6, 9, 15]) for s in SEX for a in AGE}
    table = protect_table(_table(counts, threshold=rng.choice([3, 5, 10])))
    assert release_problems(table) == []
    for cell in table.cells:
        assert cell.hidden or cell.count == 0 or cell.count >= table.threshold


def test_the_csv_has_one_row_per_cell_with_empty_values_where_hidden():
    table = protect_table(_table(COUNTS))
    rows = list(csv.DictReader(io.StringIO(exports.to_csv(table))))
    assert list(rows[0]) == ["victim_sex", "victim_age", "measure", "value", "suppressed"]
    assert len(rows) == len(table.cells) == 3 * 5
    for row, cell in zip(rows, table.cells, strict=True):
        assert row["suppressed"] == ("true" if cell.hidden else "false")
        assert row["value"] == ("" if cell.hidden else str(cell.count))
    total = next(r for r in rows if r["victim_sex"] == TOTAL and r["victim_age"] == TOTAL)
    assert total["value"] == "59"


def test_the_json_carries_the_same_rows_and_the_hidden_count():
    table = protect_table(_table(COUNTS))
    data = json.loads(exports.to_json_bytes(table))
    assert data["hidden_cells"] == table.hidden_count
    assert [r["value"] for r in data["rows"]] == [None if c.hidden else c.count for c in table.cells]
    assert all(r["value"] is None for r in data["rows"] if r["suppressed"])


def test_the_workbook_has_data_metadata_and_the_same_figures():
    table = protect_table(_table(COUNTS))
    book = load_workbook(io.BytesIO(exports.to_xlsx(table, title="Korban 2026")))
    data, meta = book.worksheets[0], book.worksheets[1]
    rows = list(data.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(table.cells)
    for row, cell in zip(rows, table.cells, strict=True):
        assert row[0] == cell.key["victim_sex"] and row[2] == cell.key["victim_age"]
        assert row[-2] == (None if cell.hidden else cell.count)
        assert row[-1] is cell.hidden
    labels = [r[0] for r in meta.iter_rows(min_row=2, values_only=True)]
    for expected in ("Source", "Period", "Extracted", "Verification", "Suppression rule"):
        assert expected in labels
    assert any(str(r[0]).startswith("Definition") for r in meta.iter_rows(min_row=2, values_only=True))


def test_the_workbook_lists_the_region_codes_of_a_regional_table():
    table = ReleaseTable(
        "cases",
        ["province"],
        [ReleaseCell({"province": "32"}, 40), ReleaseCell({"province": TOTAL}, 40)],
        5,
        labels={"province": {"32": "Jawa Barat"}},
    )
    book = load_workbook(io.BytesIO(exports.to_xlsx(table, title="t")))
    codes = book.worksheets[2]
    assert list(codes.iter_rows(min_row=2, values_only=True)) == [("32", "Jawa Barat")]


def test_the_pdf_report_is_a_pdf_with_its_charts():
    table = protect_table(_table(COUNTS))
    pdf = exports.to_pdf(
        "Laporan tahunan",
        [("Korban menurut jenis kelamin", table, "bar"), ("Korban menurut umur", table, "line")],
        footer="Sigap",
    )
    assert pdf.startswith(b"%PDF") and len(pdf) > 2000

"""Reading and checking the region files that ``load_regions`` loads (format: data/README.md).

Kept apart from the database work in :mod:`sigap.regions.actions` so a bad file is reported with
its file name and line before anything is written.
"""

from __future__ import annotations

import csv
import gzip
import io
from pathlib import Path
from typing import NamedTuple

from sigap.regions.models import CODE_PATTERNS, LEVELS, Level

DEFAULT_DATA_DIR = Path(__file__).resolve().parent / "data"

FILE_STEMS: dict[Level, str] = {
    Level.PROVINCE: "provinces",
    Level.REGENCY: "regencies",
    Level.DISTRICT: "districts",
    Level.VILLAGE: "villages",
}
HEADERS: dict[Level, list[str]] = {
    Level.PROVINCE: ["code", "name"],
    Level.REGENCY: ["code", "province_code", "name"],
    Level.DISTRICT: ["code", "regency_code", "name"],
    Level.VILLAGE: ["code", "district_code", "name"],
}
NAME_MAX_LENGTH = 100


class RegionDataError(Exception):
    """A region file is missing or malformed; the message names the file and line."""


class RegionRow(NamedTuple):
    code: str
    parent: str  # empty for a province
    name: str
    line: int


def find_file(folder: Path, level: Level) -> Path:
    """``<stem>.csv`` if present, else ``<stem>.csv.gz``."""
    for suffix in (".csv", ".csv.gz"):
        candidate = folder / f"{FILE_STEMS[level]}{suffix}"
        if candidate.is_file():
            return candidate
    raise RegionDataError(f"{folder}: no {FILE_STEMS[level]}.csv or {FILE_STEMS[level]}.csv.gz")


def _open_text(path: Path) -> io.TextIOBase:
    if path.suffix == ".gz":
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8-sig", newline="")
    return path.open(encoding="utf-8-sig", newline="")


def read_level(folder: Path, level: Level) -> dict[str, RegionRow]:
    """Every row of one level's file, keyed by code, after checking each one."""
    path = find_file(folder, level)
    rows: dict[str, RegionRow] = {}
    filename = path.name
    with _open_text(path) as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header != HEADERS[level]:
            raise RegionDataError(f"{path.name}: the header must be {','.join(HEADERS[level])}, got {header}")
        for number, record in enumerate(reader, start=2):
            if not record:
                continue
            row = _check_row(filename, number, level, record)
            if row.code in rows:
                first = rows[row.code].line
                raise RegionDataError(f"{filename}:{number}: code {row.code} repeats line {first}")
            rows[row.code] = row
    return rows


def _check_row(filename: str, number: int, level: Level, record: list[str]) -> RegionRow:
    # Called 90,000 times on a full load: keep it lean, build messages only on failure.
    if len(record) != len(HEADERS[level]):
        raise RegionDataError(f"{filename}:{number}: expected {len(HEADERS[level])} columns, got {len(record)}")
    code, name = record[0].strip(), record[-1].strip()
    parent = record[1].strip() if level != Level.PROVINCE else ""
    if not CODE_PATTERNS[level].fullmatch(code):
        raise RegionDataError(f"{filename}:{number}: {code!r} is not a {level.value} code")
    if parent != code.rpartition(".")[0]:
        raise RegionDataError(f"{filename}:{number}: code {code} cannot belong to {parent!r}")
    if not name or len(name) > NAME_MAX_LENGTH:
        raise RegionDataError(f"{filename}:{number}: the name must have 1 to {NAME_MAX_LENGTH} characters")
    return RegionRow(code, parent, name, number)


def read_folder(folder: Path) -> dict[Level, dict[str, RegionRow]]:
    """All four levels; parents are checked against the database later, by the loader."""
    if not folder.is_dir():
        raise RegionDataError(f"{folder} is not a folder")
    return {level: read_level(folder, level) for level in LEVELS}

"""Region test helpers: a small tree of regions in the database, and region files in a folder."""

from __future__ import annotations

import csv
import gzip
from pathlib import Path
from typing import Any

import pytest

from sigap.regions.models import District, Province, Regency, Village


def pytest_configure(config: Any) -> None:
    config.addinivalue_line("markers", "slow: loads the full shipped region data (a few seconds)")


# Names and codes follow the real list; the loader tests add to it.
SMALL_FILES = {
    "provinces": [("code", "name"), ("32", "Jawa Barat"), ("52", "Nusa Tenggara Barat")],
    "regencies": [
        ("code", "province_code", "name"),
        ("32.04", "32", "Kabupaten Bandung"),
        ("32.73", "32", "Kota Bandung"),
        ("52.71", "52", "Kota Mataram"),
    ],
    "districts": [
        ("code", "regency_code", "name"),
        ("32.73.07", "32.73", "Sukajadi"),
        ("32.73.02", "32.73", "Coblong"),
        ("52.71.01", "52.71", "Ampenan"),
    ],
    "villages": [
        ("code", "district_code", "name"),
        ("32.73.07.1003", "32.73.07", "Sukawarna"),
        ("32.73.07.1004", "32.73.07", "Sukagalih"),
        ("32.73.02.1004", "32.73.02", "Dago"),
        ("52.71.01.1004", "52.71.01", "Ampenan Selatan"),
    ],
}


def write_region_files(folder: Path, files: dict[str, list[tuple[str, ...]]], *, gzipped: tuple[str, ...] = ()) -> Path:
    """Write ``files`` ({stem: rows with header}) as CSV into ``folder``; stems in ``gzipped`` as .csv.gz."""
    folder.mkdir(parents=True, exist_ok=True)
    for stem, rows in files.items():
        if stem in gzipped:
            with gzip.open(folder / f"{stem}.csv.gz", "wt", encoding="utf-8", newline="") as handle:
                csv.writer(handle).writerows(rows)
        else:
            with (folder / f"{stem}.csv").open("w", encoding="utf-8", newline="") as handle:
                csv.writer(handle).writerows(rows)
    return folder


@pytest.fixture
def region_files(tmp_path: Path) -> Path:
    return write_region_files(tmp_path / "regions", SMALL_FILES, gzipped=("districts", "villages"))


@pytest.fixture
def tree(regions: dict[str, Any]) -> dict[str, Any]:
    """The shared ``regions`` fixture (Jawa Barat, NTB, Papua, Kota Bandung, Kota Mataram) plus lower levels."""
    jabar: Province = regions["jabar"]
    bandung: Regency = regions["bandung"]
    kab_bandung = Regency.objects.create(code="32.04", province=jabar, name="Kabupaten Bandung")
    sukajadi = District.objects.create(code="32.73.07", regency=bandung, name="Sukajadi")
    coblong = District.objects.create(code="32.73.02", regency=bandung, name="Coblong")
    ampenan = District.objects.create(code="52.71.01", regency=regions["mataram"], name="Ampenan")
    return {
        **regions,
        "kab_bandung": kab_bandung,
        "sukajadi": sukajadi,
        "coblong": coblong,
        "ampenan": ampenan,
        "sukawarna": Village.objects.create(code="32.73.07.1003", district=sukajadi, name="Sukawarna"),
        "sukagalih": Village.objects.create(code="32.73.07.1004", district=sukajadi, name="Sukagalih"),
        "dago": Village.objects.create(code="32.73.02.1004", district=coblong, name="Dago"),
        "ampenan_selatan": Village.objects.create(code="52.71.01.1004", district=ampenan, name="Ampenan Selatan"),
    }

"""Synthetic people and case shapes for the demo data and the benchmark.

Every name is put together at random from lists of common Indonesian given names and family names
written for Sigap; none belongs to a real person. NIKs and phone numbers are well-formed but made up
(phone numbers use the 0812-0000-xxxx block). Proportions (forms of violence, victims' age bands and
sex, place, perpetrator relationship, island group) follow the aggregate SIMFONI-PPA 2024 shape in
``sigap/cases/data/simfoni-2024-shape.csv``, which holds no personal data.
"""

from __future__ import annotations

import csv
import random
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path
from unittest import mock

from sigap.cases.codes import AGE_BANDS, Place, Relationship, ViolenceForm

SHAPE_FILE = Path(__file__).resolve().parent.parent / "data" / "simfoni-2024-shape.csv"

FEMALE_GIVEN = [
    "Siti", "Nur", "Dewi", "Sri", "Ayu", "Putri", "Rina", "Fitri", "Indah", "Lestari", "Ratna", "Yanti",
    "Rahma", "Aisyah", "Nabila", "Zahra", "Salsabila", "Anisa", "Dinda", "Citra", "Intan", "Kartika",
    "Melati", "Wulan", "Puspita", "Nadia", "Aulia", "Safitri", "Wahyuni", "Rini", "Yuliana", "Novita",
    "Kirana", "Larasati", "Maya", "Tiara", "Febri", "Aprilia", "Hana", "Laila", "Khadijah", "Fatimah",
    "Nurul", "Ika", "Eka", "Dwi", "Tri", "Asih", "Sekar", "Bunga", "Naura", "Keisha", "Alya", "Syifa",
    "Baiq", "Ni Luh", "Ni Made", "Ni Komang", "Maria", "Yohana", "Agustina", "Theresia", "Margaretha",
    "Zulaikhâ",
]  # fmt: skip
MALE_GIVEN = [
    "Budi", "Agus", "Andi", "Rizky", "Fajar", "Dimas", "Bayu", "Eko", "Joko", "Hendra", "Arif", "Yoga",
    "Rudi", "Wahyu", "Dedi", "Irfan", "Reza", "Aditya", "Ilham", "Fikri", "Rafi", "Gilang", "Bagus",
    "Teguh", "Slamet", "Hadi", "Yusuf", "Ahmad", "Muhammad", "Farhan", "Alif", "Daffa", "Rangga",
    "Lalu", "I Made", "I Ketut", "I Wayan", "Yohanes", "Markus", "Petrus", "Stefanus", "Andreas",
]  # fmt: skip
FAMILY = [
    "Saputra", "Pratama", "Hidayat", "Nugroho", "Santoso", "Wijaya", "Kusuma", "Setiawan", "Siregar",
    "Nasution", "Harahap", "Simanjuntak", "Lubis", "Sinaga", "Tanjung", "Manurung", "Hutapea",
    "Rahayu", "Lestari", "Handayani", "Susanti", "Kurniawati", "Maharani", "Anggraini", "Permatasari",
    "Purnamasari", "Wulandari", "Ramadhani", "Syahputra", "Firmansyah", "Gunawan", "Hakim", "Maulana",
    "Sembiring", "Ginting", "Tarigan", "Pangaribuan", "Daeng", "Pattiasina", "Wenda", "Kogoya",
    "Yikwa", "Rumbiak", "Mandacan", "Latuconsina", "Rahman", "Hasibuan", "Effendi", "Prasetyo",
]  # fmt: skip
OCCUPATIONS = ["Pelajar", "Ibu rumah tangga", "Pedagang", "Buruh", "Petani", "Karyawan swasta", "Tidak bekerja"]

# Relationship and place counts in the shape file cover the largest groups only; the rest of the
# total is spread over the remaining choices in these proportions (an assumption, not data).
_OTHER_RELATIONSHIPS: dict[str, int] = {
    Relationship.KELUARGA: 30,
    Relationship.TETANGGA: 20,
    Relationship.ORANG_TIDAK_DIKENAL: 18,
    Relationship.GURU: 10,
    Relationship.MAJIKAN: 6,
    Relationship.REKAN_KERJA: 6,
    Relationship.LAINNYA: 10,
}
_OTHER_PLACES: dict[str, int] = {
    Place.TEMPAT_KERJA: 40,
    Place.DARING: 30,
    Place.LEMBAGA_PENDIDIKAN_KILAT: 5,
    Place.LAINNYA: 25,
}

# Province code's first digit -> island group (BPS province numbering).
_ISLAND_BY_FIRST_DIGIT = {
    "1": "sumatera",
    "2": "sumatera",  # Kepulauan Riau, Bangka Belitung
    "3": "jawa",
    "5": "bali_nusa_tenggara",
    "6": "kalimantan",
    "7": "sulawesi",
    "8": "maluku_papua",
    "9": "maluku_papua",
}


def island_group(province_code: str) -> str:
    return _ISLAND_BY_FIRST_DIGIT.get((province_code or "3")[:1], "jawa")


@dataclass(frozen=True)
class Shape:
    """Counts per category and dimension, for weighted random choices."""

    counts: dict[str, dict[str, int]]

    def weights(self, dimension: str) -> dict[str, int]:
        return self.counts.get(dimension, {})

    def pick(self, rng: random.Random, dimension: str) -> str:
        table = self.weights(dimension)
        return rng.choices(list(table), weights=list(table.values()))[0]


def _spread(counts: dict[str, int], total: int, others: dict[str, int]) -> dict[str, int]:
    remainder = max(total - sum(counts.values()), 0)
    share = sum(others.values())
    result = dict(counts)
    for key, weight in others.items():
        result[str(key)] = result.get(str(key), 0) + remainder * weight // share
    return result


@cache
def load_shape(path: Path = SHAPE_FILE) -> Shape:
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            counts[row["dimension"]][row["category"]] = int(row["count"])
    total_cases = counts["total"]["cases"]
    perpetrators = counts["perpetrator_total"]["perpetrators"]
    counts["relationship"] = _spread(counts["relationship"], perpetrators, _OTHER_RELATIONSHIPS)
    counts["place"] = _spread(counts["place"], total_cases, _OTHER_PLACES)
    return Shape(counts=dict(counts))


# --- People ---------------------------------------------------------------------------------


def full_name(rng: random.Random, sex: str) -> str:
    given = rng.choice(FEMALE_GIVEN if sex == "female" else MALE_GIVEN)
    roll = rng.random()
    if roll < 0.2:
        return given
    if roll < 0.45:
        second = rng.choice(FEMALE_GIVEN if sex == "female" else MALE_GIVEN)
        if second != given:
            return f"{given} {second}"
    return f"{given} {rng.choice(FAMILY)}"


def birth_date_for_band(rng: random.Random, band: str, today: date) -> date:
    low, high = next((lo, hi) for label, lo, hi in AGE_BANDS if label == band)
    age = rng.randint(low, high if high is not None else 75)
    return today - timedelta(days=age * 365 + rng.randint(0, 364))


def nik(district_code: str, born: date, female: bool, serial: int) -> str:
    """A well-formed NIK: district code, birth date (women's day + 40), four-digit serial."""
    day = born.day + (40 if female else 0)
    return f"{district_code.replace('.', '')}{day:02d}{born.month:02d}{born.year % 100:02d}{serial % 10000:04d}"


def phone(serial: int) -> str:
    """A made-up mobile number in one block, e.g. 0812-0001-2345."""
    digits = f"{serial % 100_000_000:08d}"
    return f"0812-{digits[:4]}-{digits[4:]}"


def forms_of_violence(rng: random.Random, shape: Shape) -> list[str]:
    """One form by the national weights, and a second one for about a third of cases."""
    forms = {shape.pick(rng, "violence_form")}
    if rng.random() < 0.33:
        forms.add(shape.pick(rng, "violence_form"))
    return sorted(f for f in forms if f in ViolenceForm.values)


# --- Time -----------------------------------------------------------------------------------


@contextmanager
def simulated_clock(start: datetime) -> Iterator[dict[str, datetime]]:
    """``timezone.now()`` returns ``clock["now"]`` inside the block (the verbs stamp their records
    and deadlines with it), so a case's history spreads over the weeks its plan says."""
    clock = {"now": start}
    with mock.patch("django.utils.timezone.now", lambda: clock["now"]):
        yield clock

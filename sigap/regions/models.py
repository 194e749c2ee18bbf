"""Indonesian administrative areas, keyed by their official dotted codes (docs/cases.md).

Regions are reference data loaded by ``manage.py load_regions``; their natural code is the key.
A code carries its whole ancestry (village ``32.73.04.1001`` is in district ``32.73.04``, regency
``32.73`` and province ``32``), so parents, levels and time zones are derived from the code
without a query. Names along the path need the related rows: use ``Model.objects.with_path()``.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from sigap.lib.timezones import zone_for_province, zone_label


class Level(models.TextChoices):
    """The four levels, from the largest to the smallest."""

    PROVINCE = "province", _("province")
    REGENCY = "regency", _("regency/city")
    DISTRICT = "district", _("district")
    VILLAGE = "village", _("village")


LEVELS: tuple[Level, ...] = (Level.PROVINCE, Level.REGENCY, Level.DISTRICT, Level.VILLAGE)
CODE_PATTERNS: dict[Level, re.Pattern[str]] = {
    Level.PROVINCE: re.compile(r"\d{2}"),
    Level.REGENCY: re.compile(r"\d{2}\.\d{2}"),
    Level.DISTRICT: re.compile(r"\d{2}\.\d{2}\.\d{2}"),
    Level.VILLAGE: re.compile(r"\d{2}\.\d{2}\.\d{2}\.\d{4}"),
}


def level_of(code: str) -> Level | None:
    """The level a well-formed code belongs to, or None for anything else."""
    for level, pattern in CODE_PATTERNS.items():
        if pattern.fullmatch(code or ""):
            return level
    return None


def depth(level: Level | str) -> int:
    """0 for a province … 3 for a village."""
    return LEVELS.index(Level(level))


def parent_code(code: str) -> str:
    """``32.73.04`` → ``32.73``; a province has no parent (empty string)."""
    return code.rpartition(".")[0]


def ancestor_codes(code: str) -> list[str]:
    """The codes from the province down to ``code`` itself: ``32.73`` → ``["32", "32.73"]``."""
    parts = code.split(".")
    return [".".join(parts[: i + 1]) for i in range(len(parts))]


class RegionQuerySet(models.QuerySet[Any]):
    def with_path(self) -> RegionQuerySet:
        """Fetch the ancestors in the same query, so ``path`` costs nothing more."""
        related = self.model.path_related
        return self.select_related(related) if related else self


class RegionMixin:
    """What every level shares. Subclasses set ``level``, ``parent_field`` and ``path_related``."""

    level: ClassVar[Level]
    parent_field: ClassVar[str] = ""
    path_related: ClassVar[str] = ""
    code: str
    name: str

    @property
    def parent(self) -> Region | None:
        return getattr(self, self.parent_field) if self.parent_field else None

    @property
    def ancestors(self) -> list[Region]:
        """Parents from the nearest up to the province (needs ``with_path()`` to avoid queries)."""
        found: list[Region] = []
        node = self.parent
        while node is not None:
            found.append(node)
            node = node.parent
        return found

    @property
    def path(self) -> str:
        """``"Village, District, Regency, Province"``: the name a person recognises a place by."""
        return ", ".join([self.name, *(region.name for region in self.ancestors)])

    @property
    def province_code(self) -> str:
        return self.code[:2]

    @property
    def time_zone(self) -> str:
        """IANA zone, derived from the province (docs/cases.md)."""
        return zone_for_province(self.province_code)

    @property
    def time_zone_label(self) -> str:
        return zone_label(self.time_zone)


RegionManager = models.Manager.from_queryset(RegionQuerySet)


class Province(RegionMixin, models.Model):
    """A province (code ``32``). Personal data: no."""

    level = Level.PROVINCE

    code = models.CharField(_("code"), max_length=2, primary_key=True)
    name = models.CharField(_("name"), max_length=100)

    objects = RegionManager()

    class Meta:
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Regency(RegionMixin, models.Model):
    """A regency (kabupaten) or city (kota), code ``32.73``. Personal data: no."""

    level = Level.REGENCY
    parent_field = "province"
    path_related = "province"

    code = models.CharField(_("code"), max_length=5, primary_key=True)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="regencies")
    name = models.CharField(_("name"), max_length=100, db_index=True)

    objects = RegionManager()

    class Meta:
        verbose_name = _("regency/city")
        verbose_name_plural = _("regencies/cities")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_city(self) -> bool:
        return int(self.code[-2:]) >= 71


class District(RegionMixin, models.Model):
    """A district (kecamatan), code ``32.73.04``. Personal data: no."""

    level = Level.DISTRICT
    parent_field = "regency"
    path_related = "regency__province"

    code = models.CharField(_("code"), max_length=8, primary_key=True)
    regency = models.ForeignKey(Regency, on_delete=models.PROTECT, related_name="districts")
    name = models.CharField(_("name"), max_length=100, db_index=True)

    objects = RegionManager()

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Village(RegionMixin, models.Model):
    """A village (desa) or urban village (kelurahan), code ``32.73.04.1001``. Personal data: no."""

    level = Level.VILLAGE
    parent_field = "district"
    path_related = "district__regency__province"

    code = models.CharField(_("code"), max_length=13, primary_key=True)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="villages")
    name = models.CharField(_("name"), max_length=100, db_index=True)

    objects = RegionManager()

    class Meta:
        verbose_name = _("village")
        verbose_name_plural = _("villages")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_kelurahan(self) -> bool:
        return self.code.split(".")[-1].startswith("1")


Region = Province | Regency | District | Village

MODELS: dict[Level, type[Province] | type[Regency] | type[District] | type[Village]] = {
    Level.PROVINCE: Province,
    Level.REGENCY: Regency,
    Level.DISTRICT: District,
    Level.VILLAGE: Village,
}


def get_region(code: str) -> Region | None:
    """The region with this code at whatever level, with its path loaded; None if there is none."""
    level = level_of(code)
    if level is None:
        return None
    return MODELS[level].objects.with_path().filter(code=code).first()

"""Indonesian administrative areas, keyed by their official dotted codes (BRIEF §10).

Regions are reference data loaded by ``manage.py load_regions``; their natural code is the key.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from sigap.lib.timezones import zone_for_province


class Province(models.Model):
    """A province (code ``32``). Personal data: no."""

    code = models.CharField(_("code"), max_length=2, primary_key=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def time_zone(self) -> str:
        return zone_for_province(self.code)


class Regency(models.Model):
    """A regency (kabupaten) or city (kota), code ``32.73``. Personal data: no."""

    code = models.CharField(_("code"), max_length=5, primary_key=True)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="regencies")
    name = models.CharField(_("name"), max_length=100, db_index=True)

    class Meta:
        verbose_name = _("regency/city")
        verbose_name_plural = _("regencies/cities")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_city(self) -> bool:
        return int(self.code[-2:]) >= 71


class District(models.Model):
    """A district (kecamatan), code ``32.73.04``. Personal data: no."""

    code = models.CharField(_("code"), max_length=8, primary_key=True)
    regency = models.ForeignKey(Regency, on_delete=models.PROTECT, related_name="districts")
    name = models.CharField(_("name"), max_length=100, db_index=True)

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Village(models.Model):
    """A village (desa) or urban village (kelurahan), code ``32.73.04.1001``. Personal data: no."""

    code = models.CharField(_("code"), max_length=13, primary_key=True)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="villages")
    name = models.CharField(_("name"), max_length=100, db_index=True)

    class Meta:
        verbose_name = _("village")
        verbose_name_plural = _("villages")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_kelurahan(self) -> bool:
        return self.code.split(".")[-1].startswith("1")

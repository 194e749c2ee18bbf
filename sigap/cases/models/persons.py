from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sigap.cases.codes import DisabilityType, Education, MaritalStatus, Sex, age_band, age_on
from sigap.lib.crypto import blind_index
from sigap.lib.fields import EncryptedCharField
from sigap.lib.models import UUIDModel
from sigap.lib.nik import normalise_nik, validate_nik
from sigap.lib.text import fold, normalise_phone


def index_of_nik(value: str) -> str:
    """The blind index of a NIK as typed (spaces and dots allowed); "" for none."""
    return blind_index(normalise_nik(value), purpose="nik")


def index_of_phone(value: str) -> str:
    """The blind index of a phone number in any form ('+62 812-…', '0812 …'); "" for none."""
    return blind_index(normalise_phone(value), purpose="phone")


class Person(UUIDModel):
    """A victim/client, perpetrator, family member or reporter (docs/cases.md). One person, many cases.

    Personal data: yes (identity, NIK, contact, address, disability).
    """

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="persons",
        verbose_name=_("recorded by"),
    )
    full_name = models.CharField(_("full name"), max_length=200)
    known_as = models.CharField(_("known as"), max_length=100, blank=True)
    name_folded = models.CharField(max_length=200, editable=False, db_index=True)
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    birth_date_estimated = models.BooleanField(
        _("date of birth is estimated"), default=False, help_text=_("Tick when only the age is known.")
    )
    # NIK, phone and address are encrypted; the NIK and phone are found through their blind indexes.
    nik = EncryptedCharField(_("NIK"), max_length=16, blank=True, validators=[validate_nik])
    nik_index = models.CharField(max_length=64, editable=False, blank=True)
    phone = EncryptedCharField(_("phone"), max_length=30, blank=True)
    phone_index = models.CharField(max_length=64, editable=False, blank=True)
    village = models.ForeignKey(
        "regions.Village",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("village"),
    )
    address_detail = EncryptedCharField(_("address (street, RT/RW)"), max_length=300, blank=True)
    has_disability = models.BooleanField(_("has a disability"), default=False)
    disability_type = models.CharField(
        _("kind of disability"), max_length=20, choices=DisabilityType.choices, blank=True
    )
    education = models.CharField(_("education"), max_length=20, choices=Education.choices, blank=True)
    occupation = models.CharField(_("occupation"), max_length=100, blank=True)
    marital_status = models.CharField(_("marital status"), max_length=20, choices=MaritalStatus.choices, blank=True)
    nationality = models.CharField(_("nationality"), max_length=60, default="Indonesia")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        ordering = ["full_name"]
        indexes = [
            models.Index(fields=["organisation", "name_folded"], name="person_org_name_idx"),
            # Name search reads only this index (the id included) on SQLite (sigap.cases.search).
            models.Index(fields=["organisation", "name_folded", "id"], name="person_org_name_id_idx"),
            # Blind indexes are only ever compared whole: a plain index, declared here rather than
            # with db_index, because PostgreSQL adds a second ``_like`` (varchar_pattern_ops) index
            # for db_index that no query uses (265 MB at a million cases, written on every insert).
            models.Index(fields=["nik_index"], name="person_nik_index_idx"),
            models.Index(fields=["phone_index"], name="person_phone_index_idx"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def audit_label(self) -> str:
        """What the audit log shows instead of the name: the log must not become a list of survivors."""
        return f"person {str(self.pk)[:8]}"

    def save(self, *args: object, **kwargs: object) -> None:
        self.name_folded = fold(f"{self.full_name} {self.known_as}")[:200]
        self.nik = normalise_nik(self.nik)
        self.nik_index = index_of_nik(self.nik)
        self.phone_index = index_of_phone(self.phone)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def age(self, on: date | None = None) -> int | None:
        if self.date_of_birth is None:
            return None
        return age_on(self.date_of_birth, on or timezone.localdate())

    @property
    def age_band(self) -> str:
        return age_band(self.age())

    def is_child(self, on: date | None = None) -> bool | None:
        age = self.age(on)
        return None if age is None else age < 18

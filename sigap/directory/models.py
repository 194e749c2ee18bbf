"""The service directory: what each organisation offers, for whom, where and when."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sigap.cases.codes import ClientType, ServiceType, Sex
from sigap.directory.emergency import tel_href
from sigap.lib.models import UUIDModel


class Language(models.TextChoices):
    INDONESIAN = "id", _("Indonesian")
    ENGLISH = "en", _("English")
    JAVANESE = "jv", _("Javanese")
    SUNDANESE = "su", _("Sundanese")
    SASAK = "sas", _("Sasak")
    BUGINESE = "bug", _("Buginese")
    MAKASSARESE = "mak", _("Makassarese")
    SIGN = "bisindo", _("Indonesian Sign Language (BISINDO)")


class ServiceQuerySet(models.QuerySet["Service"]):
    def matching(
        self,
        *,
        province: Any = None,
        regency: Any = None,
        service_type: str = "",
        age: int | None = None,
        sex: str = "",
        client_type: str = "",
        accepting_referrals: bool | None = None,
    ) -> ServiceQuerySet:
        """Services that serve the given region and client; every argument is optional.

        A service serves a regency when the regency or its province is in its service area; it
        serves a province when the province or one of its regencies is.
        """
        qs = self
        if regency:
            code = getattr(regency, "pk", regency)
            qs = qs.filter(
                Q(pk__in=Service.area_regencies.through.objects.filter(regency_id=code).values("service_id"))
                | Q(pk__in=Service.area_provinces.through.objects.filter(province_id=code[:2]).values("service_id"))
            )
        elif province:
            code = getattr(province, "pk", province)
            qs = qs.filter(
                Q(pk__in=Service.area_provinces.through.objects.filter(province_id=code).values("service_id"))
                | Q(
                    pk__in=Service.area_regencies.through.objects.filter(regency__province_id=code).values("service_id")
                )
            )
        if service_type:
            # Stored as a JSON list of codes; quoted, so "pendampingan" does not match a longer code.
            qs = qs.filter(service_types__icontains=f'"{service_type}"')
        if age is not None:
            qs = qs.filter(Q(min_age__isnull=True) | Q(min_age__lte=age), Q(max_age__isnull=True) | Q(max_age__gte=age))
        if sex:
            qs = qs.filter(sex__in=["", sex])
        if client_type:
            qs = qs.filter(client_type__in=["", client_type])
        if accepting_referrals is not None:
            qs = qs.filter(accepting_referrals=accepting_referrals)
        return qs


class Service(UUIDModel):
    """A service an organisation offers to survivors (counselling, legal aid, shelter...).

    Personal data: no (the service's and organisation's contact details are organisational).
    """

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="directory_services",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    service_types = models.JSONField(_("service types"), default=list, blank=True)
    min_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    sex = models.CharField(
        _("sex served"), max_length=10, choices=Sex.choices, blank=True, help_text=_("Empty: any sex.")
    )
    client_type = models.CharField(
        _("client type served"),
        max_length=20,
        choices=ClientType.choices,
        blank=True,
        help_text=_("Empty: children and adult women."),
    )
    languages = models.JSONField(_("languages"), default=list, blank=True)
    languages_note = models.CharField(_("other languages"), max_length=200, blank=True)
    is_free = models.BooleanField(_("free of charge"), default=True)
    cost_note = models.CharField(_("cost note"), max_length=300, blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    village = models.ForeignKey(
        "regions.Village",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("village"),
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    area_regencies = models.ManyToManyField(
        "regions.Regency", blank=True, related_name="+", verbose_name=_("regencies/cities served")
    )
    area_provinces = models.ManyToManyField(
        "regions.Province", blank=True, related_name="+", verbose_name=_("whole provinces served")
    )
    accepting_referrals = models.BooleanField(_("accepting referrals"), default=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="directory_service_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.min_age is not None and self.max_age is not None and self.min_age > self.max_age:
            raise ValidationError({"max_age": _("The maximum age must not be below the minimum age.")})
        unknown = [code for code in self.service_types if code not in ServiceType.values]
        if unknown or not isinstance(self.service_types, list):
            raise ValidationError({"service_types": _("Choose service types from the national list.")})
        if not isinstance(self.languages, list) or any(code not in Language.values for code in self.languages):
            raise ValidationError({"languages": _("Choose languages from the list; name others in the note.")})

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("directory:detail", args=[self.pk])

    @property
    def phone_href(self) -> str:
        """The phone as a ``tel:`` link (digits only: "0370-123 456" dials as written)."""
        return tel_href(self.phone)

    @property
    def service_type_labels(self) -> list[str]:
        labels = dict(ServiceType.choices)
        return [str(labels[code]) for code in self.service_types if code in labels]

    @property
    def language_labels(self) -> list[str]:
        labels = dict(Language.choices)
        return [str(labels[code]) for code in self.languages if code in labels]

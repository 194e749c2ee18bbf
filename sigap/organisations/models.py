from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from sigap.lib.models import UUIDModel
from sigap.lib.timezones import zone_for_province, zone_label
from sigap.organisations.roles import Capability, Role, capabilities_of


class OrganisationKind(models.TextChoices):
    UPTD_PPA_PROVINCE = "uptd_ppa_province", _("UPTD PPA (province)")
    UPTD_PPA_REGENCY = "uptd_ppa_regency", _("UPTD PPA (regency/city)")
    DINAS_PPPA = "dinas_pppa", _("Dinas PPPA")
    POLICE_PPA = "police_ppa", _("Police PPA unit")
    HOSPITAL = "hospital", _("Hospital / integrated service centre (PPT)")
    PUSKESMAS = "puskesmas", _("Community health centre (puskesmas)")
    LEGAL_AID = "legal_aid", _("Legal aid organisation (LBH)")
    SOCIAL_SERVICE = "social_service", _("Social service (Dinas Sosial)")
    NGO = "ngo", _("Non-governmental organisation")
    SAFE_HOUSE = "safe_house", _("Safe house (rumah aman)")
    SAPA_129 = "sapa_129", _("SAPA 129 national service")
    MINISTRY = "ministry", _("Ministry (KemenPPPA)")


class Organisation(UUIDModel):
    """A service or agency that uses Sigap. Personal data: no (public contact details of a service)."""

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=OrganisationKind.choices)
    province = models.ForeignKey(
        "regions.Province", on_delete=models.PROTECT, related_name="organisations", verbose_name=_("province")
    )
    regency = models.ForeignKey(
        "regions.Regency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("regency/city"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent organisation"),
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    whatsapp = models.CharField(_("WhatsApp"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["name", "province"], name="organisation_unique_name")]

    def __str__(self) -> str:
        return self.short_name or self.name

    def clean(self) -> None:
        if self.regency_id and self.province_id and not str(self.regency_id).startswith(f"{self.province_id}."):
            raise ValidationError({"regency": _("The regency/city must be in the chosen province.")})
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": _("An organisation cannot be its own parent.")})

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("organisations:detail", args=[self.pk])

    @property
    def time_zone(self) -> str:
        """IANA zone of the organisation, derived from its province (docs/cases.md)."""
        return zone_for_province(self.province_id or "")

    @property
    def time_zone_label(self) -> str:
        return zone_label(self.time_zone)


class Membership(UUIDModel):
    """A user's role in an organisation; a caseworker may be supervised by a supervisor.

    Personal data: no (links an account to an organisation and role).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("organisation")
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    supervisor = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supervisees",
        verbose_name=_("supervisor"),
        help_text=_("The supervisor of this worker, in the same organisation."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organisation__name", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="membership_unique_role"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.organisation}"

    @property
    def capabilities(self) -> frozenset[Capability]:
        return capabilities_of(self.role)

    def can(self, capability: Capability) -> bool:
        return capability in self.capabilities

    def clean(self) -> None:
        if self.supervisor_id is None:
            return
        sup = self.supervisor
        if sup is None:
            return
        if sup.organisation_id != self.organisation_id:
            raise ValidationError({"supervisor": _("The supervisor must belong to the same organisation.")})
        if not sup.can(Capability.SUPERVISE):
            raise ValidationError({"supervisor": _("The chosen person does not have the supervisor role.")})
        if sup.user_id == self.user_id:
            raise ValidationError({"supervisor": _("Nobody can supervise themselves.")})

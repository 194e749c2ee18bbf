"""Training certificates, verifiable by code."""

from __future__ import annotations

import secrets
from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sigap.learning.models.events import Participant, Programme, TrainingEvent
from sigap.lib.models import UUIDModel


def new_certificate_code() -> str:
    """Short, unguessable, easy to read aloud: no 0/O or 1/I."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    raw = "".join(secrets.choice(alphabet) for _ in range(12))
    return f"SGP-{raw[:4]}-{raw[4:8]}-{raw[8:]}"


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("Valid")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")


class Certificate(UUIDModel):
    """A training certificate (not a professional licence), verifiable by its code.

    Personal data: yes (the holder's name and their training record).
    """

    code = models.CharField(_("code"), max_length=24, unique=True, default=new_certificate_code, editable=False)
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="certificates", verbose_name=_("programme")
    )
    event = models.ForeignKey(
        TrainingEvent,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certificates",
        verbose_name=_("event"),
    )
    participant = models.OneToOneField(
        Participant, on_delete=models.PROTECT, null=True, blank=True, related_name="certificate"
    )
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="certificates",
        verbose_name=_("holder account"),
    )
    holder_name = models.CharField(_("holder"), max_length=200)
    issued_on = models.DateField(_("issued on"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    manual_reason = models.TextField(_("reason for issuing by hand"), blank=True)
    renews = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="renewed_by",
        verbose_name=_("renews"),
        help_text=_("The holder's earlier certificate of the same programme that this one renews."),
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    revoke_reason = models.TextField(_("reason for revocation"), blank=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_on", "holder_name"]

    def __str__(self) -> str:
        return self.code

    @property
    def audit_label(self) -> str:
        return f"certificate {self.code}"

    def status_on(self, day: date | None = None) -> str:
        if self.revoked_at is not None:
            return CertificateStatus.REVOKED
        day = day or timezone.localdate()
        if self.valid_until is not None and self.valid_until < day:
            return CertificateStatus.EXPIRED
        return CertificateStatus.VALID

    @property
    def status(self) -> str:
        return self.status_on()

    def expires_soon(self, days: int = 90) -> bool:
        """Valid now but ending within ``days``: time to renew."""
        if self.status != CertificateStatus.VALID or self.valid_until is None:
            return False
        return (self.valid_until - timezone.localdate()).days <= days

    def get_status_display(self) -> str:
        return str(CertificateStatus(self.status).label)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("learning:certificate", args=[self.pk])

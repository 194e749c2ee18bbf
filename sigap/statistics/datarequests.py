"""Data requests between agencies: the GBVIMS information-sharing protocol as records.

A researcher or partner asks for a table (``spec``: measure, dimensions, period, region); every
organisation whose cases the table counts gets a :class:`DataRequestDecision` and approves or
refuses it; when all approved, the table is computed once, protected (small cells and the cells that
would give them away hidden) and frozen on the request (``snapshot``). Downloads read the snapshot,
never the live figures. Each step is a verb in ``actions_release.py`` with its audit event.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sigap.lib.models import UUIDModel


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the organisations")
    RELEASED = "released", _("Released")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Decision(models.TextChoices):
    PENDING = "pending", _("Waiting")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class DataRequest(UUIDModel):
    """A request for an aggregate table from the organisations whose data it contains.

    Personal data: no (the requester is a staff account; the title and purpose describe a study, and
    the snapshot holds protected aggregate counts only — never a case, a person or a free text).
    """

    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    requester_organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    title = models.CharField(_("title"), max_length=200)
    purpose = models.TextField(_("purpose and use of the data"))
    measure = models.CharField(_("measure"), max_length=20)
    dimensions = models.JSONField(_("breakdowns"), default=list)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    region = models.CharField(_("region code"), max_length=13, blank=True, help_text=_("empty for the nation"))
    status = models.CharField(_("status"), max_length=12, choices=RequestStatus.choices, default=RequestStatus.PENDING)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    snapshot = models.JSONField(_("released table"), null=True, blank=True, editable=False)
    threshold = models.PositiveSmallIntegerField(_("smallest shown count"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("data request")
        verbose_name_plural = _("data requests")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["requester_organisation", "-created_at"], name="datarequest_org_idx"),
            models.Index(fields=["status", "-created_at"], name="datarequest_status_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("statistics_release:request_detail", args=[self.pk])


class DataRequestDecision(UUIDModel):
    """One organisation's answer to a data request about its data. Personal data: no (who decided is
    a staff account; the reason is about the request)."""

    request = models.ForeignKey(DataRequest, on_delete=models.CASCADE, related_name="decisions")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices, default=Decision.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("decision on a data request")
        verbose_name_plural = _("decisions on data requests")
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["request", "organisation"], name="datarequest_decision_unique"),
        ]
        indexes = [models.Index(fields=["organisation", "decision"], name="datarequest_decision_org_idx")]

    def __str__(self) -> str:
        return f"{self.organisation_id}: {self.decision}"

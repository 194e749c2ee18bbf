"""Transfers (docs/coordination.md): a case's ownership moves to another organisation once that organisation
accepts. The proposal carries only what the receiver needs to decide; the old organisation keeps a
read-only record of the transfer and of what its own staff wrote on the case.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sigap.cases.codes import ClientType, RiskLevel, ViolenceForm
from sigap.lib.fields import EncryptedTextField
from sigap.lib.models import UUIDModel

TIMELINE_LABELS = {
    "transfer_proposed": _("Transfer proposed"),
    "transfer_accepted": _("Transferred to another organisation"),
    "transfer_declined": _("Transfer declined"),
    "transfer_withdrawn": _("Transfer withdrawn"),
}


class Transfer(UUIDModel):
    """A proposal to move a case to another organisation, and the receiving supervisor's decision.

    The decision summary (client type, forms of violence, risk, age band, old case number) is copied
    when the transfer is proposed, so the receiver decides without opening the case.

    Personal data: yes (the reason and the decision comment may describe the client's situation;
    both are encrypted).
    """

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Waiting for the receiving organisation")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="transfers")
    from_organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("from")
    )
    to_organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("to")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    reason = EncryptedTextField(_("reason for the transfer"))
    # The minimum the receiver sees before accepting.
    old_number = models.CharField(_("case number at the sending organisation"), max_length=32)
    client_type = models.CharField(_("client type"), max_length=20, choices=ClientType.choices)
    forms = models.JSONField(_("forms of violence"), default=list)
    risk_level = models.CharField(_("risk level"), max_length=10, choices=RiskLevel.choices)
    age_band = models.CharField(_("age band of the main client"), max_length=10, blank=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_comment = EncryptedTextField(_("comment"), blank=True)
    # Filled on acceptance.
    new_number = models.CharField(_("case number at the receiving organisation"), max_length=32, blank=True)
    case_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("new case manager"),
    )
    # Who worked on the case at the old organisation (case manager, team, proposer): they keep the
    # read-only "transferred out" record.
    former_staff = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    persons_moved = models.PositiveSmallIntegerField(default=0)
    persons_copied = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["case"], condition=Q(status="proposed"), name="transfer_one_open_per_case"),
        ]
        indexes = [
            models.Index(fields=["to_organisation", "status", "-created_at"], name="transfer_inbox_idx"),
            models.Index(fields=["from_organisation", "status", "-created_at"], name="transfer_sent_idx"),
        ]

    def __str__(self) -> str:
        return self.old_number

    def get_absolute_url(self) -> str:
        return reverse("transfers:detail", args=[self.pk])

    @property
    def audit_label(self) -> str:
        return f"transfer {str(self.pk)[:8]}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.PROPOSED

    @property
    def form_labels(self) -> list[str]:
        labels = dict(ViolenceForm.choices)
        return [str(labels.get(form, form)) for form in self.forms]

"""Referrals: a case's client sent to another organisation for a service, with what the sender shares.

docs/referrals.md: the receiving organisation accepts or declines, delivers and reports back; the referring
caseworker keeps the case. The receiver sees only the sections of the case the sender chose
(``sections``), and only while the referral is active.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sigap.cases.codes import RiskLevel, ServiceType
from sigap.lib.fields import EncryptedTextField
from sigap.lib.models import UUIDModel
from sigap.organisations.models import OrganisationKind


class Section(models.TextChoices):
    """The parts of a case a sender may share; nothing else of the case ever reaches the receiver."""

    IDENTITY = "identity", _("Identity (name, sex, date of birth, NIK)")
    CONTACT = "contact", _("Contact details (phone, address)")
    VIOLENCE = "violence", _("Forms of violence")
    ASSESSMENT = "assessment", _("Assessment summary")
    PLAN = "plan", _("Plan actions")
    NOTES = "notes", _("Case notes (not restricted ones)")


class Urgency(models.TextChoices):
    ROUTINE = "routine", _("Routine")
    URGENT = "urgent", _("Urgent")
    EMERGENCY = "emergency", _("Emergency")


class Status(models.TextChoices):
    SENT = "sent", _("Sent, waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")
    EXPIRED = "expired", _("Expired (no answer in time)")


# Where a referral may go from each status; anything else is refused by the verbs.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.SENT: frozenset({Status.ACCEPTED, Status.DECLINED, Status.CANCELLED, Status.EXPIRED}),
    Status.ACCEPTED: frozenset({Status.COMPLETED, Status.CANCELLED}),
}
ACTIVE = frozenset({Status.SENT, Status.ACCEPTED})

TIMELINE_LABELS = {
    "referral_sent": _("Referral sent"),
    "referral_accepted": _("Referral accepted"),
    "referral_declined": _("Referral declined"),
    "referral_completed": _("Referral completed"),
    "referral_cancelled": _("Referral cancelled"),
    "referral_expired": _("Referral expired without an answer"),
    "referral_service_recorded": _("Service recorded by the receiving organisation"),
}


class Referral(UUIDModel):
    """A referral of a case's client to a service of another organisation, or to a partner not on Sigap.

    Personal data: yes (the reason and the answers describe the client's situation; it links a case
    to the receiving organisation).
    """

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="referrals")
    from_organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("from")
    )
    service = models.ForeignKey(
        "directory.Service",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("service"),
    )
    to_organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals_received",
        verbose_name=_("to"),
    )
    external_name = models.CharField(_("partner not on Sigap"), max_length=200, blank=True)
    external_contact = models.CharField(_("partner's contact"), max_length=300, blank=True)
    external_kind = models.CharField(_("kind of partner"), max_length=32, choices=OrganisationKind.choices, blank=True)
    # The receiver does not work on Sigap: the sender prints a letter and records its answers.
    is_external = models.BooleanField(_("partner not on Sigap"), default=False)
    service_type = models.CharField(_("service needed"), max_length=30, choices=ServiceType.choices)
    sections = models.JSONField(_("shared sections"), default=list)
    reason = EncryptedTextField(_("reason for the referral"), blank=True)
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.ROUTINE)
    risk_level = models.CharField(_("risk level when sent"), max_length=10, choices=RiskLevel.choices)
    sharing_basis = models.CharField(_("sharing allowed by"), max_length=20, blank=True)
    sharing_override = models.ForeignKey(
        "consent.SharingOverride", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SENT)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(_("sent"))
    due_at = models.DateTimeField(_("answer due"))
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    declined_at = models.DateTimeField(_("declined"), null=True, blank=True)
    decline_reason = EncryptedTextField(_("reason for declining"), blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    outcome = EncryptedTextField(_("outcome"), blank=True)
    closed_at = models.DateTimeField(_("cancelled or expired"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cancel_reason = EncryptedTextField(_("reason for cancelling"), blank=True)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-sent_at"]
        indexes = [
            models.Index(fields=["to_organisation", "-sent_at"], name="referral_inbox_idx"),
            models.Index(fields=["from_organisation", "-sent_at"], name="referral_outbox_idx"),
            models.Index(fields=["status", "due_at"], name="referral_status_due_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(to_organisation__isnull=False) | ~models.Q(external_name=""),
                name="referral_has_a_receiver",
            ),
        ]

    def __str__(self) -> str:
        return self.audit_label

    @property
    def audit_label(self) -> str:
        """Never names the client: the referral's short id."""
        return f"referral {str(self.pk)[:8]}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("referrals:detail", args=[self.pk])

    @property
    def receiver_name(self) -> str:
        if self.to_organisation is not None:
            return self.to_organisation.name
        return self.external_name

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE

    @property
    def is_overdue(self) -> bool:
        """Still waiting for an answer after its due time (until ``expire_referrals`` expires it)."""
        from django.utils import timezone

        return self.status == Status.SENT and self.due_at < timezone.now()

    @property
    def section_labels(self) -> list[str]:
        labels = dict(Section.choices)
        return [str(labels[code]) for code in Section.values if code in self.sections]

    def can_become(self, status: str) -> bool:
        return status in TRANSITIONS.get(self.status, frozenset())

"""Data protection (UU 27/2022 PDP, docs/privacy.md): data subjects' requests, restrictions, breaches."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sigap.lib.models import UUIDModel

# A breach is notified to the people affected and to the supervisory body within 3×24 hours.
BREACH_NOTIFICATION_HOURS = 72


def due_state(due_at: datetime, done: bool, *, now: datetime | None = None) -> str:
    """ "done", "overdue", "due_soon" (within SIGAP_DUE_SOON_HOURS) or "due"."""
    if done:
        return "done"
    now = now or timezone.now()
    if due_at < now:
        return "overdue"
    if due_at - now <= timedelta(hours=settings.SIGAP_DUE_SOON_HOURS):
        return "due_soon"
    return "due"


class SubjectRequest(UUIDModel):
    """A data subject's request under the PDP law, answered by the data protection officer.

    Personal data: yes (who asked, what they asked, the person it concerns).
    """

    class Kind(models.TextChoices):
        ACCESS = "access", _("Access or copy of the data")
        CORRECTION = "correction", _("Correction")
        RESTRICTION = "restriction", _("Restriction of processing")
        ERASURE = "erasure", _("Erasure")
        OBJECTION = "objection", _("Objection")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", _("Completed")
        REFUSED = "refused", _("Refused")

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="subject_requests",
        verbose_name=_("organisation"),
    )
    kind = models.CharField(_("kind of request"), max_length=20, choices=Kind.choices)
    person = models.ForeignKey(
        "cases.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="subject_requests",
        verbose_name=_("person concerned"),
    )
    requester = models.CharField(
        _("who asked"),
        max_length=200,
        help_text=_("For example: the person themself, their mother (guardian), their lawyer."),
    )
    details = models.TextField(_("what is asked"), blank=True)
    received_at = models.DateTimeField(_("received"))
    due_at = models.DateTimeField(_("answer due"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.RECEIVED)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )
    decision_notes = models.TextField(_("decision notes"), blank=True)
    refusal_reason = models.TextField(_("reason for refusal"), blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("data subject request")
        verbose_name_plural = _("data subject requests")
        ordering = ["due_at", "id"]
        indexes = [models.Index(fields=["organisation", "status", "due_at"], name="subject_request_queue_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.received_at:%Y-%m-%d})"

    @property
    def audit_label(self) -> str:
        return f"subject request {str(self.pk)[:8]}"

    @property
    def is_open(self) -> bool:
        return self.status in {self.Status.RECEIVED, self.Status.IN_PROGRESS}

    @property
    def due_state(self) -> str:
        return due_state(self.due_at, not self.is_open)


class PersonRestriction(UUIDModel):
    """Processing of a person's data is restricted (set by the data protection officer).

    Kept beside the person rather than on it, so the cases app's table is untouched; lifting a
    restriction fills ``lifted_at`` and keeps the row. Personal data: yes (links to a person).
    """

    person = models.ForeignKey("cases.Person", on_delete=models.CASCADE, related_name="restrictions")
    request = models.ForeignKey(
        SubjectRequest, on_delete=models.SET_NULL, null=True, blank=True, related_name="restrictions"
    )
    reason = models.TextField(_("reason"), blank=True)
    restricted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    lifted_at = models.DateTimeField(_("lifted"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("restriction of processing")
        verbose_name_plural = _("restrictions of processing")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=models.Q(lifted_at__isnull=True), name="person_restriction_one_active"
            ),
        ]

    @property
    def audit_label(self) -> str:
        return f"restriction {str(self.pk)[:8]}"


class DataCategory(models.TextChoices):
    IDENTITY = "identity", _("Identity (name, NIK, date of birth)")
    CONTACT = "contact", _("Contact and address")
    CASE = "case", _("Case records (narratives, notes, assessments)")
    HEALTH = "health", _("Health and psychological data")
    CHILDREN = "children", _("Children's data")
    CRIMINAL = "criminal", _("Criminal matters")
    ATTACHMENTS = "attachments", _("Attached documents")
    ACCOUNTS = "accounts", _("Staff accounts")
    OTHER = "other", _("Other")


# What the DPO records and may change on a breach (the notification times have their own verb).
BREACH_FIELDS = [
    "discovered_at",
    "description",
    "data_categories",
    "subjects_affected",
    "risk",
    "risk_assessment",
    "containment",
    "status",
]


class Breach(UUIDModel):
    """A personal-data breach in the register, with its 3×24-hour notification deadline.

    Personal data: yes (the description may name staff; write no survivor's name in it).
    """

    class Risk(models.TextChoices):
        LOW = "low", _("Low")
        MEDIUM = "medium", _("Medium")
        HIGH = "high", _("High")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CONTAINED = "contained", _("Contained")
        CLOSED = "closed", _("Closed")

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="breaches", verbose_name=_("organisation")
    )
    discovered_at = models.DateTimeField(_("discovered"))
    description = models.TextField(_("what happened"))
    data_categories = models.JSONField(_("categories of data"), default=list, blank=True)
    subjects_affected = models.PositiveIntegerField(_("people affected (estimate)"), null=True, blank=True)
    risk = models.CharField(_("risk to the people affected"), max_length=10, choices=Risk.choices, blank=True)
    risk_assessment = models.TextField(_("risk assessment"), blank=True)
    containment = models.TextField(_("containment and remedy"), blank=True)
    authority_notified_at = models.DateTimeField(_("supervisory body notified"), null=True, blank=True)
    subjects_notified_at = models.DateTimeField(_("people affected notified"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("breach")
        verbose_name_plural = _("breaches")
        ordering = ["-discovered_at", "id"]
        indexes = [models.Index(fields=["organisation", "-discovered_at"], name="breach_org_discovered_idx")]

    def __str__(self) -> str:
        return f"{self.discovered_at:%Y-%m-%d %H:%M}"

    @property
    def audit_label(self) -> str:
        return f"breach {str(self.pk)[:8]}"

    @property
    def notification_due_at(self) -> datetime:
        return self.discovered_at + timedelta(hours=BREACH_NOTIFICATION_HOURS)

    @property
    def is_notified(self) -> bool:
        return self.authority_notified_at is not None and self.subjects_notified_at is not None

    @property
    def due_state(self) -> str:
        return due_state(self.notification_due_at, self.is_notified)

    def category_labels(self) -> list[str]:
        labels = dict(DataCategory.choices)
        return [str(labels.get(c, c)) for c in self.data_categories]


class AnonymisedCase(models.Model):
    """A case ``apply_retention`` anonymised, and when (so a second run skips it).

    Personal data: no (a case reference and a time).
    """

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="+")
    anonymised_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("anonymised case")
        verbose_name_plural = _("anonymised cases")

    def __str__(self) -> str:
        return f"{self.case_id} {self.anonymised_at:%Y-%m-%d}"

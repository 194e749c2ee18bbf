"""Case conferences (docs/coordination.md): the agencies on a case meet; their decisions become plan actions.

Organised from a case by its team; other organisations and people are invited. Invited
participants from other organisations see the conference record (date, agenda, minutes, decisions,
their own actions), never the case page.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sigap.cases.codes import ServiceType
from sigap.lib.fields import EncryptedTextField
from sigap.lib.models import UUIDModel

TIMELINE_LABELS = {
    "conference_scheduled": _("Case conference scheduled"),
    "conference_changed": _("Case conference changed"),
    "conference_invited": _("Invited to the case conference"),
    "conference_minutes": _("Case conference minutes recorded"),
    "conference_action_added": _("Case conference action added"),
    "conference_actions_adopted": _("Case conference actions added to the plan"),
    "conference_cancelled": _("Case conference cancelled"),
}


class Conference(UUIDModel):
    """A meeting about one case with other organisations.

    Personal data: yes (agenda, minutes and decisions describe the client's situation; encrypted).
    """

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        HELD = "held", _("Held (minutes recorded)")
        CANCELLED = "cancelled", _("Cancelled")

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="conferences")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("organised by")
    )
    title = models.CharField(_("title"), max_length=200)
    scheduled_at = models.DateTimeField(_("date and time"))
    location = models.CharField(_("place or link"), max_length=300, blank=True)
    agenda = EncryptedTextField(_("agenda"), blank=True)
    minutes = EncryptedTextField(_("minutes"), blank=True)
    decisions = EncryptedTextField(_("decisions"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    minutes_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    minutes_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("case conference")
        verbose_name_plural = _("case conferences")
        ordering = ["-scheduled_at"]
        indexes = [models.Index(fields=["case", "-scheduled_at"], name="conference_case_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("conferences:detail", args=[self.pk])

    @property
    def audit_label(self) -> str:
        return f"conference {str(self.pk)[:8]}"


class Invitation(UUIDModel):
    """An organisation, a Sigap user, or a person outside Sigap invited to a conference.

    Personal data: yes (names of people outside Sigap).
    """

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="invitations")
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="conference_invitations",
        verbose_name=_("person on Sigap"),
    )
    name = models.CharField(_("name (not on Sigap)"), max_length=200, blank=True)
    outside_organisation = models.CharField(_("their organisation"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=100, blank=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "user"], condition=Q(user__isnull=False), name="invitation_user_once"
            ),
            models.UniqueConstraint(
                fields=["conference", "organisation"],
                condition=Q(user__isnull=True, organisation__isnull=False),
                name="invitation_organisation_once",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "conference"], name="invitation_org_idx"),
            models.Index(fields=["user", "conference"], name="invitation_user_idx"),
        ]

    def __str__(self) -> str:
        return self.name or str(self.user or self.organisation or "")

    @property
    def is_outside(self) -> bool:
        return self.user_id is None and self.organisation_id is None


class ConferenceAction(UUIDModel):
    """An action agreed at the conference, with its owner; adopted into the case plan later.

    Personal data: yes (the description may describe the client's situation; encrypted).
    """

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="actions")
    service_type = models.CharField(_("service"), max_length=30, choices=ServiceType.choices)
    description = EncryptedTextField(_("what will be done"), blank=True)
    responsible_organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible organisation"),
    )
    responsible_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible person"),
    )
    due_date = models.DateField(_("due by"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Set when the action is added to the case plan (a draft version, approved by a supervisor).
    adopted_at = models.DateTimeField(_("added to the plan"), null=True, blank=True)
    plan = models.ForeignKey(
        "cases.CasePlan", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    plan_action = models.ForeignKey(
        "cases.PlanAction", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )

    class Meta:
        ordering = ["due_date", "created_at"]

    def __str__(self) -> str:
        return str(self.get_service_type_display())

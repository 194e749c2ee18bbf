from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sigap.cases.codes import ClientType, IntakeChannel, Place, Relationship, RiskLevel, ViolenceForm
from sigap.lib.fields import EncryptedTextField
from sigap.lib.models import UUIDModel


class Stage(models.TextChoices):
    """The six stages of case management (docs/cases.md)."""

    IDENTIFICATION = "identification", _("Identification & registration")
    ASSESSMENT = "assessment", _("Assessment")
    PLANNING = "planning", _("Case planning")
    IMPLEMENTATION = "implementation", _("Implementing the plan")
    FOLLOW_UP = "follow_up", _("Follow-up & review")
    CLOSED = "closed", _("Closed")


class Case(UUIDModel):
    """A case owned by one organisation and managed by one case manager.

    Personal data: yes (intake narrative, links to victims and perpetrators).
    """

    number = models.CharField(_("case number"), max_length=32, editable=False)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="cases", verbose_name=_("organisation")
    )
    case_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="managed_cases",
        verbose_name=_("case manager"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("registered by")
    )
    client_type = models.CharField(_("client type"), max_length=20, choices=ClientType.choices)
    intake_channel = models.CharField(_("intake channel"), max_length=20, choices=IntakeChannel.choices)
    reporter = models.ForeignKey(
        "cases.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reported_cases",
        verbose_name=_("reporter"),
    )
    intake_narrative = EncryptedTextField(_("what happened (intake)"), blank=True)
    tpks_offences = models.JSONField(_("TPKS offences"), default=list, blank=True)
    place = models.CharField(_("place of occurrence"), max_length=30, choices=Place.choices, blank=True)
    incident_date = models.DateField(_("date of incident"), null=True, blank=True)
    incident_date_estimated = models.BooleanField(_("date is approximate"), default=False)
    incident_regency = models.ForeignKey(
        "regions.Regency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("where it happened"),
    )
    is_online = models.BooleanField(_("online abuse involved"), default=False)
    risk_level = models.CharField(_("risk level"), max_length=10, choices=RiskLevel.choices)
    risk_reason = EncryptedTextField(_("reason for the risk level"), blank=True)
    flag_disability = models.BooleanField(_("client has a disability"), default=False)
    flag_pregnancy = models.BooleanField(_("client is pregnant"), default=False)
    flag_immediate_danger = models.BooleanField(_("immediate danger"), default=False)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.IDENTIFICATION)
    stage_entered_at = models.DateTimeField(_("in this stage since"))
    registered_at = models.DateTimeField(_("registered"))
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # Denormalised for fast lists: the client's name and the earliest open deadline.
    primary_client_name = models.CharField(max_length=200, blank=True, editable=False)
    # Every client's folded name (``Person.name_folded``), so a search for a common name part can
    # be checked on the case row itself while a list is read in index order (sigap.cases.search).
    client_names_folded = models.CharField(max_length=500, blank=True, editable=False)
    next_due_at = models.DateTimeField(null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-registered_at"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "number"], name="case_number_unique_per_organisation"),
        ]
        indexes = [
            models.Index(fields=["organisation", "stage", "-registered_at"], name="case_org_stage_idx"),
            models.Index(fields=["organisation", "-registered_at"], name="case_org_registered_idx"),
            models.Index(fields=["case_manager", "stage"], name="case_manager_stage_idx"),
            models.Index(fields=["organisation", "next_due_at"], name="case_org_due_idx"),
            models.Index(fields=["number"], name="case_number_idx"),
            # Cases an intake officer registered and nobody manages yet (need-to-know access).
            models.Index(fields=["created_by", "case_manager"], name="case_creator_manager_idx"),
            # The case list sorted by next deadline or by risk reads these in order (sigap.cases.search).
            models.Index(fields=["organisation", "next_due_at", "-registered_at"], name="case_org_due_registered_idx"),
            models.Index(fields=["organisation", "risk_level", "-registered_at"], name="case_org_risk_registered_idx"),
            # My work of a supervisor (sigap.cases.mywork): the oldest open cases nobody manages, and
            # each worker's open and overdue counts, from small indexes of open cases only.
            models.Index(
                fields=["organisation", "registered_at"],
                name="case_open_unassigned_idx",
                condition=models.Q(case_manager__isnull=True) & ~models.Q(stage=Stage.CLOSED),
            ),
            models.Index(
                fields=["organisation", "case_manager", "next_due_at"],
                name="case_open_manager_due_idx",
                condition=~models.Q(stage=Stage.CLOSED),
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("cases:detail", args=[self.pk])

    @property
    def is_closed(self) -> bool:
        return self.stage == Stage.CLOSED

    @property
    def forms(self) -> list[str]:
        return [f.form for f in self.violence_forms.all()]

    @property
    def has_sexual_violence(self) -> bool:
        return ViolenceForm.SEKSUAL in self.forms


def join_client_names(folded_names: Iterable[str]) -> str:
    """``Case.client_names_folded`` from the clients' ``Person.name_folded`` values."""
    return " / ".join(folded_names)[:500]


class CaseNumberSequence(models.Model):
    """The last case number given per organisation and year. Personal data: no."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "year"], name="case_sequence_unique")]

    def __str__(self) -> str:
        return f"{self.year}: {self.last_value}"


class CaseViolenceForm(models.Model):
    """One form of violence recorded on a case (a case may have several). Personal data: no."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="violence_forms")
    form = models.CharField(_("form of violence"), max_length=20, choices=ViolenceForm.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "form"], name="case_form_unique")]
        indexes = [models.Index(fields=["form", "case"], name="case_form_idx")]

    def __str__(self) -> str:
        return self.form


class CaseVictim(UUIDModel):
    """A victim (client) of a case. Personal data: yes (links a person to a case)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="victims")
    person = models.ForeignKey("cases.Person", on_delete=models.PROTECT, related_name="victim_of")
    is_primary = models.BooleanField(_("main client"), default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "person"], name="case_victim_unique")]


class CasePerpetrator(UUIDModel):
    """An alleged perpetrator and their relationship to the victim. Personal data: yes."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="perpetrators")
    person = models.ForeignKey("cases.Person", on_delete=models.PROTECT, related_name="perpetrator_of")
    relationship = models.CharField(_("relationship to the victim"), max_length=30, choices=Relationship.choices)
    is_child = models.BooleanField(
        _("perpetrator is a child"), default=False, help_text=_("Under 18 at the time of the incident.")
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "person"], name="case_perpetrator_unique")]


class CaseTeamMember(UUIDModel):
    """A colleague of the owner organisation given read or edit access to a case. Personal data: no."""

    class Access(models.TextChoices):
        READ = "read", _("Read")
        EDIT = "edit", _("Edit")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="case_teams")
    access = models.CharField(_("access"), max_length=10, choices=Access.choices, default=Access.READ)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "user"], name="case_team_unique")]


class TaskKind(models.TextChoices):
    FIRST_CONTACT = "first_contact", _("First contact / safety action")
    ASSESSMENT = "assessment", _("Complete the assessment")
    PLAN_APPROVAL = "plan_approval", _("Case plan approved")
    POLICE_REPORT = "police_report", _("Report to police (TPKS, 3×24 hours)")
    FOLLOW_UP = "follow_up", _("Follow-up")


class CaseTask(UUIDModel):
    """A deadline on a case: done or not, overdue or due soon.

    Personal data: yes (the note of what was done on a manual task may name people; it is encrypted).
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    kind = models.CharField(_("task"), max_length=20, choices=TaskKind.choices)
    due_at = models.DateTimeField(_("due"))
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = EncryptedTextField(_("what was done"), blank=True)

    class Meta:
        ordering = ["due_at"]
        indexes = [models.Index(fields=["case", "done_at", "due_at"], name="case_task_open_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.due_at:%Y-%m-%d %H:%M})"


class ResponseTime(models.Model):
    """Default response times per risk level (docs/cases.md), editable by an admin. Personal data: no."""

    risk_level = models.CharField(_("risk level"), max_length=10, choices=RiskLevel.choices, unique=True)
    first_contact_hours = models.PositiveIntegerField(_("first contact within (hours)"))
    assessment_days = models.PositiveIntegerField(_("assessment done within (days)"))
    plan_days = models.PositiveIntegerField(_("case plan approved within (days)"))
    follow_up_days = models.PositiveIntegerField(_("follow up every (days)"))

    class Meta:
        verbose_name = _("response time")
        verbose_name_plural = _("response times")

    def __str__(self) -> str:
        return str(self.get_risk_level_display())

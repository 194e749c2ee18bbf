"""What is done on a case: assessments, plans, services, follow-ups, closure."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sigap.cases.codes import AssessmentDomain, ClosureReason, Priority, RiskLevel, ServiceType
from sigap.lib.fields import EncryptedTextField
from sigap.lib.models import UUIDModel


class Assessment(UUIDModel):
    """An initial risk screening or a comprehensive assessment by domain. Personal data: yes."""

    class Kind(models.TextChoices):
        SCREENING = "screening", _("Initial risk screening")
        COMPREHENSIVE = "comprehensive", _("Comprehensive assessment")

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="assessments")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    summary = EncryptedTextField(_("summary"), blank=True)
    risk_level = models.CharField(_("risk level"), max_length=10, choices=RiskLevel.choices, blank=True)
    risk_reason = EncryptedTextField(_("reason for the risk level"), blank=True)
    # What a guided (standard-form) assessment proposed from its risk factors (sigap.cases.guided);
    # risk_level/risk_reason above are what the worker confirmed or chose instead.
    proposed_risk_level = models.CharField(
        _("proposed risk level"), max_length=10, choices=RiskLevel.choices, blank=True
    )
    proposed_risk_reason = EncryptedTextField(_("why this risk level is proposed"), blank=True)
    # The standard form's answers (sigap.forms), in the version it was filled with; None for an
    # assessment typed by domain (before the standard forms), which keeps only its entries.
    form_response = models.OneToOneField(
        "forms.FormResponse",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assessment",
        verbose_name=_("form answers"),
    )
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["created_at"]

    @property
    def is_completed(self) -> bool:
        return self.completed_at is not None


class AssessmentEntry(UUIDModel):
    """Findings and needs in one domain of an assessment. Personal data: yes."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="entries")
    domain = models.CharField(_("domain"), max_length=20, choices=AssessmentDomain.choices)
    findings = EncryptedTextField(_("findings"), blank=True)
    needs = EncryptedTextField(_("needs"), blank=True)
    priority = models.CharField(_("priority"), max_length=10, choices=Priority.choices, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assessment", "domain"], name="assessment_domain_unique")]


class CasePlan(UUIDModel):
    """A version of the case plan; approved versions are read-only, a revision is a new version.

    Personal data: yes (goals and actions describe the client's situation).
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned for changes")
        SUPERSEDED = "superseded", _("Replaced by a newer version")

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="plans")
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decision_comment = models.TextField(_("supervisor's comment"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["case", "number"], name="case_plan_version_unique")]
        indexes = [models.Index(fields=["status", "submitted_at"], name="case_plan_status_idx")]

    @property
    def is_editable(self) -> bool:
        return self.status in {self.Status.DRAFT, self.Status.RETURNED}


class PlanGoal(UUIDModel):
    """A goal of a case plan. Personal data: yes."""

    plan = models.ForeignKey(CasePlan, on_delete=models.CASCADE, related_name="goals")
    text = models.TextField(_("goal"))
    order = models.PositiveSmallIntegerField(default=0)
    # The assessment need this goal answers (optional: a goal may answer none, an old plan has none).
    need = models.ForeignKey(
        AssessmentEntry,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="goals",
        verbose_name=_("need it answers"),
    )

    class Meta:
        ordering = ["order", "created_at"]


class PlanAction(UUIDModel):
    """An action toward a goal: a service, who is responsible, by when. Personal data: yes."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    goal = models.ForeignKey(PlanGoal, on_delete=models.CASCADE, related_name="actions")
    service_type = models.CharField(_("service"), max_length=30, choices=ServiceType.choices)
    description = models.TextField(_("what will be done"), blank=True)
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
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PLANNED)

    class Meta:
        ordering = ["due_date", "created_at"]


class ServiceDelivery(UUIDModel):
    """A service delivered to the client, by the owner unit or another organisation. Personal data: yes."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="services")
    service_type = models.CharField(_("service"), max_length=30, choices=ServiceType.choices)
    delivered_on = models.DateField(_("date"))
    provider_organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("provided by"),
    )
    provider_name = models.CharField(_("provider (not on Sigap)"), max_length=200, blank=True)
    plan_action = models.ForeignKey(
        PlanAction, on_delete=models.SET_NULL, null=True, blank=True, related_name="deliveries"
    )
    outcome = models.TextField(_("outcome"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Recorded by the receiving organisation of a referral (sigap.referrals), through its own verb.
    referral = models.ForeignKey(
        "referrals.Referral", on_delete=models.SET_NULL, null=True, blank=True, related_name="deliveries"
    )

    class Meta:
        ordering = ["-delivered_on", "-created_at"]


class FollowUp(UUIDModel):
    """A follow-up visit or call: progress per goal, new risk level, next date. Personal data: yes."""

    class Method(models.TextChoices):
        HOME_VISIT = "home_visit", _("Home visit")
        PHONE = "phone", _("Phone or video call")
        OFFICE = "office", _("At the office")
        MESSAGE = "message", _("Message")
        OTHER = "other", _("Other")

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="follow_ups")
    held_on = models.DateField(_("date"))
    method = models.CharField(_("method"), max_length=20, choices=Method.choices)
    progress = models.TextField(_("progress on the goals"), blank=True)
    goal_progress = models.JSONField(default=dict, blank=True)
    new_risks = models.TextField(_("new risks"), blank=True)
    risk_level = models.CharField(_("risk level now"), max_length=10, choices=RiskLevel.choices)
    next_date = models.DateField(_("next follow-up"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-held_on", "-created_at"]


class Closure(UUIDModel):
    """A request to close a case, decided by a supervisor; a reopening is recorded too. Personal data: yes."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned")
        REOPENED = "reopened", _("Reopened")

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="closures")
    reason = models.CharField(_("reason"), max_length=30, choices=ClosureReason.choices)
    reason_detail = models.TextField(_("details"), blank=True)
    checklist = models.JSONField(_("closure checklist"), default=dict)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decision_comment = models.TextField(_("supervisor's comment"), blank=True)
    reopened_at = models.DateTimeField(null=True, blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reopen_reason = models.TextField(_("reason for reopening"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"], name="closure_status_idx")]

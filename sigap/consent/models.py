"""Consent to services and to sharing, per case and client, and the decisions to share without it.

docs/cases.md: adults give informed consent; for a child a parent or guardian who is not an alleged
perpetrator consents and the child gives assent. A consent is never edited or deleted: withdrawing
it keeps the record, and a new consent for the same client supersedes the previous one.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sigap.lib.models import UUIDModel, concrete_field


class GivenBy(models.TextChoices):
    CLIENT = "client", _("The client")
    GUARDIAN = "guardian", _("A parent or guardian")


class GuardianRelationship(models.TextChoices):
    MOTHER = "mother", _("Mother")
    FATHER = "father", _("Father")
    GRANDPARENT = "grandparent", _("Grandparent")
    OTHER_FAMILY = "other_family", _("Other family member")
    LEGAL_GUARDIAN = "legal_guardian", _("Legal guardian (wali)")
    OTHER = "other", _("Other")


class Assent(models.TextChoices):
    GIVEN = "given", _("The child agreed (assent given)")
    REFUSED = "refused", _("The child did not agree")
    NOT_SOUGHT = "not_sought", _("Not sought (say why)")
    NOT_APPLICABLE = "not_applicable", _("Not applicable (adult client)")


class Method(models.TextChoices):
    WRITTEN = "written", _("Written form, signed")
    VERBAL_WITNESSED = "verbal_witnessed", _("Verbal, witnessed")
    ELECTRONIC = "electronic", _("Electronic")
    THUMBPRINT = "thumbprint", _("Thumbprint")


class SharingPurpose(models.TextChoices):
    """Why data would leave the owner organisation; ``police_report`` is covered by its own scope."""

    REFERRAL = "referral", _("Referral to another organisation for a service")
    TRANSFER = "transfer", _("Transfer of the case to another organisation")
    CASE_CONFERENCE = "case_conference", _("Case conference with other organisations")
    POLICE_REPORT = "police_report", _("Report to the police")
    EXPORT = "export", _("Sending records to another organisation")


class OverrideGround(models.TextChoices):
    BEST_INTERESTS = "best_interests", _("In the child's best interests")
    LEGAL_DUTY = "legal_duty", _("Required by law (e.g. the TPKS report to police)")
    IMMINENT_DANGER = "imminent_danger", _("Imminent danger to the client or others")


SCOPE_FLAGS = ("services", "police_report", "photos")

TIMELINE_LABELS = {
    "consent_recorded": _("Consent recorded"),
    "consent_withdrawn": _("Consent withdrawn"),
    "sharing_override_requested": _("Sharing without consent requested"),
    "sharing_override_approved": _("Sharing without consent approved"),
    "sharing_override_rejected": _("Sharing without consent refused"),
}


class Consent(UUIDModel):
    """What a client (or their parent/guardian) agreed to on a case, how and when; and its withdrawal.

    Personal data: yes (links the client and a guardian to a case; the scanned form; reasons given).
    """

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="consents")
    person = models.ForeignKey(
        "cases.Person", on_delete=models.PROTECT, related_name="consents", verbose_name=_("client")
    )
    given_by = models.CharField(_("consent given by"), max_length=10, choices=GivenBy.choices)
    guardian = models.ForeignKey(
        "cases.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consents_as_guardian",
        verbose_name=_("parent or guardian"),
    )
    guardian_relationship = models.CharField(
        _("relationship to the client"), max_length=20, choices=GuardianRelationship.choices, blank=True
    )
    assent = models.CharField(_("child's assent"), max_length=20, choices=Assent.choices)
    assent_note = models.TextField(_("about the assent"), blank=True)
    explained = models.BooleanField(_("services, risks, use and sharing of information explained"), default=False)
    services = models.BooleanField(_("receiving services"), default=False)
    police_report = models.BooleanField(_("reporting to the police"), default=False)
    photos = models.BooleanField(_("photos and recordings"), default=False)
    share_organisations = models.ManyToManyField(
        "organisations.Organisation", blank=True, related_name="+", verbose_name=_("share with these organisations")
    )
    share_kinds = models.JSONField(_("share with these kinds of organisation"), default=list, blank=True)
    method = models.CharField(_("how consent was given"), max_length=20, choices=Method.choices)
    witness_name = models.CharField(_("witness"), max_length=200, blank=True)
    given_on = models.DateField(_("date given"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    scanned_form = models.ForeignKey(
        "cases.Attachment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("scanned form"),
    )
    # The latest consent of its case and client; an older one is superseded by ``superseded_by``.
    is_current = models.BooleanField(default=True, editable=False)
    superseded_by = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawn_by = models.CharField(_("withdrawn by"), max_length=10, choices=GivenBy.choices, blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)
    withdrawal_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_on", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "person"], condition=Q(is_current=True), name="consent_one_current_per_client"
            ),
        ]
        indexes = [models.Index(fields=["case", "-given_on"], name="consent_case_idx")]

    def __str__(self) -> str:
        return f"{self.case} · {self.given_on}"

    @property
    def audit_label(self) -> str:
        return f"consent {str(self.pk)[:8]}"

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_on is not None

    @property
    def in_force(self) -> bool:
        """The consent the sharing check relies on: the latest, and not withdrawn."""
        return self.is_current and not self.is_withdrawn

    @property
    def status(self) -> str:
        if self.is_withdrawn:
            return "withdrawn"
        return "in_force" if self.is_current else "superseded"

    def scope_labels(self) -> list[str]:
        """The scope in words (the organisations come from ``share_organisations``, prefetched)."""
        from sigap.organisations.models import OrganisationKind

        labels = [str(concrete_field(Consent, name).verbose_name) for name in SCOPE_FLAGS if getattr(self, name)]
        kinds = dict(OrganisationKind.choices)
        labels += [str(kinds.get(kind, kind)) for kind in self.share_kinds]
        labels += [str(org) for org in self.share_organisations.all()]
        return labels


class SharingOverride(UUIDModel):
    """A documented decision to share a client's data without consent (best interests, a legal duty
    or imminent danger), asked for by a caseworker and decided by a supervisor of the case.

    Personal data: yes (the explanation describes the client's situation).
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a supervisor")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Refused")

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="sharing_overrides")
    person = models.ForeignKey(
        "cases.Person", on_delete=models.PROTECT, related_name="sharing_overrides", verbose_name=_("client")
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=SharingPurpose.choices)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("share with"),
    )
    ground = models.CharField(_("ground"), max_length=20, choices=OverrideGround.choices)
    explanation = models.TextField(_("why sharing without consent is needed"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_comment = models.TextField(_("supervisor's comment"), blank=True)

    class Meta:
        verbose_name = _("sharing without consent")
        verbose_name_plural = _("sharing without consent")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["case", "person", "purpose", "status"], name="override_lookup_idx"),
            models.Index(fields=["status", "created_at"], name="override_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.case} · {self.get_purpose_display()}"

    @property
    def audit_label(self) -> str:
        return f"sharing override {str(self.pk)[:8]}"

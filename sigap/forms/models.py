"""Standard forms (docs/forms.md): definitions, their versions, organisations' own questions, responses.

The app knows nothing about cases: a consumer (the case assessment, the intake screening) keeps a
link to the :class:`FormResponse` it filled and shows it with :mod:`sigap.forms.rendering`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sigap.forms.schema import text
from sigap.lib.fields import EncryptedJSONField
from sigap.lib.models import UUIDModel

AUDIT_LABELS = {
    "forms.definition_created": _("Form created"),
    "forms.draft_saved": _("Form draft saved"),
    "forms.version_published": _("Form version published"),
    "forms.additions_saved": _("Organisation's own questions saved"),
    "forms.imported": _("Form imported"),
    "forms.response_saved": _("Form answers saved"),
    "forms.response_completed": _("Form completed"),
    "forms.response_cleared": _("Form answers cleared"),
}


class FormDefinitionQuerySet(models.QuerySet["FormDefinition"]):
    def with_version_numbers(self) -> FormDefinitionQuerySet:
        """Each form with ``published_number``, ``draft_number`` and ``version_count``, in the one query."""

        def number(status: str) -> models.Subquery:
            versions = FormVersion.objects.filter(definition=models.OuterRef("pk"), status=status)
            return models.Subquery(versions.values("number")[:1])

        return self.annotate(
            published_number=number(FormVersion.Status.PUBLISHED),
            draft_number=number(FormVersion.Status.DRAFT),
            version_count=models.Count("versions"),
        )


class FormDefinition(UUIDModel):
    """A standard form: national (no organisation) or an organisation's own. Its content is in versions.

    Personal data: no (questions, not answers).
    """

    key = models.SlugField(_("key"), max_length=60, unique=True)
    title = models.JSONField(_("title"), default=dict)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
        help_text=_("Empty for a national form."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = FormDefinitionQuerySet.as_manager()

    class Meta:
        verbose_name = _("form")
        verbose_name_plural = _("forms")
        ordering = ["key"]

    def __str__(self) -> str:
        return self.title_text or self.key

    @property
    def title_text(self) -> str:
        return text(self.title)

    @property
    def is_national(self) -> bool:
        return self.organisation_id is None

    @property
    def audit_label(self) -> str:
        return f"form {self.key}"

    def published(self) -> FormVersion | None:
        """The version in use (None before the first publication)."""
        return self.versions.filter(status=FormVersion.Status.PUBLISHED).first()

    def draft(self) -> FormVersion | None:
        return self.versions.filter(status=FormVersion.Status.DRAFT).first()


class FormVersion(UUIDModel):
    """One numbered content of a form. A published version is never changed again: a response keeps
    the version it was filled with, so its answers read with the questions that were asked.

    Personal data: no.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        RETIRED = "retired", _("Retired")

    definition = models.ForeignKey(FormDefinition, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    schema = models.JSONField(_("definition"), default=dict)
    content_hash = models.CharField(max_length=64, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("form version")
        verbose_name_plural = _("form versions")
        ordering = ["definition", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["definition", "number"], name="form_version_number_unique"),
            models.UniqueConstraint(fields=["definition"], condition=Q(status="draft"), name="form_version_one_draft"),
            models.UniqueConstraint(
                fields=["definition"], condition=Q(status="published"), name="form_version_one_published"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.definition.key} v{self.number}"

    @property
    def audit_label(self) -> str:
        return f"form {self.definition.key} v{self.number}"

    @property
    def title_text(self) -> str:
        return text(self.schema.get("title")) or self.definition.title_text


class OrganisationQuestions(UUIDModel):
    """An organisation's own questions on a national form: appended to the national sections or in
    sections of their own. They can never remove or change a national question (the national
    questions are read from the form's version, these only add to them).

    ``schema`` is ``{"sections": [...]}`` (see :func:`sigap.forms.schema.validate_additions`). A
    response keeps a copy of the questions it was filled with (``FormResponse.extra_schema``).

    Personal data: no.
    """

    definition = models.ForeignKey(FormDefinition, on_delete=models.CASCADE, related_name="additions")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    schema = models.JSONField(_("own questions"), default=dict)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("organisation's own questions")
        verbose_name_plural = _("organisations' own questions")
        constraints = [
            models.UniqueConstraint(fields=["definition", "organisation"], name="form_additions_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.definition.key} + {self.organisation_id}"

    @property
    def audit_label(self) -> str:
        return f"form {self.definition.key} own questions"


class FormResponse(UUIDModel):
    """The answers to one version of a form, filled in for one organisation.

    Personal data: yes (the answers describe a client; stored encrypted as one token).
    """

    version = models.ForeignKey(FormVersion, on_delete=models.PROTECT, related_name="responses")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    answers: Any = EncryptedJSONField(_("answers"), default=dict, blank=True)
    # The organisation's own questions as they were when the answers were given (not personal).
    extra_schema = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    cleared_at = models.DateTimeField(_("cleared"), null=True, blank=True)

    class Meta:
        verbose_name = _("form response")
        verbose_name_plural = _("form responses")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.audit_label

    @property
    def audit_label(self) -> str:
        return f"form response {str(self.pk)[:8]}"

    @property
    def is_complete(self) -> bool:
        return self.completed_at is not None

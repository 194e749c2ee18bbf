"""The case record: timeline, notes, attachments."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sigap.lib.fields import EncryptedTextField
from sigap.lib.models import AppendOnlyModel, UUIDModel


class TimelineEvent(AppendOnlyModel):
    """One thing that happened on a case, written by a verb. Append-only.

    Personal data: yes (the summary may name people).
    """

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="timeline")
    at = models.DateTimeField(_("time"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    verb = models.CharField(_("event"), max_length=64)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["case", "-at"], name="timeline_case_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.verb}"


class Note(UUIDModel):
    """A case note; restricted notes are for psychologists/counsellors and supervisors only.

    Personal data: yes. A note can be edited for a short window; after that a correction is a new
    note pointing at the old one.
    """

    class Visibility(models.TextChoices):
        NORMAL = "normal", _("Everyone on the case")
        RESTRICTED = "restricted", _("Restricted (psychologist/counsellor and supervisor)")

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = EncryptedTextField(_("note"))
    visibility = models.CharField(_("who may read it"), max_length=12, choices=Visibility.choices, default="normal")
    corrects = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrections")

    class Meta:
        ordering = ["-created_at"]


class Attachment(UUIDModel):
    """A document or image on a case, stored encrypted; its SHA-256 is recorded. Personal data: yes."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="attachments")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    storage_name = models.CharField(max_length=255, editable=False)
    # A file found to show a sexual image is destroyed (``destroy_sexual_image``): the blob is deleted,
    # the row stays as a tombstone with its SHA-256, size, type, uploader and date for the police.
    destroyed_at = models.DateTimeField(_("destroyed at"), null=True, blank=True, editable=False)
    destroyed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    destroyed_reason = EncryptedTextField(_("why it was destroyed"), blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # A tombstone keeps nothing that could describe the content, and points at no stored file.
            models.CheckConstraint(
                condition=models.Q(destroyed_at__isnull=True, destroyed_by__isnull=True)
                | models.Q(destroyed_at__isnull=False, storage_name="", title="", original_name=""),
                name="cases_attachment_tombstone_is_empty",
            ),
        ]

    @property
    def is_destroyed(self) -> bool:
        return self.destroyed_at is not None

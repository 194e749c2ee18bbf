from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sigap.lib.models import AppendOnlyModel, AppendOnlyQuerySet


class FieldChangeQuerySet(AppendOnlyQuerySet):
    # The two dedicated paths past the append-only rule, for jobs that must reach old rows.

    def purge(self) -> int:
        """Remove these rows for good: only for retention and erasure (personal data past its time)."""
        return self._raw_delete(self.db)

    def rewrite_values(self, pk: int, *, old_value: str, new_value: str) -> int:
        """Store one row's values again, re-encrypted with the current key (key rotation only)."""
        return models.QuerySet.update(self.filter(pk=pk), old_value=old_value, new_value=new_value)


class FieldChange(AppendOnlyModel):
    """One field of one record changed by one verb: who, when, the old and the new value. Append-only.

    Personal data: yes (old and new values of persons, cases, plans and assessments; the sensitive
    ones — NIK, phone, address, narratives, assessment text — are stored encrypted).

    Rows written together by one verb share a ``change_set``; a correction carries its reason.
    ``case_id`` is the case the record belongs to (empty for a person, who may be on several), so
    the history of a case gathers its plans and assessments with one indexed query. It is a plain
    value, not a foreign key: history outlives what it describes and is never cascaded away.
    """

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    change_set = models.UUIDField(_("change set"), default=uuid.uuid4, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    object_type = models.CharField(_("record type"), max_length=100)
    object_id = models.CharField(_("record id"), max_length=64)
    object_label = models.CharField(_("record"), max_length=100, blank=True)
    case_id = models.UUIDField(_("case"), null=True, blank=True)
    field = models.CharField(_("field"), max_length=100)
    old_value = models.TextField(_("old value"), blank=True)
    new_value = models.TextField(_("new value"), blank=True)
    encrypted = models.BooleanField(_("values encrypted"), default=False)
    reason = models.TextField(_("reason"), blank=True)

    objects = FieldChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("field change")
        verbose_name_plural = _("field changes")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["case_id", "-at", "-id"], name="history_case_idx"),
            models.Index(fields=["object_type", "object_id", "-at", "-id"], name="history_object_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.object_type} {self.field}"

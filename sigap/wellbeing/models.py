"""A worker's private wellbeing check-in.

Hers alone: nobody else — supervisor, organisation admin, DPO, national admin, Django admin — ever
sees a check-in (see docs/wellbeing.md).
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sigap.lib.fields import EncryptedTextField
from sigap.lib.models import UUIDModel
from sigap.wellbeing import who5


class CheckIn(UUIDModel):
    """One check-in: WHO-5 answers and score, work-strain answers and a note, all encrypted.

    Personal data: yes (the worker's own health information; encrypted, never in the admin).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="wellbeing_checkins", verbose_name=_("worker")
    )
    # The organisation she worked in when she checked in: only for the team figure, and only when she
    # chose to count in it.
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("organisation"),
    )
    in_team_figure = models.BooleanField(_("counted in the team figure"), default=False)
    answers_encrypted = EncryptedTextField(_("answers"))
    note = EncryptedTextField(_("private note"), blank=True, max_length=2000)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="wellbeing_user_created"),
            models.Index(fields=["organisation", "created_at"], name="wellbeing_org_created"),
        ]
        verbose_name = _("wellbeing check-in")
        verbose_name_plural = _("wellbeing check-ins")

    def __str__(self) -> str:
        return f"check-in {self.pk}"

    audit_label = property(lambda self: f"check-in {self.pk}")

    @property
    def answers(self) -> dict[str, Any]:
        return dict(json.loads(self.answers_encrypted)) if self.answers_encrypted else {}

    @answers.setter
    def answers(self, value: dict[str, Any]) -> None:
        self.answers_encrypted = json.dumps(value, sort_keys=True)

    @property
    def score(self) -> int:
        return who5.percentage(self.answers)

    @property
    def level(self) -> str:
        return who5.level(self.score)

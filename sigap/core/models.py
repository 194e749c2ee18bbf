from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from sigap.lib.models import UUIDModel


class OutboundEmail(UUIDModel):
    """An email waiting to be sent, or sent, by the background worker.

    Personal data: yes (recipient address and message body).

    The row makes sending idempotent: a task claims it with a conditional update, so a task that
    runs twice sends once.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    to = models.JSONField(_("recipients"))
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("body"))
    html_body = models.TextField(_("HTML body"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("outbound email")
        verbose_name_plural = _("outbound emails")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.subject

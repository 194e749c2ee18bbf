from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sigap.lib.models import UUIDModel


class OutboundEmail(UUIDModel):
    """An email waiting to be sent, or sent, by the background worker.

    Personal data: yes (recipient address and message body).

    The row makes sending idempotent: a task claims it with a conditional update, so a task that
    runs twice sends once. The claim is a lease (``claimed_until``): a worker that died while sending
    leaves the row "sending" only until the lease expires; then it is sent again, with the same
    Message-ID (``message_id``), so the mail server or the recipient's client can drop a duplicate
    (see docs/deploy.md, "Background work after a crash").
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
    claimed_until = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("outbound email")
        verbose_name_plural = _("outbound emails")
        ordering = ["-created_at"]
        # The reaper looks for rows waiting or sending for too long every minute.
        indexes = [models.Index(fields=["status", "updated_at"], name="core_email_status_updated")]

    def __str__(self) -> str:
        return self.subject

    @property
    def message_id(self) -> str:
        """The Message-ID every attempt at this email carries: the row's key, stable across resends."""
        domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip(" >") or "sigap.invalid"
        return f"<{self.pk.hex}@{domain}>"


class WorkerHeartbeat(UUIDModel):
    """A background worker's sign of life, written every few seconds by ``manage.py worker``.

    Personal data: no.

    A task left "running" by a worker whose heartbeat stopped longer ago than the lease
    (``SIGAP_WORKER_LEASE_SECONDS``) was stranded by a crash and is handed to another worker
    (``sigap.core.worker.requeue_stranded``).
    """

    worker_id = models.CharField(max_length=64, unique=True)
    seen_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self) -> str:
        return self.worker_id

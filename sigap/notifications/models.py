"""Notifications: what happened that a user should know, in the app and by email, and each user's
choice of channels per kind. The kinds and their wording live in ``kinds.py``."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sigap.lib.models import UUIDModel


class Kind(models.TextChoices):
    REFERRAL_RECEIVED = "referral_received", _("Referral received")
    REFERRAL_ACCEPTED = "referral_accepted", _("Referral accepted")
    REFERRAL_DECLINED = "referral_declined", _("Referral declined")
    REFERRAL_OVERDUE = "referral_overdue", _("Referral overdue")
    REFERRAL_CANCELLED = "referral_cancelled", _("Referral cancelled")
    CASE_ASSIGNED = "case_assigned", _("Case assigned to me")
    APPROVAL_REQUESTED = "approval_requested", _("Approval requested")
    APPROVAL_DECIDED = "approval_decided", _("Approval decided")
    TRANSFER_PROPOSED = "transfer_proposed", _("Case transfer proposed")
    TRANSFER_DECIDED = "transfer_decided", _("Case transfer decided")
    CONFERENCE_INVITATION = "conference_invitation", _("Case conference invitation")
    DAILY_DIGEST = "daily_digest", _("Daily digest of due and overdue work")
    TAKEDOWN_REMINDER = "takedown_reminder", _("Takedown request without progress")
    CERTIFICATE_ISSUED = "certificate_issued", _("Training certificate issued")
    CERTIFICATE_REVOKED = "certificate_revoked", _("Training certificate revoked")
    SEXUAL_IMAGE_DESTROYED = "sexual_image_destroyed", _("File with a sexual image destroyed")
    DATA_REQUEST_RECEIVED = "data_request_received", _("Data request to decide")
    DATA_REQUEST_DECIDED = "data_request_decided", _("Data request decided")


class Notification(UUIDModel):
    """One thing that happened, for one recipient: shown in their notification centre (``in_app``)
    and/or sent by email (``email``).

    Personal data: yes (who received it and which staff member acted; never a survivor: titles are
    built from case numbers, kinds and organisation names, see ``kinds.py``).

    A row is kept even when only the email channel is on: it is the delivery record that makes
    ``notify`` idempotent (``dedupe_key`` is unique per recipient) and the target of the email's link.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("recipient")
    )
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    case = models.ForeignKey("cases.Case", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    target_type = models.ForeignKey(ContentType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    target_id = models.CharField(max_length=64, blank=True)
    # Values for the kind's wording (case number, organisation name, counts): no survivor's data.
    params = models.JSONField(default=dict, blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    in_app = models.BooleanField(_("shown in the app"), default=True)
    email = models.ForeignKey(
        "core.OutboundEmail", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    dedupe_key = models.CharField(max_length=200, blank=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"],
                condition=~Q(dedupe_key=""),
                name="notification_dedupe_per_recipient",
            )
        ]
        indexes = [
            models.Index(fields=["recipient", "in_app", "-created_at"], name="notification_centre"),
            models.Index(
                fields=["recipient"], condition=Q(in_app=True, read_at__isnull=True), name="notification_unread"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def title(self) -> str:
        """The wording in the active language (the viewer's, or the recipient's for an email)."""
        from sigap.notifications.kinds import render_title

        return render_title(self.kind, self.params)

    @property
    def body_lines(self) -> list[str]:
        from sigap.notifications.kinds import render_body

        return render_body(self.kind, self.params)


class Preference(UUIDModel):
    """A user's channels for one kind of notification; without a row the kind's defaults apply.

    Personal data: no (a user's settings, no personal attributes).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    in_app = models.BooleanField(_("in the app"))
    email = models.BooleanField(_("by email"))

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_per_kind")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}"

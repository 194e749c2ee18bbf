"""Mentoring: certified workers, their mentees and their sessions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sigap.lib.fields import EncryptedTextField
from sigap.lib.models import UUIDModel


class MentorProfile(UUIDModel):
    """A certified worker offering to mentor peers. Personal data: yes (a person's work profile)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentor_profile", verbose_name=_("mentor")
    )
    province = models.ForeignKey(
        "regions.Province", on_delete=models.PROTECT, related_name="+", verbose_name=_("province")
    )
    regency = models.ForeignKey(
        "regions.Regency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("regency/city"),
    )
    expertise = models.CharField(_("expertise"), max_length=300)
    is_active = models.BooleanField(_("available"), default=True)

    class Meta:
        verbose_name = _("mentor")
        verbose_name_plural = _("mentors")


class MentorPair(UUIDModel):
    """A mentor and a mentee. Personal data: yes (who mentors whom)."""

    mentor = models.ForeignKey(MentorProfile, on_delete=models.CASCADE, related_name="pairs", verbose_name=_("mentor"))
    mentee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentor_pairs", verbose_name=_("mentee")
    )
    started_on = models.DateField(_("started on"), default=timezone.localdate)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)

    class Meta:
        verbose_name = _("mentoring pair")
        verbose_name_plural = _("mentoring pairs")


class MentoringSession(UUIDModel):
    """A mentoring meeting; the notes are private to the pair and the mentee's supervisor.

    Personal data: yes (notes about a person's work).
    """

    pair = models.ForeignKey(MentorPair, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("pair"))
    held_on = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=200)
    notes = EncryptedTextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("mentoring session")
        verbose_name_plural = _("mentoring sessions")
        ordering = ["-held_on"]

"""Programmes and their training events: sessions, participants, attendance and feedback."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sigap.learning.models.elearning import Course, Quiz
from sigap.lib.models import UUIDModel


class Competency(models.TextChoices):
    CASE_MANAGEMENT = "case_management", _("Case management")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial support")
    ONLINE_ABUSE = "online_abuse", _("Online abuse cases")
    OTHER = "other", _("Other")


class Programme(UUIDModel):
    """A training programme: its curriculum, required e-learning, tests and certification rule.

    Personal data: no.
    """

    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="programmes",
        verbose_name=_("organisation"),
    )
    competency = models.CharField(
        _("competency"), max_length=20, choices=Competency.choices, default=Competency.CASE_MANAGEMENT
    )
    required_courses = models.ManyToManyField(
        Course, blank=True, related_name="programmes", verbose_name=_("required e-learning courses")
    )
    pre_test = models.ForeignKey(
        Quiz, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("pre-test")
    )
    post_test = models.ForeignKey(
        Quiz, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("post-test")
    )
    min_attendance = models.PositiveSmallIntegerField(_("minimum attendance (%)"), default=80)
    post_test_pass_mark = models.PositiveSmallIntegerField(_("post-test pass mark (%)"), default=70)
    validity_months = models.PositiveSmallIntegerField(
        _("certificate validity (months)"), default=36, help_text=_("0 means the certificate does not expire.")
    )

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class ProgrammeSession(UUIDModel):
    """A session of a programme's curriculum. Personal data: no."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("programme")
    )
    title = models.CharField(_("title"), max_length=200)
    objectives = models.TextField(_("objectives"), blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=90)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("programme session")
        verbose_name_plural = _("programme sessions")
        ordering = ["programme", "order"]

    def __str__(self) -> str:
        return self.title


class EventMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    BLENDED = "blended", _("Blended")


class TrainingEvent(UUIDModel):
    """One run of a programme for a cohort. Personal data: no (the participants are rows of their own)."""

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="events", verbose_name=_("programme")
    )
    title = models.CharField(_("title"), max_length=250)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="training_events",
        verbose_name=_("organiser"),
    )
    partners = models.ManyToManyField(
        "organisations.Organisation",
        blank=True,
        related_name="partnered_events",
        verbose_name=_("partner organisations"),
    )
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="facilitated_events", verbose_name=_("facilitators")
    )
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    mode = models.CharField(_("mode"), max_length=10, choices=EventMode.choices, default=EventMode.IN_PERSON)
    venue = models.CharField(_("venue"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("training event")
        verbose_name_plural = _("training events")
        ordering = ["-start_date", "title"]
        constraints = [
            models.CheckConstraint(condition=models.Q(end_date__gte=models.F("start_date")), name="event_dates_ordered")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("learning:event", args=[self.pk])


class EventSession(UUIDModel):
    """A session as held at an event (from the programme's curriculum), with its day. Personal data: no."""

    event = models.ForeignKey(TrainingEvent, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("event"))
    programme_session = models.ForeignKey(
        ProgrammeSession, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("date"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("event session")
        verbose_name_plural = _("event sessions")
        ordering = ["event", "order"]

    def __str__(self) -> str:
        return self.title


class Participant(UUIDModel):
    """A participant of an event: a Sigap user, or an invited person with name, organisation, role and
    region; their pre- and post-test scores.

    Personal data: yes (name, workplace, role and region of a person; test scores).
    """

    event = models.ForeignKey(
        TrainingEvent, on_delete=models.CASCADE, related_name="participants", verbose_name=_("event")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="participations",
        verbose_name=_("user"),
    )
    full_name = models.CharField(_("name"), max_length=200)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation in Sigap"),
    )
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    role_title = models.CharField(_("role"), max_length=120, blank=True)
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
    pre_score = models.DecimalField(_("pre-test score (%)"), max_digits=5, decimal_places=1, null=True, blank=True)
    post_score = models.DecimalField(_("post-test score (%)"), max_digits=5, decimal_places=1, null=True, blank=True)
    elearning_confirmed_on = models.DateField(
        _("e-learning confirmed on"),
        null=True,
        blank=True,
        help_text=_("For invited people without a Sigap account: the day a facilitator confirmed the e-learning."),
    )

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["event", "full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"], condition=models.Q(user__isnull=False), name="participant_unique_user"
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def audit_label(self) -> str:
        return f"participant {self.pk}"


class Attendance(UUIDModel):
    """Whether a participant was present at a session. Personal data: yes (a person's attendance)."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("participant")
    )
    session = models.ForeignKey(EventSession, on_delete=models.CASCADE, related_name="attendance")
    present = models.BooleanField(_("present"), default=True)
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["participant", "session"], name="attendance_unique")]


class Feedback(UUIDModel):
    """A participant's feedback on an event. Personal data: yes (a person's opinion)."""

    participant = models.OneToOneField(
        Participant, on_delete=models.CASCADE, related_name="feedback", verbose_name=_("participant")
    )
    rating = models.PositiveSmallIntegerField(_("overall rating (1–5)"))
    useful = models.TextField(_("what was most useful"), blank=True)
    improve = models.TextField(_("what should be improved"), blank=True)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")

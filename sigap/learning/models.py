"""Capacity building (BRIEF §9): programmes, training events, e-learning, certificates, mentoring."""

from __future__ import annotations

import secrets
from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sigap.lib.fields import EncryptedTextField
from sigap.lib.models import UUIDModel


class Competency(models.TextChoices):
    CASE_MANAGEMENT = "case_management", _("Case management")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial support")
    ONLINE_ABUSE = "online_abuse", _("Online abuse cases")
    OTHER = "other", _("Other")


# --- E-learning ---------------------------------------------------------------------------


class Course(UUIDModel):
    """An e-learning course: modules of lessons and quizzes. Personal data: no."""

    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="courses",
        verbose_name=_("organisation"),
        help_text=_("The organisation that maintains the course."),
    )
    is_published = models.BooleanField(_("published"), default=True)

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("learning:course", args=[self.pk])


class Module(UUIDModel):
    """A part of a course. Personal data: no."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="modules", verbose_name=_("course"))
    title = models.CharField(_("title"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        ordering = ["course", "order", "title"]

    def __str__(self) -> str:
        return self.title


class MediaKind(models.TextChoices):
    NONE = "", _("None")
    IMAGE = "image", _("Image")
    VIDEO = "video", _("Video")
    DOCUMENT = "document", _("Document")
    LINK = "link", _("Link")


class Lesson(UUIDModel):
    """A lesson: Markdown text (rendered safely) and an optional image, video, document or link.

    Personal data: no.
    """

    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="lessons", verbose_name=_("module"))
    title = models.CharField(_("title"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    body = models.TextField(_("text (Markdown)"), blank=True)
    media_kind = models.CharField(_("media"), max_length=10, choices=MediaKind.choices, blank=True)
    media_url = models.URLField(_("media address"), blank=True)
    media_title = models.CharField(_("media title"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        ordering = ["module__order", "order", "title"]

    def __str__(self) -> str:
        return self.title


class Quiz(UUIDModel):
    """A quiz or a test's question bank (a programme's pre- and post-test). Personal data: no."""

    title = models.CharField(_("title"), max_length=200)
    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, null=True, blank=True, related_name="quizzes", verbose_name=_("course")
    )
    module = models.ForeignKey(
        Module, on_delete=models.CASCADE, null=True, blank=True, related_name="quizzes", verbose_name=_("module")
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="quizzes", verbose_name=_("organisation")
    )
    pass_mark = models.PositiveSmallIntegerField(_("pass mark (%)"), default=70)
    max_attempts = models.PositiveSmallIntegerField(_("attempt limit"), default=3, help_text=_("0 means no limit."))
    shuffle = models.BooleanField(_("shuffle questions"), default=True)

    class Meta:
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("learning:quiz", args=[self.pk])


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    TRUE_FALSE = "true_false", _("True or false")


class Question(UUIDModel):
    """A quiz question with its choices and the feedback shown after an answer. Personal data: no."""

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="questions", verbose_name=_("quiz"))
    text = models.TextField(_("question"))
    kind = models.CharField(_("kind"), max_length=12, choices=QuestionKind.choices, default=QuestionKind.SINGLE)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    feedback = models.TextField(_("feedback"), blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["order", "created_at"]

    def __str__(self) -> str:
        return self.text[:60]


class Choice(UUIDModel):
    """One answer option of a question. Personal data: no."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices", verbose_name=_("question"))
    text = models.CharField(_("answer"), max_length=300)
    is_correct = models.BooleanField(_("correct"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        ordering = ["order", "created_at"]

    def __str__(self) -> str:
        return self.text


class QuizAttempt(UUIDModel):
    """One learner's sitting of a quiz: the question order, the answers and the score.

    Personal data: yes (a learner's answers and score).
    """

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="attempts", verbose_name=_("quiz"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts", verbose_name=_("learner")
    )
    question_order = models.JSONField(_("question order"), default=list)
    answers = models.JSONField(_("answers"), default=dict)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    score = models.DecimalField(_("score (%)"), max_digits=5, decimal_places=1, null=True, blank=True)
    passed = models.BooleanField(_("passed"), default=False)

    class Meta:
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "quiz"], name="learning_attempt_user_quiz")]

    def __str__(self) -> str:
        return f"{self.quiz} · {self.user_id}"


class LessonProgress(UUIDModel):
    """A lesson a learner completed. Personal data: yes (a learner's progress)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_progress", verbose_name=_("learner")
    )
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="progress", verbose_name=_("lesson"))
    completed_at = models.DateTimeField(_("completed"), default=timezone.now)

    class Meta:
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")
        constraints = [models.UniqueConstraint(fields=["user", "lesson"], name="learning_progress_unique")]


class Enrolment(UUIDModel):
    """A learner in a course: where to resume and when it was completed.

    Personal data: yes (a learner's progress).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments", verbose_name=_("learner")
    )
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="enrolments", verbose_name=_("course"))
    last_lesson = models.ForeignKey(
        Lesson, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("last lesson")
    )
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [models.UniqueConstraint(fields=["user", "course"], name="learning_enrolment_unique")]


# --- Programmes and events ----------------------------------------------------------------


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


# --- Certificates -------------------------------------------------------------------------


def new_certificate_code() -> str:
    """Short, unguessable, easy to read aloud: no 0/O or 1/I."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    raw = "".join(secrets.choice(alphabet) for _ in range(12))
    return f"SGP-{raw[:4]}-{raw[4:8]}-{raw[8:]}"


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("Valid")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")


class Certificate(UUIDModel):
    """A training certificate (not a professional licence), verifiable by its code.

    Personal data: yes (the holder's name and their training record).
    """

    code = models.CharField(_("code"), max_length=24, unique=True, default=new_certificate_code, editable=False)
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="certificates", verbose_name=_("programme")
    )
    event = models.ForeignKey(
        TrainingEvent,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certificates",
        verbose_name=_("event"),
    )
    participant = models.OneToOneField(
        Participant, on_delete=models.PROTECT, null=True, blank=True, related_name="certificate"
    )
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="certificates",
        verbose_name=_("holder account"),
    )
    holder_name = models.CharField(_("holder"), max_length=200)
    issued_on = models.DateField(_("issued on"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    manual_reason = models.TextField(_("reason for issuing by hand"), blank=True)
    renews = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="renewed_by",
        verbose_name=_("renews"),
        help_text=_("The holder's earlier certificate of the same programme that this one renews."),
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    revoke_reason = models.TextField(_("reason for revocation"), blank=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_on", "holder_name"]

    def __str__(self) -> str:
        return self.code

    @property
    def audit_label(self) -> str:
        return f"certificate {self.code}"

    def status_on(self, day: date | None = None) -> str:
        if self.revoked_at is not None:
            return CertificateStatus.REVOKED
        day = day or timezone.localdate()
        if self.valid_until is not None and self.valid_until < day:
            return CertificateStatus.EXPIRED
        return CertificateStatus.VALID

    @property
    def status(self) -> str:
        return self.status_on()

    def expires_soon(self, days: int = 90) -> bool:
        """Valid now but ending within ``days``: time to renew."""
        if self.status != CertificateStatus.VALID or self.valid_until is None:
            return False
        return (self.valid_until - timezone.localdate()).days <= days

    def get_status_display(self) -> str:
        return str(CertificateStatus(self.status).label)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("learning:certificate", args=[self.pk])


# --- Mentoring ----------------------------------------------------------------------------


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

"""E-learning: courses, modules, lessons, quizzes, sittings and progress."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sigap.lib.models import UUIDModel


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
    # An uploaded image or document (teaching material, not personal data): kept in the default
    # storage under a random name outside any public address, served to signed-in users by a view.
    file_path = models.CharField(max_length=300, blank=True, editable=False)
    file_name = models.CharField(_("file name"), max_length=255, blank=True, editable=False)
    file_type = models.CharField(_("file type"), max_length=100, blank=True, editable=False)
    file_size = models.PositiveIntegerField(_("file size"), default=0, editable=False)

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        ordering = ["module__order", "order", "title"]

    def __str__(self) -> str:
        return self.title

    @property
    def file_is_image(self) -> bool:
        return self.file_type.startswith("image/")


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

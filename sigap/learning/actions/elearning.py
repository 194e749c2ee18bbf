"""E-learning verbs: lessons done, quiz sittings and their grading, course completion."""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.audit.actions import record
from sigap.learning import access
from sigap.learning.actions.certificates import certify_if_eligible
from sigap.learning.actions.common import require
from sigap.learning.models import (
    Course,
    Enrolment,
    Lesson,
    LessonProgress,
    Participant,
    Programme,
    QuestionKind,
    Quiz,
    QuizAttempt,
)


def _enrolment(actor: User, course: Course) -> Enrolment:
    enrolment, _created = Enrolment.objects.get_or_create(user=actor, course=course)
    return enrolment


def _after_course_change(actor: User, course: Course) -> None:
    """Complete the enrolment when every lesson is done and every quiz passed; then certify."""
    enrolment = _enrolment(actor, course)
    if enrolment.completed_at is not None:
        return
    lessons = Lesson.objects.filter(module__course=course)
    done = LessonProgress.objects.filter(user=actor, lesson__in=lessons).count()
    quizzes = set(course.quizzes.values_list("pk", flat=True))
    passed = set(
        QuizAttempt.objects.filter(user=actor, quiz__in=quizzes, passed=True).values_list("quiz_id", flat=True)
    )
    if done < lessons.count() or passed != quizzes:
        return
    enrolment.completed_at = timezone.now()
    enrolment.save(update_fields=["completed_at", "updated_at"])
    record("learning.course_complete", actor=actor, obj=course)
    participations = Participant.objects.filter(
        user=actor, certificate__isnull=True, event__programme__required_courses=course
    ).select_related("event__programme")
    for participant in participations:
        certify_if_eligible(participant, actor=None)


@transaction.atomic
def complete_lesson(lesson: Lesson, *, actor: User) -> LessonProgress:
    """Mark a lesson done and remember it as the place to resume."""
    course = lesson.module.course
    if not access.visible_courses(actor).filter(pk=course.pk).exists():
        raise PermissionDenied
    progress, _created = LessonProgress.objects.get_or_create(user=actor, lesson=lesson)
    enrolment = _enrolment(actor, course)
    enrolment.last_lesson = lesson
    enrolment.save(update_fields=["last_lesson", "updated_at"])
    _after_course_change(actor, course)
    return progress


def is_programme_test(quiz: Quiz) -> bool:
    """A programme's pre- or post-test: after submitting, the learner sees the score and pass or fail
    only — never which answers were right or the feedback, which several attempts would turn into
    the answer key. Course quizzes keep their feedback: they are for learning."""
    return Programme.objects.filter(Q(pre_test=quiz) | Q(post_test=quiz)).exists()


def attempts_left(quiz: Quiz, user: User) -> int | None:
    if not quiz.max_attempts:
        return None
    used = QuizAttempt.objects.filter(quiz=quiz, user=user, submitted_at__isnull=False).count()
    return max(quiz.max_attempts - used, 0)


@transaction.atomic
def start_attempt(quiz: Quiz, *, actor: User) -> QuizAttempt:
    """Begin (or resume) a sitting; the question order is shuffled once when the quiz says so.

    The learner's own row is locked first, so two starts at once (two tabs, a double tap, the page and
    the API) are taken one after the other: the second finds the first's open sitting and resumes it,
    and the attempt limit is counted inside the lock."""
    if not access.visible_quizzes(actor).filter(pk=quiz.pk).exists():
        raise PermissionDenied
    User.objects.select_for_update().filter(pk=actor.pk).values_list("pk", flat=True).get()
    open_attempt = QuizAttempt.objects.filter(quiz=quiz, user=actor, submitted_at__isnull=True).first()
    if open_attempt is not None:
        return open_attempt
    if attempts_left(quiz, actor) == 0:
        raise ValidationError(_("You have used every attempt at this quiz."))
    order = [str(pk) for pk in quiz.questions.values_list("pk", flat=True)]
    if quiz.shuffle:
        random.shuffle(order)
    return QuizAttempt.objects.create(quiz=quiz, user=actor, question_order=order)


def grade(quiz: Quiz, answers: Mapping[str, Iterable[str]]) -> tuple[Decimal, dict[str, bool]]:
    """The score in percent and, per question, whether it was answered right (exactly the right choices)."""
    results: dict[str, bool] = {}
    for question in quiz.questions.prefetch_related("choices"):
        right = {str(c.pk) for c in question.choices.all() if c.is_correct}
        given = {str(pk) for pk in answers.get(str(question.pk), [])}
        results[str(question.pk)] = bool(given) and given == right
    total = len(results)
    score = Decimal(100 * sum(results.values()) / total).quantize(Decimal("0.1")) if total else Decimal(0)
    return score, results


@transaction.atomic
def submit_attempt(attempt: QuizAttempt, *, actor: User, answers: Mapping[str, Iterable[str]]) -> QuizAttempt:
    """Grade a sitting. A programme's pre- or post-test score goes to the learner's participations."""
    require(attempt.user_id == actor.pk, _("Only the learner can submit their answers."))
    # Locked and read again: two submissions of one sitting at once must not both be graded.
    attempt = QuizAttempt.objects.select_for_update().select_related("quiz").get(pk=attempt.pk)
    if attempt.submitted_at is not None:
        raise ValidationError(_("These answers were already submitted."))
    quiz = attempt.quiz
    questions = {str(q.pk): q.kind for q in quiz.questions.all()}
    clean: dict[str, list[str]] = {}
    for pk, kind in questions.items():
        chosen = [str(c) for c in answers.get(pk, [])]
        if kind != QuestionKind.MULTIPLE and len(chosen) > 1:
            raise ValidationError(_("Choose one answer for each single-choice question."))
        clean[pk] = chosen
    if not any(clean.values()):
        raise ValidationError(_("Answer at least one question."))
    score, _results = grade(quiz, clean)
    attempt.answers, attempt.score = clean, score
    attempt.passed = score >= quiz.pass_mark
    attempt.submitted_at = timezone.now()
    attempt.save()
    record("learning.quiz_submit", actor=actor, obj=quiz, score=str(score), passed=attempt.passed)
    for participant in Participant.objects.filter(user=actor).select_related("event__programme"):
        programme = participant.event.programme
        if programme.pre_test_id == quiz.pk and participant.pre_score is None:
            participant.pre_score = score
            participant.save(update_fields=["pre_score", "updated_at"])
        if programme.post_test_id == quiz.pk:
            participant.post_score = max(score, participant.post_score or Decimal(0))
            participant.save(update_fields=["post_score", "updated_at"])
            certify_if_eligible(participant, actor=None)
    if quiz.course_id is not None:
        _after_course_change(actor, quiz.course)  # type: ignore[arg-type]
    return attempt

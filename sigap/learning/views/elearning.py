"""E-learning screens: courses, lessons, quizzes, progress and a facilitator's view of a cohort.

Plain HTML forms with no script, so they work on a phone on a slow connection.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_POST

from sigap.learning import access, actions
from sigap.learning.certification import cohort_rows
from sigap.learning.models import Enrolment, Lesson, LessonProgress, Module, QuizAttempt
from sigap.learning.text import render_markdown
from sigap.lib.http import SignedInRequest


@require_GET
def course_list(request: SignedInRequest) -> HttpResponse:
    qs = access.visible_courses(request.user).order_by("title", "id")
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    done = dict(
        Enrolment.objects.filter(user=request.user, course__in=[c.pk for c in page]).values_list(
            "course_id", "completed_at"
        )
    )
    rows = [(course, course.pk in done, done.get(course.pk)) for course in page]
    return render(request, "learning/course_list.html", {"page": page, "rows": rows})


@require_GET
def course_detail(request: SignedInRequest, pk: UUID) -> HttpResponse:
    course = access.get_course_for_user(request.user, pk)
    modules = list(
        Module.objects.filter(course=course).prefetch_related("lessons", "quizzes").order_by("order", "title")
    )
    done = set(
        LessonProgress.objects.filter(user=request.user, lesson__module__course=course).values_list(
            "lesson_id", flat=True
        )
    )
    lessons = [lesson for module in modules for lesson in module.lessons.all()]
    passed = set(
        QuizAttempt.objects.filter(user=request.user, quiz__course=course, passed=True).values_list(
            "quiz_id", flat=True
        )
    )
    enrolment = Enrolment.objects.filter(user=request.user, course=course).first()
    resume = next((lesson for lesson in lessons if lesson.pk not in done), None)
    return render(
        request,
        "learning/course_detail.html",
        {
            "course": course,
            "modules": modules,
            "done": done,
            "passed": passed,
            "quizzes": course.quizzes.order_by("title"),
            "enrolment": enrolment,
            "resume": resume,
            "lesson_count": len(lessons),
            "done_count": len(done),
            "can_author": course.organisation_id in access.training_organisation_ids(request.user),
        },
    )


def _lesson_for_user(user: Any, pk: UUID) -> Lesson:
    lesson = Lesson.objects.select_related("module__course").filter(pk=pk).first()
    if lesson is None:
        raise Http404
    access.get_course_for_user(user, lesson.module.course_id)
    return lesson


def lesson_detail(request: SignedInRequest, pk: UUID) -> HttpResponse:
    lesson = _lesson_for_user(request.user, pk)
    course = lesson.module.course
    ordered = list(Lesson.objects.filter(module__course=course).order_by("module__order", "order", "title"))
    position = next(i for i, item in enumerate(ordered) if item.pk == lesson.pk)
    following = ordered[position + 1] if position + 1 < len(ordered) else None
    if request.method == "POST":
        actions.complete_lesson(lesson, actor=request.user)
        return redirect("learning:lesson", following.pk) if following else redirect(course)
    return render(
        request,
        "learning/lesson.html",
        {
            "lesson": lesson,
            "course": course,
            "html": render_markdown(lesson.body),
            "position": position + 1,
            "total": len(ordered),
            "following": following,
            "done": LessonProgress.objects.filter(user=request.user, lesson=lesson).exists(),
        },
    )


@require_GET
def lesson_file(request: SignedInRequest, pk: UUID) -> HttpResponse:
    """A lesson's uploaded file, for signed-in users who may see the course (never a public address)."""
    lesson = _lesson_for_user(request.user, pk)
    if not lesson.file_path:
        raise Http404
    data = actions.open_lesson_file(lesson)
    response = HttpResponse(data, content_type=lesson.file_type)
    # Images show on the lesson page; documents are downloaded, never rendered by the browser here.
    disposition = content_disposition_header(not lesson.file_is_image, lesson.file_name or "file")
    response["Content-Disposition"] = disposition or "attachment"
    response["Content-Length"] = str(len(data))
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def quiz_detail(request: SignedInRequest, pk: UUID) -> HttpResponse:
    quiz = access.get_quiz_for_user(request.user, pk)
    attempts = access.own_attempts(request.user).filter(quiz=quiz)
    return render(
        request,
        "learning/quiz.html",
        {
            "quiz": quiz,
            "attempts": attempts,
            "left": actions.attempts_left(quiz, request.user),
            "question_count": quiz.questions.count(),
            "can_author": quiz.organisation_id in access.training_organisation_ids(request.user),
        },
    )


@require_POST
def quiz_start(request: SignedInRequest, pk: UUID) -> HttpResponse:
    quiz = access.get_quiz_for_user(request.user, pk)
    try:
        attempt = actions.start_attempt(quiz, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(quiz)
    return redirect("learning:attempt", attempt.pk)


def attempt(request: SignedInRequest, pk: UUID) -> HttpResponse:
    """A sitting: the questions in its order; after submitting, the score and each question's feedback —
    or, on a programme's pre- or post-test, the score and pass or fail only."""
    sitting = access.get_attempt_for_user(request.user, pk)
    questions = {str(q.pk): q for q in sitting.quiz.questions.prefetch_related("choices")}
    error = ""
    if request.method == "POST" and sitting.submitted_at is None:
        answers = {pk_: request.POST.getlist(f"q-{pk_}") for pk_ in questions}
        try:
            actions.submit_attempt(sitting, actor=request.user, answers=answers)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            return redirect("learning:attempt", sitting.pk)
    score_only = actions.is_programme_test(sitting.quiz)
    graded = sitting.submitted_at and not score_only
    _score, results = actions.grade(sitting.quiz, sitting.answers) if graded else (None, {})
    rows = [
        {
            "question": questions[pk_],
            "chosen": set(sitting.answers.get(pk_, [])),
            "right": results.get(pk_),
        }
        for pk_ in sitting.question_order
        if pk_ in questions
    ]
    return render(
        request,
        "learning/attempt.html",
        {"attempt": sitting, "rows": rows, "error": error, "score_only": score_only},
    )


@require_GET
def cohort_progress(request: SignedInRequest, pk: UUID) -> HttpResponse:
    """A facilitator's view of the cohort's e-learning: lessons done and completion per required course."""
    event = access.get_event_for_user(request.user, pk, need="manage")
    participants = event.participants.select_related("user").order_by("full_name", "id")
    page = Paginator(participants, 50).get_page(request.GET.get("page"))
    courses, rows = cohort_rows(event, list(page))
    return render(
        request, "learning/cohort_progress.html", {"event": event, "courses": courses, "rows": rows, "page": page}
    )

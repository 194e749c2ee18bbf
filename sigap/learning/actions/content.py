"""Content verbs: programmes, courses, modules, lessons and quizzes written by trainers."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.audit.actions import record
from sigap.learning import access
from sigap.learning.actions.common import require, set_fields
from sigap.learning.models import (
    Choice,
    Course,
    Lesson,
    Module,
    Programme,
    ProgrammeSession,
    Question,
    Quiz,
)
from sigap.lib import filetypes
from sigap.lib.storage import files_follow_transaction, save_new
from sigap.organisations.models import Organisation

PROGRAMME_FIELDS = (
    "title",
    "description",
    "competency",
    "pre_test",
    "post_test",
    "min_attendance",
    "post_test_pass_mark",
    "validity_months",
)


COURSE_FIELDS = ("title", "summary", "is_published")


LESSON_FIELDS = ("title", "order", "body", "media_kind", "media_url", "media_title")
LESSON_FILE_FOLDER = "lesson-files"


QUIZ_FIELDS = ("title", "pass_mark", "max_attempts", "shuffle")


def _require_author(actor: User, organisation: Organisation) -> None:
    require(
        organisation.pk in access.training_organisation_ids(actor),
        _("Only trainers and admins of the organisation can change its training content."),
    )


def _check_programme_references(
    programme: Programme, *, actor: User, values: Mapping[str, Any], required_courses: Iterable[Course] | None
) -> None:
    """A programme's tests are quizzes of an organisation the actor writes for, and its required courses
    are published or theirs (as the screen offers them): the API must not pull another organisation's
    unpublished quiz or course into a programme, where its participants would read it."""
    own = access.training_organisation_ids(actor)
    errors: dict[str, list[str]] = {}
    for name in ("pre_test", "post_test"):
        quiz = values.get(name)
        if quiz is not None and quiz.pk != getattr(programme, f"{name}_id") and quiz.organisation_id not in own:
            errors[name] = [_("Choose a quiz of your organisation.")]
    if required_courses is not None:
        adding = programme._state.adding
        current = set() if adding else set(programme.required_courses.values_list("pk", flat=True))
        for course in required_courses:
            if course.pk not in current and not course.is_published and course.organisation_id not in own:
                errors["required_courses"] = [_("Choose published courses or your organisation's own.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_programme(
    programme: Programme | None,
    *,
    actor: User,
    organisation: Organisation | None = None,
    values: Mapping[str, Any],
    sessions: list[tuple[str, int, str]] | None = None,
    required_courses: Iterable[Course] | None = None,
    request: HttpRequest | None = None,
) -> Programme:
    """Create or change a programme: its rule, tests, required courses and curriculum
    (``sessions`` as (title, minutes, objectives), replacing the old curriculum when given)."""
    new = programme is None
    if programme is None:
        if organisation is None:
            raise ValueError("a new programme needs its organisation")
        programme = Programme(organisation=organisation)
    _require_author(actor, programme.organisation)
    _check_programme_references(programme, actor=actor, values=values, required_courses=required_courses)
    changed = set_fields(programme, PROGRAMME_FIELDS, values)
    programme.full_clean()
    programme.save()
    if required_courses is not None:
        programme.required_courses.set(required_courses)
        changed.append("required_courses")
    if sessions is not None:
        programme.sessions.all().delete()
        ProgrammeSession.objects.bulk_create(
            ProgrammeSession(programme=programme, title=title, duration_minutes=minutes, objectives=goals, order=n)
            for n, (title, minutes, goals) in enumerate(sessions)
        )
        changed.append("sessions")
    verb = "learning.programme_create" if new else "learning.programme_update"
    record(verb, actor=actor, obj=programme, organisation=programme.organisation, request=request, changed=changed)
    return programme


@transaction.atomic
def save_course(
    course: Course | None,
    *,
    actor: User,
    organisation: Organisation | None = None,
    values: Mapping[str, Any],
    request: HttpRequest | None = None,
) -> Course:
    new = course is None
    if course is None:
        if organisation is None:
            raise ValueError("a new course needs its organisation")
        course = Course(organisation=organisation)
    _require_author(actor, course.organisation)
    changed = set_fields(course, COURSE_FIELDS, values)
    course.full_clean()
    course.save()
    verb = "learning.course_create" if new else "learning.course_update"
    record(verb, actor=actor, obj=course, organisation=course.organisation, request=request, changed=changed)
    return course


@transaction.atomic
def add_module(course: Course, *, actor: User, title: str, request: HttpRequest | None = None) -> Module:
    _require_author(actor, course.organisation)
    if not title.strip():
        raise ValidationError({"title": _("Give the module a title.")})
    module = Module.objects.create(course=course, title=title.strip(), order=course.modules.count())
    record("learning.module_add", actor=actor, obj=course, organisation=course.organisation, request=request)
    return module


@files_follow_transaction()
def save_lesson(
    lesson: Lesson | None,
    *,
    actor: User,
    module: Module | None = None,
    values: Mapping[str, Any],
    upload: File | None = None,
    remove_file: bool = False,
    request: HttpRequest | None = None,
) -> Lesson:
    """Write a lesson; with ``upload``, its image or document replaces any earlier one, and
    ``remove_file`` drops it. A refused file (type, size) leaves the lesson as it was."""
    if lesson is None:
        if module is None:
            raise ValueError("a new lesson needs its module")
        lesson = Lesson(module=module, order=module.lessons.count())
    course = lesson.module.course
    _require_author(actor, course.organisation)
    set_fields(lesson, LESSON_FIELDS, values)
    if lesson.media_url and not lesson.media_kind:
        raise ValidationError({"media_kind": _("Say what the media address points to.")})
    lesson.full_clean()
    checked = _check_lesson_file(upload) if upload is not None else None
    earlier = lesson.file_path
    if checked is not None:
        data, kind, name = checked
        lesson.file_path = save_new(f"{LESSON_FILE_FOLDER}/{uuid.uuid4().hex}.{kind.extension}", ContentFile(data))
        lesson.file_name, lesson.file_type, lesson.file_size = name, kind.content_type, len(data)
    elif remove_file:
        lesson.file_path, lesson.file_name, lesson.file_type, lesson.file_size = "", "", "", 0
    lesson.save()  # on failure files_follow_transaction deletes the new file
    record(
        "learning.lesson_save",
        actor=actor,
        obj=course,
        organisation=course.organisation,
        request=request,
        file=lesson.file_name,
    )
    if earlier and earlier != lesson.file_path:
        transaction.on_commit(lambda: default_storage.delete(earlier))
    return lesson


def _check_lesson_file(upload: File) -> tuple[bytes, filetypes.FileType, str]:
    """The file's bytes, its type judged from its content (images and documents only) and a clean name."""
    from sigap.cases.actions.records import clean_file_name, read_upload  # the case attachments' checks

    data = read_upload(upload)
    kind = filetypes.sniff(data)
    if kind is None:
        message = _(
            "This kind of file is not accepted. Upload an image (PNG, JPEG, GIF, WebP) or a document (PDF, "
            "Word, Excel, PowerPoint, OpenDocument)."
        )
        raise ValidationError({"file": [message]}, code="file_type")
    return data, kind, clean_file_name(getattr(upload, "name", "") or "")


def open_lesson_file(lesson: Lesson) -> bytes:
    """The lesson's file (the caller has checked that the reader may see the lesson)."""
    with default_storage.open(lesson.file_path, "rb") as handle:
        return bytes(handle.read())


@transaction.atomic
def save_quiz(
    quiz: Quiz | None,
    *,
    actor: User,
    organisation: Organisation | None = None,
    course: Course | None = None,
    values: Mapping[str, Any],
    questions_text: str | None = None,
    request: HttpRequest | None = None,
) -> Quiz:
    """Create or change a quiz; ``questions_text`` (see ``quiztext``) replaces its questions. A quiz
    somebody already sat keeps its questions, so old answers keep their meaning."""
    from sigap.learning.quiztext import parse

    if quiz is None:
        if organisation is None:
            raise ValueError("a new quiz needs its organisation")
        quiz = Quiz(organisation=organisation, course=course)
    _require_author(actor, quiz.organisation)
    parsed = parse(questions_text) if questions_text is not None else None
    set_fields(quiz, QUIZ_FIELDS, values)
    quiz.full_clean()
    quiz.save()
    if parsed is not None:
        if quiz.attempts.exists():
            raise ValidationError(
                _("Learners already sat this quiz: make a new quiz instead of changing its questions.")
            )
        quiz.questions.all().delete()
        for n, item in enumerate(parsed):
            question = Question.objects.create(
                quiz=quiz, text=item.text, kind=item.kind, order=n, feedback=item.feedback
            )
            Choice.objects.bulk_create(
                Choice(question=question, text=text, is_correct=right, order=m)
                for m, (text, right) in enumerate(item.choices)
            )
    record("learning.quiz_save", actor=actor, obj=quiz, organisation=quiz.organisation, request=request)
    return quiz

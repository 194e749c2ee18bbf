"""Screens where trainers write training content: programmes, courses, modules, lessons and quizzes."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sigap.learning import access, actions
from sigap.learning.forms import CourseForm, LessonForm, ModuleForm, ProgrammeForm, QuizForm
from sigap.learning.models import Course, Lesson, Module, Programme, Quiz
from sigap.lib.forms import add_errors
from sigap.lib.http import SignedInRequest
from sigap.organisations.models import Organisation


def _authored(request: SignedInRequest) -> Any:
    ids = access.training_organisation_ids(request.user)
    if not ids:
        raise PermissionDenied
    return Organisation.objects.filter(pk__in=ids).order_by("name")


def _authored_item(request: SignedInRequest, queryset: Any, pk: Any, *, organisation: str = "organisation_id") -> Any:
    return access.get_authored_for_user(request.user, queryset, pk, organisation=organisation)


def _require_author_of(request: SignedInRequest, organisation_id: Any) -> None:
    if organisation_id not in access.training_organisation_ids(request.user):
        raise PermissionDenied


@require_GET
def programme_list(request: SignedInRequest) -> HttpResponse:
    qs = Programme.objects.select_related("organisation").order_by("title", "id")
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "learning/programme_list.html",
        {"page": page, "can_author": access.can_manage_training(request.user)},
    )


@require_GET
def programme_detail(request: SignedInRequest, pk: UUID) -> HttpResponse:
    programme = get_object_or_404(Programme.objects.select_related("organisation", "pre_test", "post_test"), pk=pk)
    return render(
        request,
        "learning/programme_detail.html",
        {
            "programme": programme,
            "can_author": programme.organisation_id in access.training_organisation_ids(request.user),
        },
    )


def programme_form(request: SignedInRequest, pk: UUID | None = None) -> HttpResponse:
    programme = _authored_item(request, Programme.objects.all(), pk) if pk else None
    organisations = _authored(request)
    form = ProgrammeForm(request.POST or None, instance=programme, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = actions.save_programme(
                programme,
                actor=request.user,
                organisation=data.get("organisation"),
                values={name: data[name] for name in actions.PROGRAMME_FIELDS},
                sessions=data["sessions_text"],
                required_courses=data["required_courses"],
                request=request,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The programme was saved."))
            return redirect("learning:programme", saved.pk)
    return render(request, "learning/content_form.html", {"form": form, "title": _("Programme")})


def course_form(request: SignedInRequest, pk: UUID | None = None) -> HttpResponse:
    course = _authored_item(request, Course.objects.all(), pk) if pk else None
    form = CourseForm(request.POST or None, instance=course, organisations=_authored(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = actions.save_course(
                course,
                actor=request.user,
                organisation=data.get("organisation"),
                values={name: data[name] for name in actions.COURSE_FIELDS},
                request=request,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The course was saved."))
            return redirect("learning:course_edit", saved.pk)
    context: dict[str, Any] = {"form": form, "course": course, "module_form": ModuleForm()}
    if course is not None:
        context["modules"] = course.modules.prefetch_related("lessons").order_by("order")
        context["quizzes"] = course.quizzes.order_by("title")
    return render(request, "learning/course_form.html", context)


@require_POST
def module_add(request: SignedInRequest, pk: UUID) -> HttpResponse:
    course = _authored_item(request, Course.objects.all(), pk)
    form = ModuleForm(request.POST)
    if form.is_valid():
        actions.add_module(course, actor=request.user, title=form.cleaned_data["title"], request=request)
    else:
        messages.error(request, _("Give the module a title."))
    return redirect("learning:course_edit", course.pk)


def lesson_form(request: SignedInRequest, pk: UUID | None = None, module_pk: UUID | None = None) -> HttpResponse:
    lessons = Lesson.objects.select_related("module__course")
    lesson = _authored_item(request, lessons, pk, organisation="module.course.organisation_id") if pk else None
    module = (
        lesson.module
        if lesson
        else _authored_item(
            request, Module.objects.select_related("course"), module_pk, organisation="course.organisation_id"
        )
    )
    form = LessonForm(request.POST or None, request.FILES or None, instance=lesson)
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_lesson(
                lesson,
                actor=request.user,
                module=module,
                values={name: form.cleaned_data[name] for name in actions.LESSON_FIELDS},
                upload=form.cleaned_data.get("file"),
                remove_file=bool(form.cleaned_data.get("remove_file")),
                request=request,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The lesson was saved."))
            return redirect("learning:course_edit", module.course_id)
    return render(request, "learning/content_form.html", {"form": form, "title": _("Lesson"), "course": module.course})


def quiz_form(request: SignedInRequest, pk: UUID | None = None, course_pk: UUID | None = None) -> HttpResponse:
    quiz = _authored_item(request, Quiz.objects.all(), pk) if pk else None
    course = _authored_item(request, Course.objects.all(), course_pk) if course_pk else (quiz.course if quiz else None)
    if course is not None:
        _require_author_of(request, course.organisation_id)
    organisations = _authored(request)
    if course is not None:
        organisations = organisations.filter(pk=course.organisation_id)
    form = QuizForm(request.POST or None, instance=quiz, organisations=organisations)
    if course is not None:
        form.fields.pop("organisation", None)  # a course's quiz belongs to the course's organisation
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = actions.save_quiz(
                quiz,
                actor=request.user,
                organisation=data.get("organisation") or (course.organisation if course else None),
                course=course,
                values={name: data[name] for name in actions.QUIZ_FIELDS},
                questions_text=data["questions_text"],
                request=request,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The quiz was saved."))
            return redirect("learning:quiz", saved.pk)
    return render(request, "learning/content_form.html", {"form": form, "title": _("Quiz"), "course": course})

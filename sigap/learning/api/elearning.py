"""/api/v1/courses/ and /api/v1/quizzes/: courses, the learner's progress, quizzes and the learner's own sittings."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from sigap.cases.api.common import named_enum
from sigap.learning import access, actions
from sigap.learning.api.common import UUID_PK, field_of
from sigap.learning.models import (
    Choice,
    Course,
    Enrolment,
    Lesson,
    LessonProgress,
    MediaKind,
    Module,
    Question,
    QuestionKind,
    Quiz,
    QuizAttempt,
)
from sigap.learning.text import render_markdown
from sigap.lib.http import SignedInApiRequest


class LessonSerializer(serializers.ModelSerializer[Lesson]):
    media_kind = named_enum("LessonMediaKindEnum", MediaKind.choices, allow_blank=True, read_only=True)
    html = serializers.SerializerMethodField()
    file_url = serializers.SerializerMethodField(
        help_text="Where a signed-in user downloads the lesson's uploaded image or document; null without one."
    )

    class Meta:
        model = Lesson
        fields = [
            "id",
            "title",
            "order",
            "body",
            "html",
            "media_kind",
            "media_url",
            "media_title",
            "file_url",
            "file_name",
            "file_type",
            "file_size",
        ]

    def get_html(self, lesson: Lesson) -> str:
        return str(render_markdown(lesson.body))

    def get_file_url(self, lesson: Lesson) -> str | None:
        return reverse("learning:lesson_file", args=[lesson.pk]) if lesson.file_path else None


class ModuleSerializer(serializers.ModelSerializer[Module]):
    lessons = LessonSerializer(many=True, read_only=True)

    class Meta:
        model = Module
        fields = ["id", "title", "order", "lessons"]


class CourseSerializer(serializers.ModelSerializer[Course]):
    class Meta:
        model = Course
        fields = ["id", "title", "summary", "organisation", "is_published"]


class CourseDetailSerializer(CourseSerializer):
    modules = ModuleSerializer(many=True, read_only=True)
    quizzes: serializers.PrimaryKeyRelatedField[Quiz] = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta(CourseSerializer.Meta):
        fields = [*CourseSerializer.Meta.fields, "modules", "quizzes"]


class ProgressSerializer(serializers.Serializer[Any]):
    course = serializers.UUIDField()
    lessons = serializers.IntegerField()
    completed_lessons = serializers.ListField(child=serializers.UUIDField())
    last_lesson = serializers.UUIDField(allow_null=True)
    completed_at = serializers.DateTimeField(allow_null=True)


def course_progress(user: Any, course: Course) -> dict[str, Any]:
    lessons = Lesson.objects.filter(module__course=course)
    enrolment = Enrolment.objects.filter(user=user, course=course).first()
    return {
        "course": course.pk,
        "lessons": lessons.count(),
        "completed_lessons": list(
            LessonProgress.objects.filter(user=user, lesson__in=lessons).values_list("lesson_id", flat=True)
        ),
        "last_lesson": enrolment.last_lesson_id if enrolment else None,
        "completed_at": enrolment.completed_at if enrolment else None,
    }


class CourseViewSet(viewsets.ReadOnlyModelViewSet[Course]):
    """E-learning courses; ``progress`` and ``complete-lesson`` are the signed-in learner's own."""

    request: SignedInApiRequest

    lookup_value_regex = UUID_PK

    def get_serializer_class(self) -> type[CourseSerializer]:
        return CourseDetailSerializer if self.action == "retrieve" else CourseSerializer

    def get_queryset(self) -> QuerySet[Course]:
        return access.visible_courses(self.request.user).order_by("title", "id")

    def get_object(self) -> Course:
        course = access.get_course_for_user(self.request.user, self.kwargs["pk"])
        modules = Module.objects.prefetch_related("lessons").order_by("order")
        return Course.objects.prefetch_related(Prefetch("modules", queryset=modules), "quizzes").get(pk=course.pk)

    @extend_schema(responses=ProgressSerializer)
    @action(detail=True, methods=["get"])
    def progress(self, request: SignedInApiRequest, pk: str, **kwargs: Any) -> Response:
        """The learner's own progress: lessons done, where to resume, completion."""
        course = access.get_course_for_user(request.user, pk)
        return Response(ProgressSerializer(course_progress(request.user, course)).data)

    @extend_schema(
        request=inline_serializer("CompleteLesson", {"lesson": serializers.UUIDField()}), responses=ProgressSerializer
    )
    @action(detail=True, methods=["post"], url_path="complete-lesson")
    def complete_lesson(self, request: SignedInApiRequest, pk: str, **kwargs: Any) -> Response:
        course = access.get_course_for_user(request.user, pk)
        lesson = Lesson.objects.filter(module__course=course, pk=field_of(request, "lesson")).first()
        if lesson is None:
            raise exceptions.ValidationError({"lesson": [_("This lesson is not part of the course.")]})
        actions.complete_lesson(lesson, actor=request.user)
        return Response(ProgressSerializer(course_progress(request.user, course)).data)


class ChoiceSerializer(serializers.ModelSerializer[Choice]):
    class Meta:
        model = Choice
        fields = ["id", "text"]  # never whether it is correct


class QuestionSerializer(serializers.ModelSerializer[Question]):
    choices = ChoiceSerializer(many=True, read_only=True)
    kind = named_enum("QuestionKindEnum", QuestionKind.choices, read_only=True)

    class Meta:
        model = Question
        fields = ["id", "text", "kind", "choices"]


class QuizSerializer(serializers.ModelSerializer[Quiz]):
    class Meta:
        model = Quiz
        fields = ["id", "title", "course", "module", "pass_mark", "max_attempts", "shuffle"]


class AttemptSerializer(serializers.ModelSerializer[QuizAttempt]):
    questions = serializers.SerializerMethodField()

    class Meta:
        model = QuizAttempt
        fields = ["id", "quiz", "question_order", "questions", "answers", "submitted_at", "score", "passed"]
        read_only_fields = fields

    @extend_schema_field(QuestionSerializer(many=True))
    def get_questions(self, attempt: QuizAttempt) -> list[dict[str, Any]]:
        by_pk = {str(q.pk): q for q in attempt.quiz.questions.prefetch_related("choices")}
        return [QuestionSerializer(by_pk[pk]).data for pk in attempt.question_order if pk in by_pk]


class QuizViewSet(viewsets.ReadOnlyModelViewSet[Quiz]):
    """Quizzes of the courses and the programmes' tests; ``start`` opens (or resumes) a sitting."""

    request: SignedInApiRequest

    serializer_class = QuizSerializer
    lookup_value_regex = UUID_PK

    def get_queryset(self) -> QuerySet[Quiz]:
        return access.visible_quizzes(self.request.user).order_by("title", "id")

    def get_object(self) -> Quiz:
        return access.get_quiz_for_user(self.request.user, self.kwargs["pk"])

    @extend_schema(request=None, responses={201: AttemptSerializer})
    @action(detail=True, methods=["post"])
    def start(self, request: SignedInApiRequest, pk: str, **kwargs: Any) -> Response:
        attempt = actions.start_attempt(self.get_object(), actor=request.user)
        return Response(AttemptSerializer(attempt).data, status=status.HTTP_201_CREATED)


class AttemptViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[QuizAttempt]):
    """The signed-in learner's own quiz sittings; nobody else reads a learner's answers."""

    request: SignedInApiRequest

    serializer_class = AttemptSerializer
    lookup_value_regex = UUID_PK

    def get_queryset(self) -> QuerySet[QuizAttempt]:
        return access.own_attempts(self.request.user).order_by("-created_at", "id")

    def get_object(self) -> QuizAttempt:
        return access.get_attempt_for_user(self.request.user, self.kwargs["pk"])

    @extend_schema(
        request=inline_serializer(
            "QuizAnswers",
            {"answers": serializers.DictField(child=serializers.ListField(child=serializers.UUIDField()))},
        ),
        responses=AttemptSerializer,
    )
    @action(detail=True, methods=["post"])
    def submit(self, request: SignedInApiRequest, pk: str, **kwargs: Any) -> Response:
        attempt = self.get_object()
        answers = field_of(request, "answers")
        if not isinstance(answers, dict):
            raise exceptions.ValidationError({"answers": [_("A map of question id to chosen answer ids.")]})
        attempt = actions.submit_attempt(attempt, actor=request.user, answers=answers)
        return Response(AttemptSerializer(attempt).data)

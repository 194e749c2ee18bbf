"""Capacity building over the API (/api/v1/programmes/, training-events/, courses/, quizzes/,
certificates/), through the same access rules (``access.py``) and verbs (``actions.py``) as the screens."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from sigap.cases.api.common import named_enum
from sigap.learning import access, actions, competency
from sigap.learning.certification import event_report
from sigap.learning.models import (
    Certificate,
    Choice,
    Competency,
    Course,
    Enrolment,
    EventSession,
    Lesson,
    LessonProgress,
    MediaKind,
    Module,
    Participant,
    Programme,
    ProgrammeSession,
    Question,
    QuestionKind,
    Quiz,
    QuizAttempt,
    TrainingEvent,
)
from sigap.learning.text import render_markdown
from sigap.organisations.access import get_organisation_for_user
from sigap.regions.models import Province, Regency

UUID_PK = r"[0-9a-fA-F-]{36}"


def _field(request: Request, name: str) -> Any:
    data = request.data
    return data.get(name) if isinstance(data, dict) else None


# --- Programmes ---------------------------------------------------------------------------


class ProgrammeSessionSerializer(serializers.ModelSerializer[ProgrammeSession]):
    class Meta:
        model = ProgrammeSession
        fields = ["id", "title", "objectives", "duration_minutes", "order"]


class ProgrammeSerializer(serializers.ModelSerializer[Programme]):
    sessions = ProgrammeSessionSerializer(many=True, read_only=True)

    class Meta:
        model = Programme
        fields = [
            "id",
            "title",
            "description",
            "organisation",
            "competency",
            "sessions",
            "required_courses",
            "pre_test",
            "post_test",
            "min_attendance",
            "post_test_pass_mark",
            "validity_months",
        ]
        read_only_fields = fields


class SessionInput(serializers.Serializer[Any]):
    title = serializers.CharField(max_length=200)
    duration_minutes = serializers.IntegerField(min_value=1, max_value=1440, default=90)
    objectives = serializers.CharField(required=False, allow_blank=True, default="")


class ProgrammeWriteSerializer(serializers.ModelSerializer[Programme]):
    sessions = SessionInput(many=True, required=False)

    class Meta:
        model = Programme
        fields = [
            "organisation",
            *actions.PROGRAMME_FIELDS,
            "required_courses",
            "sessions",
        ]


@extend_schema_view(
    create=extend_schema(request=ProgrammeWriteSerializer, responses=ProgrammeSerializer),
    partial_update=extend_schema(request=ProgrammeWriteSerializer, responses=ProgrammeSerializer),
)
class ProgrammeViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet[Programme],
):
    """Training programmes: curriculum, required e-learning, tests and the certification rule. Everybody
    reads them; trainers and admins of the organisation write them."""

    lookup_value_regex = UUID_PK
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_serializer_class(self) -> Any:
        return ProgrammeWriteSerializer if self.action in ("create", "partial_update") else ProgrammeSerializer

    def get_queryset(self) -> QuerySet[Programme]:
        return (
            Programme.objects.select_related("organisation")
            .prefetch_related("sessions", "required_courses")
            .order_by("title", "id")
        )

    def _save(self, programme: Programme | None, data: dict[str, Any]) -> Programme:
        sessions = data.get("sessions")
        return actions.save_programme(
            programme,
            actor=access.me(self.request),
            organisation=data.get("organisation"),
            values={name: data[name] for name in actions.PROGRAMME_FIELDS if name in data},
            sessions=[(s["title"], s["duration_minutes"], s["objectives"]) for s in sessions] if sessions else None,
            required_courses=data.get("required_courses"),
            request=self.request._request,
        )

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = ProgrammeWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        programme = self._save(None, dict(serializer.validated_data))
        return Response(ProgrammeSerializer(programme).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        programme = self.get_object()
        serializer = ProgrammeWriteSerializer(programme, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("organisation", None)
        return Response(ProgrammeSerializer(self._save(programme, data)).data)


# --- Events -------------------------------------------------------------------------------


class EventSessionSerializer(serializers.ModelSerializer[EventSession]):
    class Meta:
        model = EventSession
        fields = ["id", "title", "held_on", "order"]


class TrainingEventSerializer(serializers.ModelSerializer[TrainingEvent]):
    sessions = EventSessionSerializer(many=True, read_only=True)
    participant_count = serializers.SerializerMethodField()

    class Meta:
        model = TrainingEvent
        fields = [
            "id",
            "programme",
            "title",
            "organisation",
            "partners",
            "facilitators",
            "start_date",
            "end_date",
            "mode",
            "venue",
            "sessions",
            "participant_count",
        ]
        read_only_fields = ["id", "sessions", "participant_count", "facilitators"]

    def get_participant_count(self, event: TrainingEvent) -> int:
        annotated = getattr(event, "participant_total", None)
        return annotated if annotated is not None else event.participants.count()


class ParticipantSerializer(serializers.ModelSerializer[Participant]):
    province = serializers.PrimaryKeyRelatedField(queryset=Province.objects.all(), required=False)
    regency = serializers.PrimaryKeyRelatedField(queryset=Regency.objects.all(), required=False, allow_null=True)

    class Meta:
        model = Participant
        fields = [
            "id",
            "user",
            "full_name",
            "organisation",
            "organisation_name",
            "role_title",
            "province",
            "regency",
            "pre_score",
            "post_score",
            "elearning_confirmed_on",
        ]
        read_only_fields = ["id", "pre_score", "post_score", "elearning_confirmed_on"]
        extra_kwargs = {"full_name": {"required": False}}


class AttendanceInput(serializers.Serializer[Any]):
    session = serializers.UUIDField()
    present = serializers.ListField(child=serializers.UUIDField(), allow_empty=True)


class ScoresInput(serializers.Serializer[Any]):
    participant = serializers.UUIDField()
    pre = serializers.DecimalField(max_digits=5, decimal_places=1, required=False, allow_null=True)
    post = serializers.DecimalField(max_digits=5, decimal_places=1, required=False, allow_null=True)


REPORT = inline_serializer(
    "TrainingEventReport",
    {
        "event": serializers.UUIDField(),
        "title": serializers.CharField(),
        "participants": serializers.IntegerField(),
        "provinces": serializers.IntegerField(),
        "regencies": serializers.IntegerField(),
        "sessions": serializers.IntegerField(),
        "attendance_rate": serializers.FloatField(allow_null=True),
        "mean_pre_score": serializers.FloatField(allow_null=True),
        "mean_post_score": serializers.FloatField(allow_null=True),
        "certificates_issued": serializers.IntegerField(),
        "certificates_revoked": serializers.IntegerField(),
        "feedback_count": serializers.IntegerField(),
        "mean_feedback_rating": serializers.FloatField(allow_null=True),
        "by_province": serializers.ListField(child=serializers.DictField()),
        "attendance_by_session": serializers.ListField(child=serializers.DictField()),
        "post_score_distribution": serializers.ListField(child=serializers.DictField()),
    },
)


class TrainingEventViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet[TrainingEvent]
):
    """Training events: the organiser's staff and participants see them; trainers and facilitators manage them."""

    serializer_class = TrainingEventSerializer
    lookup_value_regex = UUID_PK

    def get_queryset(self) -> QuerySet[TrainingEvent]:
        return (
            access.visible_events(access.me(self.request))
            .annotate(participant_total=Count("participants"))
            .prefetch_related("sessions", "partners", "facilitators")
            .order_by("-start_date", "id")
        )

    def get_object(self) -> TrainingEvent:
        return access.get_event_for_user(access.me(self.request), self.kwargs["pk"])

    def _event(self, need: str) -> TrainingEvent:
        return access.get_event_for_user(access.me(self.request), self.kwargs["pk"], need=need)

    def perform_create(self, serializer: serializers.BaseSerializer[TrainingEvent]) -> None:
        data = serializer.validated_data
        organisation = get_organisation_for_user(access.me(self.request), data["organisation"].pk)
        serializer.instance = actions.create_event(
            data["programme"],
            actor=access.me(self.request),
            organisation=organisation,
            values={name: data[name] for name in actions.EVENT_FIELDS if name in data},
            partners=data.get("partners", []),
            facilitators=[access.me(self.request)],
            request=self.request._request,
        )

    @extend_schema(responses=REPORT)
    @action(detail=True, methods=["get"])
    def report(self, request: Request, pk: str, **kwargs: Any) -> Response:
        """Counts for the cohort: participants, distinct provinces and regencies, attendance, scores, certificates."""
        return Response(event_report(self._event("report")))

    @extend_schema(methods=["get"], responses=ParticipantSerializer(many=True))
    @extend_schema(methods=["post"], request=ParticipantSerializer, responses=ParticipantSerializer)
    @action(detail=True, methods=["get", "post"])
    def participants(self, request: Request, pk: str, **kwargs: Any) -> Response:
        """Participants (a participant sees only themself); POST adds a user or an invited person."""
        if request.method == "GET":
            event = self._event("view")
            qs = access.visible_participants(access.me(request), event).order_by("full_name", "id")
            page = self.paginate_queryset(qs)  # type: ignore[arg-type]
            return self.get_paginated_response(ParticipantSerializer(page, many=True).data)  # type: ignore[arg-type]
        event = self._event("manage")
        serializer = ParticipantSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        user = data.pop("user", None)
        participant = actions.add_participant(
            event,
            actor=access.me(request),
            user=user,
            values=data,
            request=request._request,
        )
        return Response(ParticipantSerializer(participant).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=AttendanceInput,
        responses=inline_serializer("AttendanceResult", {"present": serializers.IntegerField()}),
    )
    @action(detail=True, methods=["post"])
    def attendance(self, request: Request, pk: str, **kwargs: Any) -> Response:
        """Mark a session: the participants listed present, everybody else absent."""
        event = self._event("manage")
        data = AttendanceInput(data=request.data)
        data.is_valid(raise_exception=True)
        session = access.get_session_for_user(access.me(request), data.validated_data["session"])
        if session.event_id != event.pk:
            return Response({"detail": "session"}, status=status.HTTP_404_NOT_FOUND)
        present = actions.mark_attendance(
            session,
            actor=access.me(request),
            present=data.validated_data["present"],
            request=request._request,
        )
        return Response({"present": present})

    @extend_schema(request=ScoresInput, responses=ParticipantSerializer)
    @action(detail=True, methods=["post"])
    def scores(self, request: Request, pk: str, **kwargs: Any) -> Response:
        """A facilitator enters a participant's pre- and post-test scores (percent)."""
        event = self._event("manage")
        data = ScoresInput(data=request.data)
        data.is_valid(raise_exception=True)
        participant = access.get_participant_for_user(
            access.me(request), data.validated_data["participant"], need="manage"
        )
        if participant.event_id != event.pk:
            return Response({"detail": "participant"}, status=status.HTTP_404_NOT_FOUND)
        actions.record_scores(
            participant,
            actor=access.me(request),
            pre=data.validated_data.get("pre"),
            post=data.validated_data.get("post"),
            request=request._request,
        )
        return Response(ParticipantSerializer(participant).data)

    @extend_schema(request=None, responses=inline_serializer("CertifyResult", {"issued": serializers.IntegerField()}))
    @action(detail=True, methods=["post"])
    def certify(self, request: Request, pk: str, **kwargs: Any) -> Response:
        """Issue every certificate the programme's rule grants and that is not issued yet."""
        return Response({"issued": actions.certify_event(self._event("manage"), actor=access.me(request))})


# --- E-learning ---------------------------------------------------------------------------


class LessonSerializer(serializers.ModelSerializer[Lesson]):
    media_kind = named_enum("LessonMediaKindEnum", MediaKind.choices, allow_blank=True, read_only=True)
    html = serializers.SerializerMethodField()

    class Meta:
        model = Lesson
        fields = ["id", "title", "order", "body", "html", "media_kind", "media_url", "media_title"]

    def get_html(self, lesson: Lesson) -> str:
        return str(render_markdown(lesson.body))


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

    lookup_value_regex = UUID_PK

    def get_serializer_class(self) -> type[CourseSerializer]:
        return CourseDetailSerializer if self.action == "retrieve" else CourseSerializer

    def get_queryset(self) -> QuerySet[Course]:
        return access.visible_courses(access.me(self.request)).order_by("title", "id")

    def get_object(self) -> Course:
        course = access.get_course_for_user(access.me(self.request), self.kwargs["pk"])
        modules = Module.objects.prefetch_related("lessons").order_by("order")
        return Course.objects.prefetch_related(Prefetch("modules", queryset=modules), "quizzes").get(pk=course.pk)

    @extend_schema(responses=ProgressSerializer)
    @action(detail=True, methods=["get"])
    def progress(self, request: Request, pk: str, **kwargs: Any) -> Response:
        """The learner's own progress: lessons done, where to resume, completion."""
        course = access.get_course_for_user(access.me(request), pk)
        return Response(ProgressSerializer(course_progress(access.me(request), course)).data)

    @extend_schema(
        request=inline_serializer("CompleteLesson", {"lesson": serializers.UUIDField()}), responses=ProgressSerializer
    )
    @action(detail=True, methods=["post"], url_path="complete-lesson")
    def complete_lesson(self, request: Request, pk: str, **kwargs: Any) -> Response:
        course = access.get_course_for_user(access.me(request), pk)
        lesson = Lesson.objects.filter(module__course=course, pk=_field(request, "lesson")).first()
        if lesson is None:
            return Response({"detail": "lesson"}, status=status.HTTP_400_BAD_REQUEST)
        actions.complete_lesson(lesson, actor=access.me(request))
        return Response(ProgressSerializer(course_progress(access.me(request), course)).data)


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

    serializer_class = QuizSerializer
    lookup_value_regex = UUID_PK

    def get_queryset(self) -> QuerySet[Quiz]:
        return access.visible_quizzes(access.me(self.request)).order_by("title", "id")

    def get_object(self) -> Quiz:
        return access.get_quiz_for_user(access.me(self.request), self.kwargs["pk"])

    @extend_schema(request=None, responses=AttemptSerializer)
    @action(detail=True, methods=["post"])
    def start(self, request: Request, pk: str, **kwargs: Any) -> Response:
        attempt = actions.start_attempt(self.get_object(), actor=access.me(request))
        return Response(AttemptSerializer(attempt).data, status=status.HTTP_201_CREATED)


class AttemptViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[QuizAttempt]):
    """The signed-in learner's own quiz sittings; nobody else reads a learner's answers."""

    serializer_class = AttemptSerializer
    lookup_value_regex = UUID_PK

    def get_queryset(self) -> QuerySet[QuizAttempt]:
        return access.own_attempts(access.me(self.request)).order_by("-created_at", "id")

    def get_object(self) -> QuizAttempt:
        return access.get_attempt_for_user(access.me(self.request), self.kwargs["pk"])

    @extend_schema(
        request=inline_serializer(
            "QuizAnswers",
            {"answers": serializers.DictField(child=serializers.ListField(child=serializers.UUIDField()))},
        ),
        responses=AttemptSerializer,
    )
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str, **kwargs: Any) -> Response:
        attempt = self.get_object()
        answers = _field(request, "answers")
        if not isinstance(answers, dict):
            return Response({"answers": ["A map of question id to chosen answer ids."]}, status=400)
        attempt = actions.submit_attempt(attempt, actor=access.me(request), answers=answers)
        return Response(AttemptSerializer(attempt).data)


# --- Certificates -------------------------------------------------------------------------


class CertificateSerializer(serializers.ModelSerializer[Certificate]):
    status = serializers.CharField(read_only=True)
    programme_title = serializers.CharField(source="programme.title", read_only=True)

    class Meta:
        model = Certificate
        fields = [
            "id",
            "code",
            "holder",
            "holder_name",
            "programme",
            "programme_title",
            "event",
            "issued_on",
            "valid_until",
            "status",
            "manual_reason",
            "revoked_at",
            "revoke_reason",
        ]
        read_only_fields = fields


class CertificateViewSet(viewsets.ReadOnlyModelViewSet[Certificate]):
    """Certificates: the holder's own, and those of the events a trainer manages. ``mine=1`` lists only
    the signed-in user's."""

    serializer_class = CertificateSerializer
    lookup_value_regex = UUID_PK

    def get_queryset(self) -> QuerySet[Certificate]:
        qs = access.visible_certificates(access.me(self.request))
        if self.request.query_params.get("mine") in ("1", "true"):
            qs = qs.filter(holder=access.me(self.request))
        return qs.order_by("-issued_on", "holder_name", "id")

    def get_object(self) -> Certificate:
        return access.get_certificate_for_user(access.me(self.request), self.kwargs["pk"])

    @extend_schema(
        request=inline_serializer("RevokeCertificate", {"reason": serializers.CharField()}),
        responses=CertificateSerializer,
    )
    @action(detail=True, methods=["post"])
    def revoke(self, request: Request, pk: str, **kwargs: Any) -> Response:
        certificate = access.get_certificate_for_user(access.me(request), pk, need="manage")
        actions.revoke_certificate(
            certificate,
            actor=access.me(request),
            reason=str(_field(request, "reason") or ""),
            request=request._request,
        )
        return Response(CertificateSerializer(certificate).data)


def register_learning(router: DefaultRouter) -> None:
    router.register("programmes", ProgrammeViewSet, basename="programme")
    router.register("training-events", TrainingEventViewSet, basename="training-event")
    router.register("courses", CourseViewSet, basename="course")
    router.register("quizzes/attempts", AttemptViewSet, basename="quiz-attempt")
    router.register("quizzes", QuizViewSet, basename="quiz")
    router.register("certificates", CertificateViewSet, basename="certificate")
    router.register("competency", CompetencyViewSet, basename="competency")


# --- Competency ---------------------------------------------------------------------------


class CoverageRowSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    name = serializers.CharField()
    workers = serializers.IntegerField()
    certified = serializers.IntegerField()
    share = serializers.FloatField(allow_null=True)


class TeamRowSerializer(serializers.Serializer[Any]):
    user = serializers.UUIDField(source="membership.user_id")
    full_name = serializers.CharField(source="membership.user.full_name")
    case_management = serializers.BooleanField()
    open_cases = serializers.IntegerField()
    certificates = CertificateSerializer(many=True)


class CompetencyViewSet(viewsets.ViewSet):
    """The competency registry: coverage by province (aggregate roles and trainers) and a supervisor's team."""

    @extend_schema(
        parameters=[OpenApiParameter("competency", str, enum=Competency.values)],
        responses=CoverageRowSerializer(many=True),
    )
    @action(detail=False, methods=["get"])
    def coverage(self, request: Request) -> Response:
        if not access.can_see_coverage(access.me(request)):
            return Response({"detail": "Forbidden"}, status=status.HTTP_403_FORBIDDEN)
        chosen = request.query_params.get("competency", Competency.CASE_MANAGEMENT)
        if chosen not in Competency.values:
            chosen = Competency.CASE_MANAGEMENT
        return Response(CoverageRowSerializer(competency.coverage_by_province(chosen), many=True).data)

    @extend_schema(responses=TeamRowSerializer(many=True))
    @action(detail=False, methods=["get"])
    def team(self, request: Request) -> Response:
        """The workers the signed-in supervisor supervises, with their valid certificates."""
        return Response(TeamRowSerializer(competency.team(access.me(request)), many=True).data)

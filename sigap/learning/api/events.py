"""/api/v1/training-events/: events, participants, attendance, scores, certification and the report."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import exceptions, mixins, renderers, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from sigap.api.pagination import paginate
from sigap.cases.api.records import AnyContentRenderer
from sigap.learning import access, actions, export
from sigap.learning.api.common import UUID_PK
from sigap.learning.certification import cohort_rows, event_report, report_for_reader
from sigap.learning.models import (
    Attendance,
    EventSession,
    Participant,
    TrainingEvent,
)
from sigap.lib.http import SignedInApiRequest
from sigap.organisations.access import get_organisation_for_user
from sigap.regions.models import Province, Regency


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


class AttendanceRowSerializer(serializers.ModelSerializer[Attendance]):
    class Meta:
        model = Attendance
        fields = ["session", "participant", "present"]


class CourseProgressSerializer(serializers.Serializer[Any]):
    course = serializers.UUIDField()
    done = serializers.IntegerField()
    total = serializers.IntegerField()
    complete = serializers.BooleanField()


class CohortRowSerializer(serializers.Serializer[Any]):
    participant = serializers.UUIDField(source="participant.pk")
    full_name = serializers.CharField(source="participant.full_name")
    has_account = serializers.SerializerMethodField()
    elearning_confirmed_on = serializers.DateField(source="participant.elearning_confirmed_on", allow_null=True)
    courses = CourseProgressSerializer(many=True)

    def get_has_account(self, row: dict[str, Any]) -> bool:
        return row["participant"].user_id is not None


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

    request: SignedInApiRequest

    serializer_class = TrainingEventSerializer
    lookup_value_regex = UUID_PK

    def get_queryset(self) -> QuerySet[TrainingEvent]:
        return (
            access.visible_events(self.request.user)
            .annotate(participant_total=Count("participants"))
            .prefetch_related("sessions", "partners", "facilitators")
            .order_by("-start_date", "id")
        )

    def get_object(self) -> TrainingEvent:
        return access.get_event_for_user(self.request.user, self.kwargs["pk"])

    def _event(self, need: str) -> TrainingEvent:
        return access.get_event_for_user(self.request.user, self.kwargs["pk"], need=need)

    def perform_create(self, serializer: serializers.BaseSerializer[TrainingEvent]) -> None:
        data = serializer.validated_data
        organisation = get_organisation_for_user(self.request.user, data["organisation"].pk)
        serializer.instance = actions.create_event(
            data["programme"],
            actor=self.request.user,
            organisation=organisation,
            values={name: data[name] for name in actions.EVENT_FIELDS if name in data},
            partners=data.get("partners", []),
            facilitators=[self.request.user],
            request=self.request._request,
        )

    @extend_schema(responses=REPORT)
    @action(detail=True, methods=["get"])
    def report(self, request: SignedInApiRequest, pk: str, **kwargs: Any) -> Response:
        """Counts for the cohort: participants, distinct provinces and regencies, attendance, scores, certificates."""
        event = self._event("report")
        manages = access.can(request.user, "manage", event)
        return Response(report_for_reader(event_report(event), manages=manages))

    @extend_schema(
        responses={
            (200, export.XLSX): OpenApiResponse(
                OpenApiTypes.BINARY, description="Sheets: the summary numbers, and one row per participant"
            )
        }
    )
    @action(
        detail=True,
        methods=["get"],
        url_path="report-xlsx",
        renderer_classes=[renderers.JSONRenderer, AnyContentRenderer],
    )
    def report_xlsx(self, request: SignedInApiRequest, pk: str, **kwargs: Any) -> HttpResponse:
        """The report as an Excel workbook: the summary numbers and the participants with their names,
        attendance, scores and certificate (the event's trainers, like the CSV)."""
        return export.xlsx_response(self._event("manage"))

    @extend_schema(methods=["get"], responses=ParticipantSerializer(many=True))
    @extend_schema(methods=["post"], request=ParticipantSerializer, responses=ParticipantSerializer)
    @action(detail=True, methods=["get", "post"])
    def participants(self, request: SignedInApiRequest, pk: str, **kwargs: Any) -> Response:
        """Participants (a participant sees only themself); POST adds a user or an invited person."""
        if request.method == "GET":
            event = self._event("view")
            qs = access.visible_participants(request.user, event).order_by("full_name", "id")
            page = paginate(self, qs)
            return self.get_paginated_response(ParticipantSerializer(page, many=True).data)
        event = self._event("manage")
        serializer = ParticipantSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        user = data.pop("user", None)
        participant = actions.add_participant(
            event,
            actor=request.user,
            user=user,
            values=data,
            request=request._request,
        )
        return Response(ParticipantSerializer(participant).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["get"], responses=AttendanceRowSerializer(many=True))
    @extend_schema(
        methods=["post"],
        request=AttendanceInput,
        responses=inline_serializer("AttendanceResult", {"present": serializers.IntegerField()}),
    )
    @action(detail=True, methods=["get", "post"])
    def attendance(self, request: SignedInApiRequest, pk: str, **kwargs: Any) -> Response:
        """The attendance marks (GET), or mark a session (POST): the participants listed present,
        everybody else absent."""
        event = self._event("manage")
        if request.method == "GET":
            marks = Attendance.objects.filter(session__event=event).order_by("session__order", "participant_id", "id")
            page = paginate(self, marks)
            return self.get_paginated_response(AttendanceRowSerializer(page, many=True).data)
        data = AttendanceInput(data=request.data)
        data.is_valid(raise_exception=True)
        session = access.get_session_for_user(request.user, data.validated_data["session"])
        if session.event_id != event.pk:
            raise exceptions.NotFound
        present = actions.mark_attendance(
            session,
            actor=request.user,
            present=data.validated_data["present"],
            request=request._request,
        )
        return Response({"present": present})

    @extend_schema(responses=CohortRowSerializer(many=True))
    @action(detail=True, methods=["get"])
    def progress(self, request: SignedInApiRequest, pk: str, **kwargs: Any) -> Response:
        """The cohort's e-learning: lessons done and completion of each required course, per participant."""
        event = self._event("manage")
        page = paginate(self, event.participants.order_by("full_name", "id"))
        _courses, rows = cohort_rows(event, list(page or []))
        return self.get_paginated_response(CohortRowSerializer(rows, many=True).data)

    @extend_schema(request=ScoresInput, responses=ParticipantSerializer)
    @action(detail=True, methods=["post"])
    def scores(self, request: SignedInApiRequest, pk: str, **kwargs: Any) -> Response:
        """A facilitator enters a participant's pre- and post-test scores (percent)."""
        event = self._event("manage")
        data = ScoresInput(data=request.data)
        data.is_valid(raise_exception=True)
        participant = access.get_participant_for_user(request.user, data.validated_data["participant"], need="manage")
        if participant.event_id != event.pk:
            raise exceptions.NotFound
        actions.record_scores(
            participant,
            actor=request.user,
            pre=data.validated_data.get("pre"),
            post=data.validated_data.get("post"),
            request=request._request,
        )
        return Response(ParticipantSerializer(participant).data)

    @extend_schema(request=None, responses=inline_serializer("CertifyResult", {"issued": serializers.IntegerField()}))
    @action(detail=True, methods=["post"])
    def certify(self, request: SignedInApiRequest, pk: str, **kwargs: Any) -> Response:
        """Issue every certificate the programme's rule grants and that is not issued yet."""
        return Response({"issued": actions.certify_event(self._event("manage"), actor=request.user)})

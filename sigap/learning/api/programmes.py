"""/api/v1/programmes/: read by everybody, written by the organisation's trainers and admins."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import (
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from sigap.learning import actions
from sigap.learning.api.common import UUID_PK
from sigap.learning.models import (
    Programme,
    ProgrammeSession,
)
from sigap.lib.http import SignedInApiRequest


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

    request: SignedInApiRequest

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
            actor=self.request.user,
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

"""The caller's own check-ins over the API (/api/v1/wellbeing/checkins/): same rules and verbs as the
screens. Another user's check-in is 404, whatever the caller's role."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from sigap.cases.api.common import named_enum
from sigap.lib.http import SignedInApiRequest
from sigap.wellbeing import actions, who5
from sigap.wellbeing.access import get_checkin_for_user, my_checkins
from sigap.wellbeing.models import CheckIn


def _answer_fields() -> dict[str, serializers.Field[Any, Any, Any, Any]]:
    fields: dict[str, Any] = {}
    for key, label in who5.WHO5_ITEMS:
        fields[key] = named_enum("Who5AnswerEnum", who5.WHO5_CHOICES, help_text=label)
    for key, label, choices in who5.STRAIN_ITEMS:
        component = "Wellbeing" + key.title().replace("_", "") + "Enum"
        fields[key] = named_enum(component, choices, help_text=label)
    return fields


AnswersSerializer = type("WellbeingAnswersSerializer", (serializers.Serializer,), _answer_fields())


class CheckInSerializer(serializers.ModelSerializer[CheckIn]):
    answers = AnswersSerializer()
    note = serializers.CharField(required=False, allow_blank=True, max_length=actions.NOTE_MAX)
    score = serializers.IntegerField(read_only=True, help_text="WHO-5 percentage, 0–100.")
    level = serializers.CharField(read_only=True, help_text="good, low (≤ 50) or very_low (≤ 28).")
    in_team_figure = serializers.BooleanField(required=False, default=False)

    class Meta:
        model = CheckIn
        fields = ["id", "created_at", "answers", "note", "score", "level", "in_team_figure"]
        read_only_fields = ["id", "created_at", "score", "level"]


class CheckInViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet[CheckIn],
):
    """The caller's own wellbeing check-ins, newest first. Nobody sees another user's."""

    request: SignedInApiRequest
    serializer_class = CheckInSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self) -> QuerySet[CheckIn]:
        return my_checkins(self.request.user)

    def get_object(self) -> CheckIn:
        return get_checkin_for_user(self.request.user, self.kwargs["pk"])

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = CheckInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            checkin = actions.record_checkin(
                actor=self.request.user,
                answers=dict(data["answers"]),
                note=data.get("note", ""),
                in_team_figure=data.get("in_team_figure", False),
            )
        except DjangoValidationError as error:
            raise ValidationError(error.message_dict if hasattr(error, "error_dict") else error.messages) from error
        return Response(CheckInSerializer(checkin).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance: CheckIn) -> None:
        actions.delete_checkin(instance, actor=self.request.user)

    @extend_schema(
        request=None,
        responses=inline_serializer("WellbeingExport", {"checkins": serializers.ListField()}),
        description="Every check-in of the caller's, as a downloadable document.",
    )
    @action(detail=False, methods=["get"], pagination_class=None)
    def export(self, request: SignedInApiRequest) -> Response:
        return Response(actions.export_checkins(actor=request.user))


def register_wellbeing(router: BaseRouter) -> None:
    router.register("wellbeing/checkins", CheckInViewSet, basename="wellbeing-checkin")

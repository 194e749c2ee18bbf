"""The caller's own notifications and notification settings over the API (/api/v1/notifications/),
with the same rules and verbs as the screens: another user's notification is 404."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view, inline_serializer
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from sigap.cases.api.common import named_enum
from sigap.lib.http import SignedInApiRequest
from sigap.notifications import actions
from sigap.notifications.access import get_notification_for_user, my_notifications, unread_count
from sigap.notifications.models import Kind, Notification


class NotificationSerializer(serializers.ModelSerializer[Notification]):
    kind = named_enum("NotificationKindEnum", Kind.choices, read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    title = serializers.CharField(read_only=True, help_text="In the caller's language.")
    body = serializers.ListField(child=serializers.CharField(), source="body_lines", read_only=True)
    case_number = serializers.SerializerMethodField()
    actor_name = serializers.SerializerMethodField()
    is_read = serializers.BooleanField(read_only=True)

    class Meta:
        model = Notification
        fields = [
            "id",
            "kind",
            "kind_label",
            "title",
            "body",
            "case",
            "case_number",
            "url",
            "actor_name",
            "is_read",
            "read_at",
            "created_at",
        ]
        read_only_fields = fields

    def get_case_number(self, obj: Notification) -> str:
        return str(obj.params.get("case", ""))

    def get_actor_name(self, obj: Notification) -> str:
        return obj.actor.full_name if obj.actor is not None else ""


class PreferenceSerializer(serializers.Serializer[Any]):
    kind = named_enum("NotificationKindEnum", Kind.choices)
    kind_label = serializers.CharField(read_only=True)
    in_app = serializers.BooleanField()
    email = serializers.BooleanField()


def _preferences(user: Any) -> list[dict[str, Any]]:
    labels = dict(Kind.choices)
    return [
        {"kind": kind, "kind_label": str(labels[kind]), "in_app": in_app, "email": email}
        for kind, (in_app, email) in actions.preferences_of(user).items()
    ]


@extend_schema_view(
    list=extend_schema(parameters=[OpenApiParameter("unread", bool, description="Only unread notifications")]),
)
class NotificationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Notification]):
    """The caller's own notifications, newest first. Nobody sees another user's."""

    request: SignedInApiRequest

    serializer_class = NotificationSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self) -> QuerySet[Notification]:
        qs = my_notifications(self.request.user).select_related("actor")
        if self.request.query_params.get("unread", "").lower() in ("1", "true"):
            qs = qs.filter(read_at__isnull=True)
        return qs

    def get_object(self) -> Notification:
        return get_notification_for_user(self.request.user, self.kwargs["pk"])

    @extend_schema(
        responses=inline_serializer("UnreadCount", {"unread": serializers.IntegerField()}),
        description="Unread notifications, counted up to 100.",
    )
    @action(detail=False, methods=["get"], url_path="unread-count")
    def unread_count(self, request: SignedInApiRequest) -> Response:
        return Response({"unread": unread_count(request.user)})

    @extend_schema(request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request: SignedInApiRequest, pk: str) -> Response:
        notification = actions.mark_read(self.get_object(), actor=request.user)
        return Response(NotificationSerializer(notification).data)

    @extend_schema(request=None, responses=inline_serializer("ReadAll", {"marked": serializers.IntegerField()}))
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request: SignedInApiRequest) -> Response:
        return Response({"marked": actions.mark_all_read(actor=request.user)})

    @extend_schema(
        methods=["GET"], request=None, responses=PreferenceSerializer(many=True), description="Channels per kind."
    )
    @extend_schema(
        methods=["PATCH"],
        request=PreferenceSerializer(many=True),
        responses=PreferenceSerializer(many=True),
        description="Change the channels of the kinds given; the others stay as they are.",
    )
    @action(detail=False, methods=["get", "patch"], pagination_class=None)
    def preferences(self, request: SignedInApiRequest) -> Response:
        if request.method == "PATCH":
            serializer = PreferenceSerializer(data=request.data, many=True)
            serializer.is_valid(raise_exception=True)
            choices = {row["kind"]: (row["in_app"], row["email"]) for row in serializer.validated_data}
            actions.set_preferences(actor=request.user, choices=choices)
        return Response(_preferences(request.user))

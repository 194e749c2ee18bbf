"""/api/v1/conferences/: case conferences through the verbs, with the same access rules as the
screens (``sigap.conferences.access``). Participants from other organisations get the conference
record and only their own actions."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from sigap.accounts.models import User
from sigap.audit.access import AccessAction, log_access
from sigap.cases.api.common import LogsListReads, load_case, named_enum, responses, uuid_or_404
from sigap.cases.codes import ServiceType
from sigap.conferences import actions
from sigap.conferences.access import actions_for, get_conference_for_user, visible_conferences
from sigap.conferences.models import Conference, ConferenceAction, Invitation
from sigap.lib.http import SignedInApiRequest
from sigap.organisations.models import Organisation


class InvitationSerializer(serializers.ModelSerializer[Invitation]):
    organisation_name = serializers.CharField(source="organisation.name", read_only=True, default=None)
    user_name = serializers.CharField(source="user.full_name", read_only=True, default=None)

    class Meta:
        model = Invitation
        fields = [
            "id",
            "organisation",
            "organisation_name",
            "user",
            "user_name",
            "name",
            "outside_organisation",
            "role",
        ]
        read_only_fields = fields


class ConferenceActionSerializer(serializers.ModelSerializer[ConferenceAction]):
    service_type = serializers.ChoiceField(choices=ServiceType.choices, read_only=True)

    class Meta:
        model = ConferenceAction
        fields = [
            "id",
            "service_type",
            "description",
            "responsible_organisation",
            "responsible_user",
            "due_date",
            "adopted_at",
            "plan",
            "plan_action",
        ]
        read_only_fields = fields


class ConferenceSerializer(serializers.ModelSerializer[Conference]):
    status = named_enum("ConferenceStatusEnum", Conference.Status.choices, read_only=True)
    case_number = serializers.CharField(source="case.number", read_only=True)
    invitations = InvitationSerializer(many=True, read_only=True)

    class Meta:
        model = Conference
        fields = [
            "id",
            "case",
            "case_number",
            "organisation",
            "title",
            "scheduled_at",
            "location",
            "agenda",
            "minutes",
            "decisions",
            "status",
            "invitations",
            "created_at",
        ]
        read_only_fields = fields


class ConferenceDetailSerializer(ConferenceSerializer):
    actions = serializers.SerializerMethodField()

    class Meta(ConferenceSerializer.Meta):
        fields = [*ConferenceSerializer.Meta.fields, "actions"]
        read_only_fields = fields

    @extend_schema_field(ConferenceActionSerializer(many=True))
    def get_actions(self, conference: Conference) -> list[dict[str, Any]]:
        user = self.context["request"].user
        return list(ConferenceActionSerializer(actions_for(user, conference), many=True).data)


class ScheduleSerializer(serializers.Serializer[Any]):
    case = serializers.UUIDField()
    title = serializers.CharField(max_length=200)
    scheduled_at = serializers.DateTimeField()
    location = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    agenda = serializers.CharField(required=False, allow_blank=True, default="")


class ConferenceUpdateSerializer(serializers.Serializer[Any]):
    title = serializers.CharField(max_length=200, required=False)
    scheduled_at = serializers.DateTimeField(required=False)
    location = serializers.CharField(max_length=300, required=False, allow_blank=True)
    agenda = serializers.CharField(required=False, allow_blank=True)


class InviteSerializer(serializers.Serializer[Any]):
    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.filter(is_active=True), required=False, allow_null=True, default=None
    )
    user = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), required=False, allow_null=True, default=None
    )
    name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    outside_organisation = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    role = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class MinutesSerializer(serializers.Serializer[Any]):
    minutes = serializers.CharField()
    decisions = serializers.CharField(required=False, allow_blank=True, default="")


class ConferenceActionInputSerializer(serializers.Serializer[Any]):
    service_type = serializers.ChoiceField(choices=ServiceType.choices)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    responsible_organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), required=False, allow_null=True, default=None
    )
    responsible_user = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), required=False, allow_null=True, default=None
    )
    due_date = serializers.DateField(required=False, allow_null=True, default=None)


class AdoptedSerializer(serializers.Serializer[Any]):
    plan = serializers.UUIDField()
    plan_number = serializers.IntegerField()


@extend_schema_view(
    retrieve=extend_schema(responses=responses(ConferenceDetailSerializer)),
    create=extend_schema(request=ScheduleSerializer, responses=responses(ConferenceDetailSerializer, status=201)),
    partial_update=extend_schema(request=ConferenceUpdateSerializer, responses=responses(ConferenceDetailSerializer)),
)
class ConferenceViewSet(
    LogsListReads,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet[Conference],
):
    """Case conferences: scheduled by the case team, with invited organisations and people, minutes,
    decisions and actions that become case-plan actions. Invited participants from other
    organisations read the conference record (not the case) and their own actions."""

    request: SignedInApiRequest

    serializer_class = ConferenceSerializer
    permission_classes = [permissions.IsAuthenticated]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_serializer_class(self) -> type[ConferenceSerializer]:
        return ConferenceSerializer if self.action == "list" else ConferenceDetailSerializer

    def get_queryset(self) -> QuerySet[Conference]:
        return (
            visible_conferences(self.request.user)
            .select_related("case")
            .prefetch_related(
                Prefetch("invitations", queryset=Invitation.objects.select_related("organisation", "user"))
            )
            .order_by("-scheduled_at", "-id")
        )

    def get_object(self, need: str = "view") -> Conference:
        return get_conference_for_user(self.request.user, uuid_or_404(self.kwargs["pk"]), need=need)

    def _answer(self, conference: Conference, code: int = status.HTTP_200_OK) -> Response:
        return Response(ConferenceDetailSerializer(conference, context={"request": self.request}).data, status=code)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        obj = self.get_object()
        log_access(user=request.user, obj=obj, action=AccessAction.API_READ, request=request)
        return Response(ConferenceDetailSerializer(obj, context={"request": request}).data)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = ScheduleSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        case = load_case(request.user, values.pop("case"), need="edit")
        conference = actions.schedule_conference(case, actor=self.request.user, **values)
        return self._answer(conference, status.HTTP_201_CREATED)

    def partial_update(self, request: SignedInApiRequest, *args: Any, **kwargs: Any) -> Response:
        """Change the title, time, place or agenda of a conference not yet held."""
        conference = self.get_object(need="organise")
        data = ConferenceUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = {name: getattr(conference, name) for name in ("title", "scheduled_at", "location", "agenda")}
        values.update(data.validated_data)
        actions.update_conference(conference, actor=request.user, **values)
        return self._answer(conference)

    @extend_schema(request=InviteSerializer, responses=responses(ConferenceDetailSerializer))
    @action(detail=True, methods=["post"])
    def invite(self, request: SignedInApiRequest, pk: str) -> Response:
        conference = self.get_object(need="organise")
        data = InviteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        actions.invite(conference, actor=request.user, **data.validated_data)
        return self._answer(conference)

    @extend_schema(request=MinutesSerializer, responses=responses(ConferenceDetailSerializer))
    @action(detail=True, methods=["post"])
    def minutes(self, request: SignedInApiRequest, pk: str) -> Response:
        conference = self.get_object(need="organise")
        data = MinutesSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        actions.record_minutes(conference, actor=request.user, **data.validated_data)
        return self._answer(conference)

    @extend_schema(request=ConferenceActionInputSerializer, responses=responses(ConferenceDetailSerializer))
    @action(detail=True, methods=["post"], url_path="actions")
    def add_action(self, request: SignedInApiRequest, pk: str) -> Response:
        conference = self.get_object(need="organise")
        data = ConferenceActionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        actions.add_action(conference, actor=request.user, data=actions.ActionData(**data.validated_data))
        return self._answer(conference)

    @extend_schema(request=None, responses=responses(AdoptedSerializer))
    @action(detail=True, methods=["post"])
    def adopt(self, request: SignedInApiRequest, pk: str) -> Response:
        plan = actions.adopt_actions(self.get_object(need="organise"), actor=request.user)
        return Response({"plan": str(plan.pk), "plan_number": plan.number})

    @extend_schema(request=None, responses=responses(ConferenceDetailSerializer))
    @action(detail=True, methods=["post"])
    def cancel(self, request: SignedInApiRequest, pk: str) -> Response:
        conference = actions.cancel_conference(self.get_object(need="organise"), actor=request.user)
        return self._answer(conference)

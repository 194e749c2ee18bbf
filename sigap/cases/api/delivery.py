"""/api/v1/cases/{case_pk}/services/, /follow-ups/ and /closures/: carrying out the plan, reviewing
it, and closing the case, through the verbs."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from sigap.cases import actions, closure_hooks
from sigap.cases.api.common import CASE_PK, CaseNestedMixin, named_enum, responses
from sigap.cases.codes import ClosureReason, RiskLevel, ServiceType
from sigap.cases.models import Case, Closure, FollowUp, PlanAction, ServiceDelivery
from sigap.lib.http import SignedInApiRequest
from sigap.organisations.models import Organisation

# --- Services -------------------------------------------------------------------------------


class ServiceSerializer(serializers.ModelSerializer[ServiceDelivery]):
    service_label = serializers.CharField(source="get_service_type_display", read_only=True)

    class Meta:
        model = ServiceDelivery
        fields = [
            "id",
            "service_type",
            "service_label",
            "delivered_on",
            "provider_organisation",
            "provider_name",
            "plan_action",
            "outcome",
            "recorded_by",
            "created_at",
        ]
        read_only_fields = fields


class ServiceCreateSerializer(serializers.Serializer[Any]):
    """Name either ``provider_organisation`` (on Sigap) or ``provider_name`` (not on Sigap).
    ``mediasi`` is refused on sexual-violence cases unless every perpetrator is a child (TPKS)."""

    service_type = serializers.ChoiceField(choices=ServiceType.choices)
    delivered_on = serializers.DateField()
    provider_organisation = serializers.UUIDField(required=False, allow_null=True, default=None)
    provider_name = serializers.CharField(required=False, allow_blank=True, default="")
    plan_action = serializers.UUIDField(required=False, allow_null=True, default=None)
    outcome = serializers.CharField(required=False, allow_blank=True, default="")


@extend_schema(parameters=[CASE_PK])
@extend_schema_view(
    create=extend_schema(request=ServiceCreateSerializer, responses=responses(ServiceSerializer, status=201)),
)
class ServiceViewSet(
    CaseNestedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[ServiceDelivery],
):
    """Services delivered to the client, newest first."""

    request: SignedInApiRequest

    serializer_class = ServiceSerializer
    http_method_names = ["get", "post", "head", "options"]

    model = ServiceDelivery

    def records(self, case: Case) -> QuerySet[ServiceDelivery]:
        return case.services.order_by("-delivered_on", "-created_at", "id")

    def create(self, request: SignedInApiRequest, *args: Any, **kwargs: Any) -> Response:
        case = self.get_case("edit")
        incoming = ServiceCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        provider = None
        if data["provider_organisation"] is not None:
            provider = Organisation.objects.filter(pk=data["provider_organisation"], is_active=True).first()
            if provider is None:
                raise serializers.ValidationError({"provider_organisation": [_("Unknown organisation.")]})
        plan_action = None
        if data["plan_action"] is not None:
            # The verb checks it belongs to this case's approved plan; look it up within the case only.
            plan_action = PlanAction.objects.filter(pk=data["plan_action"], goal__plan__case=case).first()
            if plan_action is None:
                raise serializers.ValidationError({"plan_action": [_("Unknown action.")]})
        service = actions.record_service(
            case,
            actor=request.user,
            service_type=data["service_type"],
            delivered_on=data["delivered_on"],
            provider_organisation=provider,
            provider_name=data["provider_name"],
            plan_action=plan_action,
            outcome=data["outcome"],
        )
        return Response(ServiceSerializer(service).data, status=status.HTTP_201_CREATED)


# --- Follow-ups -----------------------------------------------------------------------------


class FollowUpSerializer(serializers.ModelSerializer[FollowUp]):
    goal_progress = serializers.DictField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = FollowUp
        fields = [
            "id",
            "held_on",
            "method",
            "progress",
            "goal_progress",
            "new_risks",
            "risk_level",
            "next_date",
            "recorded_by",
            "created_at",
        ]
        read_only_fields = fields


class FollowUpCreateSerializer(serializers.Serializer[Any]):
    """``goal_progress`` maps goal ids of the approved plan to the progress on each. A new risk level
    re-rates the case (``new_risks`` says why); the next follow-up is scheduled."""

    held_on = serializers.DateField()
    method = serializers.ChoiceField(choices=FollowUp.Method.choices)
    risk_level = serializers.ChoiceField(choices=RiskLevel.choices)
    progress = serializers.CharField(required=False, allow_blank=True, default="")
    goal_progress = serializers.DictField(child=serializers.CharField(allow_blank=True), required=False, default=dict)
    new_risks = serializers.CharField(required=False, allow_blank=True, default="")
    next_date = serializers.DateField(required=False, allow_null=True, default=None)


@extend_schema(parameters=[CASE_PK])
@extend_schema_view(
    create=extend_schema(request=FollowUpCreateSerializer, responses=responses(FollowUpSerializer, status=201)),
)
class FollowUpViewSet(
    CaseNestedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[FollowUp],
):
    """Follow-up visits and calls, newest first."""

    request: SignedInApiRequest

    serializer_class = FollowUpSerializer
    http_method_names = ["get", "post", "head", "options"]

    model = FollowUp

    def records(self, case: Case) -> QuerySet[FollowUp]:
        return case.follow_ups.order_by("-held_on", "-created_at", "id")

    def create(self, request: SignedInApiRequest, *args: Any, **kwargs: Any) -> Response:
        case = self.get_case("edit")
        incoming = FollowUpCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        follow_up = actions.record_follow_up(case, actor=request.user, **incoming.validated_data)
        return Response(FollowUpSerializer(follow_up).data, status=status.HTTP_201_CREATED)


# --- Closures -------------------------------------------------------------------------------


class ClosureSerializer(serializers.ModelSerializer[Closure]):
    status = named_enum("ClosureStatusEnum", Closure.Status.choices, read_only=True)
    reason_label = serializers.CharField(source="get_reason_display", read_only=True)
    checklist = serializers.DictField(child=serializers.BooleanField(), read_only=True)

    class Meta:
        model = Closure
        fields = [
            "id",
            "reason",
            "reason_label",
            "reason_detail",
            "checklist",
            "status",
            "requested_by",
            "created_at",
            "decided_at",
            "decided_by",
            "decision_comment",
            "reopened_at",
            "reopened_by",
            "reopen_reason",
        ]
        read_only_fields = fields


class ClosureRequestSerializer(serializers.Serializer[Any]):
    """``checklist`` maps the items of GET …/closures/checklist/?reason= to true when done."""

    reason = serializers.ChoiceField(choices=ClosureReason.choices)
    reason_detail = serializers.CharField(required=False, allow_blank=True, default="")
    checklist = serializers.DictField(child=serializers.BooleanField(), required=False, default=dict)


class ClosureDecisionSerializer(serializers.Serializer[Any]):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class ChecklistItemSerializer(serializers.Serializer[Any]):
    """``label`` and ``required`` are attributes of every field, so they cannot be declared as class attributes."""

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        return {
            "key": serializers.CharField(),
            "label": serializers.CharField(),
            "required": serializers.BooleanField(),
        }


class OpenItemSerializer(serializers.Serializer[Any]):
    """A record another app has open on the case (an active referral...) and what closing does to it."""

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        return {
            "kind": serializers.CharField(),
            "title": serializers.CharField(),
            "label": serializers.CharField(),
            "url": serializers.CharField(),
            "on_closure": serializers.CharField(),
        }


@extend_schema(parameters=[CASE_PK])
@extend_schema_view(
    create=extend_schema(request=ClosureRequestSerializer, responses=responses(ClosureSerializer, status=201)),
)
class ClosureViewSet(
    CaseNestedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[Closure],
):
    """Requests to close the case, newest first. POST asks for closure (reason and checklist); a
    supervisor of the case approves (the case closes) or returns it. Reopening: POST /cases/{id}/reopen/."""

    request: SignedInApiRequest

    serializer_class = ClosureSerializer
    pagination_class = None
    http_method_names = ["get", "post", "head", "options"]

    model = Closure

    def records(self, case: Case) -> QuerySet[Closure]:
        return case.closures.order_by("-created_at", "id")

    def create(self, request: SignedInApiRequest, *args: Any, **kwargs: Any) -> Response:
        case = self.get_case("edit")
        incoming = ClosureRequestSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        closure = actions.request_closure(case, actor=request.user, **incoming.validated_data)
        return Response(ClosureSerializer(closure).data, status=status.HTTP_201_CREATED)

    def _decision(self, request: SignedInApiRequest) -> tuple[Closure, str]:
        closure = self.get_object()
        incoming = ClosureDecisionSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        return closure, incoming.validated_data["comment"]

    @extend_schema(request=ClosureDecisionSerializer, responses=responses(ClosureSerializer, conflict=True))
    @action(detail=True, methods=["post"])
    def approve(self, request: SignedInApiRequest, *args: Any, **kwargs: Any) -> Response:
        """A supervisor of the case (not the one who asked) approves: the case closes."""
        closure, comment = self._decision(request)
        actions.approve_closure(closure, actor=request.user, comment=comment)
        return Response(ClosureSerializer(closure).data)

    @extend_schema(request=ClosureDecisionSerializer, responses=responses(ClosureSerializer, conflict=True))
    @action(detail=True, methods=["post"], url_path="return")
    def return_closure(self, request: SignedInApiRequest, *args: Any, **kwargs: Any) -> Response:
        """A supervisor sends the request back (``comment`` required); the case stays open."""
        closure, comment = self._decision(request)
        actions.return_closure(closure, actor=request.user, comment=comment)
        return Response(ClosureSerializer(closure).data)

    @extend_schema(
        parameters=[OpenApiParameter("reason", str, enum=ClosureReason.values, required=True)],
        responses=responses(ChecklistItemSerializer(many=True)),
    )
    @action(detail=False, methods=["get"], pagination_class=None)
    def checklist(self, request: SignedInApiRequest, *args: Any, **kwargs: Any) -> Response:
        """The closure checklist for a reason, and which items it requires on this case."""
        case = self.get_case()
        reason = request.query_params.get("reason", "")
        if reason not in ClosureReason.values:
            raise serializers.ValidationError({"reason": [_("Choose the reason for closing.")]})
        items = [
            {"key": key, "label": str(label), "required": required}
            for key, label, required in actions.checklist_items_for(case, reason)
        ]
        return Response(ChecklistItemSerializer(items, many=True).data)

    @extend_schema(responses=responses(OpenItemSerializer(many=True)))
    @action(detail=False, methods=["get"], url_path="open-items", pagination_class=None)
    def open_items(self, request: SignedInApiRequest, *args: Any, **kwargs: Any) -> Response:
        """What is still open on the case (active referrals...) and what approving a closure does to it."""
        case = self.get_case()
        items = [
            {"kind": key, "title": title, "label": item.label, "url": item.url, "on_closure": item.on_closure}
            for key, title, found in closure_hooks.open_items_by_kind(case)
            for item in found
        ]
        return Response(OpenItemSerializer(items, many=True).data)

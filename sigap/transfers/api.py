"""/api/v1/transfers/: propose, list, read, accept, decline and withdraw transfers, through the verbs
and with the same access rules as the screens (``sigap.transfers.access``)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from sigap.accounts.models import User
from sigap.audit.access import AccessAction, log_access
from sigap.cases.api.common import LogsListReads, load_case, named_enum, responses, uuid_or_404
from sigap.cases.codes import RiskLevel, ViolenceForm
from sigap.lib.http import SignedInApiRequest
from sigap.lib.models import attach
from sigap.organisations.models import Organisation
from sigap.transfers import actions
from sigap.transfers.access import (
    get_transfer_for_user,
    sees_details,
    supervising_organisation_ids,
    visible_transfers,
    with_details_visibility,
)
from sigap.transfers.models import Transfer


class TransferSerializer(serializers.ModelSerializer[Transfer]):
    status = named_enum("TransferStatusEnum", Transfer.Status.choices, read_only=True)
    from_organisation_name = serializers.CharField(source="from_organisation.name", read_only=True)
    to_organisation_name = serializers.CharField(source="to_organisation.name", read_only=True)
    proposed_by_name = serializers.CharField(source="proposed_by.full_name", read_only=True)
    forms = serializers.ListField(child=named_enum("ViolenceFormEnum", ViolenceForm.choices), read_only=True)
    risk_level = named_enum("RiskLevel", RiskLevel.choices, read_only=True)

    class Meta:
        model = Transfer
        fields = [
            "id",
            "case",
            "status",
            "from_organisation",
            "from_organisation_name",
            "to_organisation",
            "to_organisation_name",
            "old_number",
            "new_number",
            "client_type",
            "forms",
            "risk_level",
            "age_band",
            "reason",
            "proposed_by",
            "proposed_by_name",
            "created_at",
            "decided_by",
            "decided_at",
            "decision_comment",
            "case_manager",
        ]
        read_only_fields = fields

    def to_representation(self, instance: Transfer) -> dict[str, Any]:
        data = super().to_representation(instance)
        # Set by the view (``sees_details``): a receiver that declined keeps only the record of it.
        if not getattr(instance, "details_visible", True):
            data.update(reason="", forms=[], age_band="")
        return data


class ProposeSerializer(serializers.Serializer[Any]):
    case = serializers.UUIDField()
    to_organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.filter(is_active=True))
    reason = serializers.CharField()


class AcceptSerializer(serializers.Serializer[Any]):
    case_manager = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True))
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class DeclineSerializer(serializers.Serializer[Any]):
    comment = serializers.CharField()


BOX = OpenApiParameter(
    "box", str, enum=["all", "incoming"], description="incoming: proposals waiting for your decision"
)


@extend_schema_view(
    list=extend_schema(parameters=[BOX]),
    retrieve=extend_schema(responses=responses(TransferSerializer)),
    create=extend_schema(request=ProposeSerializer, responses=responses(TransferSerializer, status=201)),
)
class TransferViewSet(
    LogsListReads,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet[Transfer],
):
    """Transfers of case ownership: the sending side proposes, a supervisor of the receiving
    organisation accepts (naming the new case manager) or declines. The receiver sees only the
    decision summary until it accepts; the old organisation keeps the record of the transfer."""

    request: SignedInApiRequest

    serializer_class = TransferSerializer
    permission_classes = [permissions.IsAuthenticated]
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> QuerySet[Transfer]:
        qs = visible_transfers(self.request.user)
        if self.request.query_params.get("box") == "incoming":
            qs = qs.filter(
                status=Transfer.Status.PROPOSED,
                to_organisation_id__in=supervising_organisation_ids(self.request.user),
            )
        qs = with_details_visibility(qs, self.request.user)
        return qs.select_related("from_organisation", "to_organisation", "proposed_by").order_by("-created_at", "-id")

    def get_object(self, need: str = "view") -> Transfer:
        return get_transfer_for_user(self.request.user, uuid_or_404(self.kwargs["pk"]), need=need)

    def _data(self, transfer: Transfer) -> dict[str, Any]:
        attach(transfer, details_visible=sees_details(self.request.user, transfer))
        return TransferSerializer(transfer).data

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        obj = self.get_object()
        log_access(user=request.user, obj=obj, action=AccessAction.API_READ, request=request)
        return Response(self._data(obj))

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = ProposeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        case = load_case(request.user, data.validated_data["case"], need="edit")
        transfer = actions.propose_transfer(
            case,
            actor=self.request.user,
            to_organisation=data.validated_data["to_organisation"],
            reason=data.validated_data["reason"],
        )
        return Response(self._data(transfer), status=status.HTTP_201_CREATED)

    @extend_schema(request=AcceptSerializer, responses=responses(TransferSerializer))
    @action(detail=True, methods=["post"])
    def accept(self, request: SignedInApiRequest, pk: str) -> Response:
        transfer = self.get_object(need="decide")
        data = AcceptSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        transfer = actions.accept_transfer(
            transfer,
            actor=request.user,
            case_manager=data.validated_data["case_manager"],
            comment=data.validated_data["comment"],
        )
        return Response(self._data(transfer))

    @extend_schema(request=DeclineSerializer, responses=responses(TransferSerializer))
    @action(detail=True, methods=["post"])
    def decline(self, request: SignedInApiRequest, pk: str) -> Response:
        transfer = self.get_object(need="decide")
        data = DeclineSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        transfer = actions.decline_transfer(transfer, actor=request.user, comment=data.validated_data["comment"])
        return Response(self._data(transfer))

    @extend_schema(request=None, responses=responses(TransferSerializer))
    @action(detail=True, methods=["post"])
    def withdraw(self, request: SignedInApiRequest, pk: str) -> Response:
        transfer = actions.withdraw_transfer(self.get_object(need="withdraw"), actor=request.user)
        return Response(self._data(transfer))

"""Referrals over the API (/api/v1/referrals/, /api/v1/referral-report/), with the same rules
(``access.py``) and verbs (``actions.py``) as the screens."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from sigap.audit.access import AccessAction, log_access
from sigap.cases.api.common import load_case, named_enum, uuid_or_404
from sigap.cases.codes import ServiceType
from sigap.cases.models import ServiceDelivery
from sigap.directory.models import Service
from sigap.lib.http import SignedInApiRequest
from sigap.organisations.models import OrganisationKind
from sigap.referrals import actions
from sigap.referrals.access import (
    can_answer,
    get_referral_for_user,
    inbox_order,
    is_sender,
    received_referrals,
    sees_shared_sections,
    sent_referrals,
    visible_referrals,
)
from sigap.referrals.models import Referral, Section, Status, Urgency
from sigap.referrals.report import build_report
from sigap.referrals.shared import shared_data
from sigap.referrals.views import report_params


class ReferralSerializer(serializers.ModelSerializer[Referral]):
    """A referral without any of the case's data (lists, and the sender's view)."""

    from_organisation_name = serializers.CharField(source="from_organisation.name", read_only=True)
    receiver_name = serializers.CharField(read_only=True)
    sections = serializers.ListField(child=serializers.ChoiceField(choices=Section.choices), read_only=True)

    class Meta:
        model = Referral
        fields = [
            "id",
            "status",
            "from_organisation",
            "from_organisation_name",
            "to_organisation",
            "service",
            "receiver_name",
            "external_name",
            "is_external",
            "service_type",
            "sections",
            "urgency",
            "risk_level",
            "sent_at",
            "due_at",
            "accepted_at",
            "declined_at",
            "completed_at",
            "closed_at",
        ]
        read_only_fields = fields


class SharedBlockSerializer(serializers.Serializer[Any]):
    title = serializers.CharField()
    fields = serializers.ListField(child=serializers.ListField(child=serializers.CharField()))  # type: ignore[assignment]
    head = serializers.ListField(child=serializers.CharField())
    rows = serializers.ListField(child=serializers.ListField(child=serializers.CharField()))


class ReferralDetailSerializer(ReferralSerializer):
    """One referral: for the sender its case and answers; for the receiver, while it is active, the
    shared sections (``shared``, keyed by section) and nothing else of the case."""

    case = serializers.SerializerMethodField()
    reason = serializers.SerializerMethodField()
    decline_reason = serializers.SerializerMethodField()
    outcome = serializers.SerializerMethodField()
    shared = serializers.SerializerMethodField()

    class Meta(ReferralSerializer.Meta):
        fields = [*ReferralSerializer.Meta.fields, "case", "reason", "decline_reason", "outcome", "shared"]
        read_only_fields = fields

    def _sender(self) -> bool:
        return bool(self.context.get("sender"))

    def _reader(self, referral: Referral) -> bool:
        return self._sender() or bool(self.context.get("shows_sections")) or bool(self.context.get("answers"))

    def get_case(self, referral: Referral) -> str | None:
        return str(referral.case_id) if self._sender() else None

    def get_reason(self, referral: Referral) -> str:
        return referral.reason if self._sender() or self.context.get("shows_sections") else ""

    def get_decline_reason(self, referral: Referral) -> str:
        return referral.decline_reason if self._reader(referral) else ""

    def get_outcome(self, referral: Referral) -> str:
        return referral.outcome if self._reader(referral) else ""

    @extend_schema_field(serializers.DictField(child=SharedBlockSerializer(), allow_null=True))
    def get_shared(self, referral: Referral) -> dict[str, Any] | None:
        return shared_data(referral) if self.context.get("shows_sections") else None


class SendReferralSerializer(serializers.Serializer[Any]):
    case = serializers.UUIDField()
    service = serializers.PrimaryKeyRelatedField(
        queryset=Service.objects.select_related("organisation"), required=False, allow_null=True
    )
    external_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    external_contact = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    external_kind = named_enum(
        "OrganisationKindEnum", OrganisationKind.choices, required=False, allow_blank=True, default=""
    )
    service_type = serializers.ChoiceField(choices=ServiceType.choices)
    sections = serializers.MultipleChoiceField(choices=Section.choices)
    urgency = serializers.ChoiceField(choices=Urgency.choices, default=Urgency.ROUTINE)
    reason = serializers.CharField(max_length=actions.REASON_MAX)


class ReasonSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField()


class OutcomeSerializer(serializers.Serializer[Any]):
    outcome = serializers.CharField()


class DeliverySerializer(serializers.ModelSerializer[ServiceDelivery]):
    class Meta:
        model = ServiceDelivery
        fields = ["id", "service_type", "delivered_on", "outcome", "provider_organisation", "referral", "created_at"]
        read_only_fields = ["id", "provider_organisation", "referral", "created_at"]


LIST_PARAMETERS = [
    OpenApiParameter("box", str, enum=["sent", "received"], description="Only referrals sent or received"),
    OpenApiParameter("status", str, enum=Status.values, description="Only referrals in this status"),
]


@extend_schema_view(
    list=extend_schema(parameters=LIST_PARAMETERS),
    retrieve=extend_schema(responses=ReferralDetailSerializer),
    create=extend_schema(request=SendReferralSerializer, responses={201: ReferralDetailSerializer}),
)
class ReferralViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet[Referral]
):
    """Referrals sent from the caller's cases and received by their organisation.

    The receiver reads the shared sections (``shared``) only while the referral is active; each
    such read is in the access log.
    """

    request: SignedInApiRequest

    serializer_class = ReferralSerializer
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> QuerySet[Referral]:
        user = self.request.user
        box = self.request.query_params.get("box")
        qs = sent_referrals(user) if box == "sent" else received_referrals(user) if box == "received" else None
        qs = visible_referrals(user) if qs is None else qs
        if self.request.query_params.get("status") in Status.values:
            qs = qs.filter(status=self.request.query_params["status"])
        # The inbox lists what waits for an answer first, the most urgent first.
        return inbox_order(qs) if box == "received" else qs.order_by("-sent_at", "id")

    def get_object(self, need: str = "view") -> Referral:
        return get_referral_for_user(self.request.user, uuid_or_404(self.kwargs["pk"]), need=need)

    def _detail(self, referral: Referral, request: Request, code: int = status.HTTP_200_OK) -> Response:
        shows = sees_shared_sections(request.user, referral)
        context = {
            "sender": is_sender(request.user, referral),
            "shows_sections": shows,
            "answers": can_answer(request.user, referral),
        }
        if shows:
            log_access(user=request.user, obj=referral, action=AccessAction.API_READ, request=request)
        return Response(ReferralDetailSerializer(referral, context=context).data, status=code)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._detail(self.get_object(), request)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        incoming = SendReferralSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        case = load_case(request.user, data.pop("case"), need="edit")
        referral = actions.send_referral(
            case,
            actor=self.request.user,
            data=actions.ReferralInput(**{**data, "sections": list(data["sections"])}),
            request=request._request,
        )
        return self._detail(referral, request, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=ReferralDetailSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request: SignedInApiRequest, pk: str, **kwargs: Any) -> Response:
        referral = actions.accept_referral(self.get_object("answer"), actor=request.user)
        return self._detail(referral, request)

    @extend_schema(request=ReasonSerializer, responses=ReferralDetailSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request: SignedInApiRequest, pk: str, **kwargs: Any) -> Response:
        referral = self.get_object("answer")
        body = ReasonSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        actions.decline_referral(referral, actor=request.user, reason=body.validated_data["reason"])
        return self._detail(referral, request)

    @extend_schema(request=OutcomeSerializer, responses=ReferralDetailSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request: SignedInApiRequest, pk: str, **kwargs: Any) -> Response:
        referral = self.get_object("answer")
        body = OutcomeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        actions.complete_referral(referral, actor=request.user, outcome=body.validated_data["outcome"])
        return self._detail(referral, request)

    @extend_schema(request=ReasonSerializer, responses=ReferralDetailSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request: SignedInApiRequest, pk: str, **kwargs: Any) -> Response:
        referral = self.get_object("manage")
        body = ReasonSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        actions.cancel_referral(referral, actor=request.user, reason=body.validated_data["reason"])
        return self._detail(referral, request)

    @extend_schema(request=DeliverySerializer, responses={201: DeliverySerializer})
    @action(detail=True, methods=["post"])
    def services(self, request: SignedInApiRequest, pk: str, **kwargs: Any) -> Response:
        referral = self.get_object("answer")
        body = DeliverySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        delivery = actions.record_referral_service(
            referral,
            actor=request.user,
            service_type=body.validated_data["service_type"],
            delivered_on=body.validated_data["delivered_on"],
            outcome=body.validated_data.get("outcome", ""),
        )
        return Response(DeliverySerializer(delivery).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def letter(self, request: SignedInApiRequest, pk: str, **kwargs: Any) -> HttpResponse:
        referral = self.get_object("letter")
        pdf = actions.letter_pdf(referral, actor=request.user, request=request._request)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = content_disposition_header(True, f"referral-{str(referral.pk)[:8]}.pdf")
        return response


class ReportRowSerializer(serializers.Serializer[Any]):
    label = serializers.CharField()  # type: ignore[assignment]  # a field named like Field.label
    total = serializers.IntegerField()
    counts = serializers.DictField(child=serializers.IntegerField())
    accepted = serializers.IntegerField()
    acceptance_rate = serializers.FloatField(allow_null=True)
    median_hours_to_accept = serializers.FloatField(allow_null=True)
    median_hours_to_complete = serializers.FloatField(allow_null=True)


class ReportSerializer(serializers.Serializer[Any]):
    total = ReportRowSerializer()
    by_receiver = ReportRowSerializer(many=True)
    by_sender = ReportRowSerializer(many=True)
    by_service_type = ReportRowSerializer(many=True)
    truncated = serializers.BooleanField()


class ReferralReportView(APIView):
    """Referral figures of the caller's organisations (holders of ``view_aggregates``): no personal data."""

    request: SignedInApiRequest

    @extend_schema(
        parameters=[
            OpenApiParameter("organisation", str, description="One of the caller's organisations (default: all)"),
            OpenApiParameter("direction", str, enum=["sent", "received"]),
            OpenApiParameter("since", OpenApiTypes.DATE),
            OpenApiParameter("until", OpenApiTypes.DATE),
        ],
        responses=ReportSerializer,
    )
    def get(self, request: SignedInApiRequest) -> Response:
        report = build_report(**report_params(request.user, request.query_params))
        return Response(report.as_dict())

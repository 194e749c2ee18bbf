"""/api/v1/cases/{case_pk}/online-incidents/, /online-evidence/ and /takedowns/: the online-abuse
records of a case, through the verbs and the case's access rules (``CaseNestedMixin``: 404 outside
need-to-know, 403 for changes without edit access). Evidence refuses a file on an item marked as
showing a sexual image exactly as the screen does (the verb decides; the database checks again)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from sigap.cases.api.common import (
    CASE_PK,
    TOO_LARGE,
    CaseNestedMixin,
    SaidOnceJSONParser,
    SaidOnceMixin,
    named_enum,
    responses,
)
from sigap.cases.api.records import GONE, AttachmentSerializer, DestroyFileSerializer, Gone, destroy_response
from sigap.cases.models import Case
from sigap.lib.http import SignedInApiRequest
from sigap.online import access, actions
from sigap.online.models import (
    Channel,
    Demand,
    Evidence,
    EvidenceKind,
    HarmType,
    Known,
    OffenderAccount,
    OnlineIncident,
    Platform,
    SexualContent,
    Takedown,
    TakedownStatus,
)

# --- Incidents --------------------------------------------------------------------------------


class AccountSerializer(serializers.ModelSerializer[OffenderAccount]):
    platform = named_enum("OnlinePlatformEnum", Platform.choices)
    known_to_victim = named_enum("OnlineKnownEnum", Known.choices)

    class Meta:
        model = OffenderAccount
        fields = ["id", "platform", "handle", "profile_url", "known_to_victim", "created_at"]
        read_only_fields = ["id", "created_at"]


class IncidentSerializer(serializers.ModelSerializer[OnlineIncident]):
    harm_types = serializers.ListField(child=named_enum("OnlineHarmTypeEnum", HarmType.choices), min_length=1)
    platforms = serializers.ListField(child=named_enum("OnlinePlatformEnum", Platform.choices), min_length=1)
    demands = serializers.ListField(child=named_enum("OnlineDemandEnum", Demand.choices), required=False, default=list)
    accounts = AccountSerializer(many=True, read_only=True)

    class Meta:
        model = OnlineIncident
        fields = [
            "id",
            "harm_types",
            "platforms",
            "first_contact_on",
            "last_contact_on",
            "demands",
            "amount_demanded",
            "amount_paid",
            "images_shared",
            "images_shared_where",
            "description",
            "accounts",
            "recorded_by",
            "created_at",
        ]
        read_only_fields = ["id", "accounts", "recorded_by", "created_at"]


@extend_schema(parameters=[CASE_PK])
@extend_schema_view(
    retrieve=extend_schema(responses=responses(IncidentSerializer)),
    create=extend_schema(request=IncidentSerializer, responses=responses(IncidentSerializer, status=201)),
    partial_update=extend_schema(request=IncidentSerializer, responses=responses(IncidentSerializer)),
)
class OnlineIncidentViewSet(
    CaseNestedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[OnlineIncident]
):
    """Online incidents of the case (harm types, platforms, contact dates, demands, payments) with the
    offender accounts. POST records one; a child victim of online sexual abuse gets the police-report task.
    PATCH changes one (only the fields sent; checked as on POST)."""

    request: SignedInApiRequest

    serializer_class = IncidentSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]
    model = OnlineIncident

    def records(self, case: Case) -> QuerySet[OnlineIncident]:
        return access.incidents_of(case).order_by("-created_at", "id")

    def create(self, request: SignedInApiRequest, *args: Any, **kwargs: Any) -> Response:
        case = self.get_case("edit")
        incoming = IncidentSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = {k: v for k, v in incoming.validated_data.items()}
        incident = actions.record_incident(case, actor=request.user, data=actions.IncidentInput(**data))
        return Response(IncidentSerializer(incident).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request: SignedInApiRequest, *args: Any, **kwargs: Any) -> Response:
        self.get_case("edit")
        incident = self.get_object()
        incoming = IncidentSerializer(incident, data=request.data, partial=True)
        incoming.is_valid(raise_exception=True)
        data = actions.incident_input(incident)
        for name, value in incoming.validated_data.items():
            setattr(data, name, value)
        incident = actions.update_incident(incident, actor=request.user, data=data)
        return Response(IncidentSerializer(incident).data)

    @extend_schema(request=AccountSerializer, responses=responses(AccountSerializer, status=201))
    @action(detail=True, methods=["post"])
    def accounts(self, request: SignedInApiRequest, *args: Any, **kwargs: Any) -> Response:
        """Add an offender account to the incident."""
        self.get_case("edit")
        incident = self.get_object()
        incoming = AccountSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        account = actions.add_offender_account(incident, actor=request.user, **incoming.validated_data)
        return Response(AccountSerializer(account).data, status=status.HTTP_201_CREATED)


# --- Evidence ---------------------------------------------------------------------------------


class EvidenceSerializer(serializers.ModelSerializer[Evidence]):
    kind = named_enum("OnlineEvidenceKindEnum", EvidenceKind.choices)
    sexual_content = named_enum("OnlineSexualContentEnum", SexualContent.choices)
    sha256 = serializers.CharField(source="attachment.sha256", read_only=True, allow_null=True, default=None)
    destroyed_file = AttachmentSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Evidence
        fields = [
            "id",
            "incident",
            "kind",
            "description",
            "url",
            "platform",
            "sexual_content",
            "no_sexual_image_confirmed",
            "police_hash",
            "chat_text",
            "captured_at",
            "captured_by",
            "attachment",
            "sha256",
            "destroyed_file",
            "recorded_by",
            "created_at",
        ]
        read_only_fields = fields


class EvidenceCreateSerializer(SaidOnceMixin, serializers.Serializer[Any]):
    """``file`` (multipart) is optional context — never a sexual image: an item whose ``sexual_content``
    is ``adult`` or ``child`` is refused with a file, and a file needs ``no_sexual_image_confirmed``.
    ``sexual_content`` and ``no_sexual_image_confirmed`` sent twice, or an empty ``sexual_content``,
    are refused (400)."""

    said_once = ("sexual_content", "no_sexual_image_confirmed")
    not_blank = {"sexual_content": gettext_lazy("Say whether the item shows a sexual image.")}

    kind = named_enum("OnlineEvidenceKindEnum", EvidenceKind.choices)
    incident = serializers.UUIDField(required=False, allow_null=True, default=None)
    description = serializers.CharField()
    url = serializers.CharField(required=False, allow_blank=True, default="")
    platform = serializers.ChoiceField(choices=Platform.choices, required=False, allow_blank=True, default="")
    sexual_content = named_enum("OnlineSexualContentEnum", SexualContent.choices, default=SexualContent.NONE)
    no_sexual_image_confirmed = serializers.BooleanField(default=False)
    police_hash = serializers.CharField(required=False, allow_blank=True, default="")
    chat_text = serializers.CharField(required=False, allow_blank=True, default="")
    captured_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    captured_by = serializers.CharField(required=False, allow_blank=True, default="")
    file = serializers.FileField(required=False, allow_null=True, default=None)

    def to_input(self, case: Case) -> actions.EvidenceInput:
        data = dict(self.validated_data)
        incident_id = data.pop("incident")
        incident = None
        if incident_id is not None:
            incident = case.online_incidents.filter(pk=incident_id).first()
            if incident is None:
                raise serializers.ValidationError({"incident": [_("Choose an incident of this case.")]})
        return actions.EvidenceInput(incident=incident, upload=data.pop("file"), **data)


@extend_schema(parameters=[CASE_PK])
@extend_schema_view(
    retrieve=extend_schema(responses=responses(EvidenceSerializer)),
    create=extend_schema(
        request={"multipart/form-data": EvidenceCreateSerializer, "application/json": EvidenceCreateSerializer},
        responses={**responses(EvidenceSerializer, status=201), **TOO_LARGE},
    ),
)
class EvidenceViewSet(
    CaseNestedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Evidence]
):
    """The evidence register of the case. A file is downloaded through the case's attachments
    (…/attachments/{attachment}/download/, logged). Every read is in the access log."""

    request: SignedInApiRequest

    serializer_class = EvidenceSerializer
    parser_classes = [SaidOnceJSONParser, MultiPartParser, FormParser]
    http_method_names = ["get", "post", "head", "options"]
    model = Evidence

    def records(self, case: Case) -> QuerySet[Evidence]:
        return access.evidence_of(case).order_by("-created_at", "id")

    def create(self, request: SignedInApiRequest, *args: Any, **kwargs: Any) -> Response:
        case = self.get_case("edit")
        incoming = EvidenceCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        evidence = actions.record_evidence(case, actor=request.user, data=incoming.to_input(case))
        return Response(EvidenceSerializer(evidence).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request={"application/json": DestroyFileSerializer, "multipart/form-data": DestroyFileSerializer},
        responses={**responses(EvidenceSerializer), **GONE},
    )
    @action(detail=True, methods=["post"], url_path="destroy")
    def destroy_file(self, request: SignedInApiRequest, *args: Any, **kwargs: Any) -> Response:
        """The item's file shows a sexual image: destroy it. The file is deleted, the item keeps its
        SHA-256 as ``destroyed_file`` and is marked as showing a sexual image. 410 if already destroyed;
        400 if the item never had a file."""
        evidence = self.get_object()
        if evidence.attachment is None:
            if evidence.destroyed_file_id is not None:
                raise Gone()
            raise serializers.ValidationError({"non_field_errors": [_("This evidence item holds no file.")]})
        destroy_response(evidence.attachment, request)
        return Response(EvidenceSerializer(access.get_evidence(self.get_case(), evidence.pk)).data)


# --- Takedowns --------------------------------------------------------------------------------


class TakedownSerializer(serializers.ModelSerializer[Takedown]):
    platform = named_enum("OnlinePlatformEnum", Platform.choices)
    channel = named_enum("OnlineChannelEnum", Channel.choices)
    status = named_enum("OnlineTakedownStatusEnum", TakedownStatus.choices)

    class Meta:
        model = Takedown
        fields = [
            "id",
            "incident",
            "account",
            "url",
            "platform",
            "channel",
            "status",
            "submitted_at",
            "reference",
            "resolved_at",
            "notes",
            "last_activity_at",
            "created_at",
        ]
        read_only_fields = fields


class TakedownCreateSerializer(serializers.Serializer[Any]):
    url = serializers.CharField(required=False, allow_blank=True, default="")
    account = serializers.UUIDField(required=False, allow_null=True, default=None)
    incident = serializers.UUIDField(required=False, allow_null=True, default=None)
    platform = named_enum("OnlinePlatformEnum", Platform.choices)
    channel = named_enum("OnlineChannelEnum", Channel.choices)
    status = named_enum("OnlineTakedownStatusEnum", TakedownStatus.choices, default=TakedownStatus.DRAFT)
    submitted_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    reference = serializers.CharField(required=False, allow_blank=True, default="")
    notes = serializers.CharField(required=False, allow_blank=True, default="")

    def to_input(self, case: Case) -> actions.TakedownInput:
        data = dict(self.validated_data)
        account_id, incident_id = data.pop("account"), data.pop("incident")
        account = incident = None
        if account_id is not None:
            account = OffenderAccount.objects.filter(pk=account_id, incident__case=case).first()
            if account is None:
                raise serializers.ValidationError({"account": [_("Choose an account of this case.")]})
        if incident_id is not None:
            incident = case.online_incidents.filter(pk=incident_id).first()
            if incident is None:
                raise serializers.ValidationError({"incident": [_("Choose an incident of this case.")]})
        return actions.TakedownInput(
            account=account, incident=incident or (account.incident if account else None), **data
        )


class TakedownStatusSerializer(serializers.Serializer[Any]):
    status = named_enum("OnlineTakedownStatusEnum", TakedownStatus.choices)
    at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    reference = serializers.CharField(required=False, allow_blank=True, default="")
    notes = serializers.CharField(required=False, allow_blank=True, default="")


@extend_schema(parameters=[CASE_PK])
@extend_schema_view(
    retrieve=extend_schema(responses=responses(TakedownSerializer)),
    create=extend_schema(request=TakedownCreateSerializer, responses=responses(TakedownSerializer, status=201)),
)
class TakedownViewSet(
    CaseNestedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Takedown]
):
    """Takedown and report requests of the case, per address or account and channel; POST …/{id}/status/
    records progress (submitted, acknowledged, removed, refused, no response)."""

    request: SignedInApiRequest

    serializer_class = TakedownSerializer
    http_method_names = ["get", "post", "head", "options"]
    model = Takedown

    def records(self, case: Case) -> QuerySet[Takedown]:
        return access.takedowns_of(case).order_by("-created_at", "id")

    def create(self, request: SignedInApiRequest, *args: Any, **kwargs: Any) -> Response:
        case = self.get_case("edit")
        incoming = TakedownCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        takedown = actions.create_takedown(case, actor=request.user, data=incoming.to_input(case))
        return Response(TakedownSerializer(takedown).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=TakedownStatusSerializer, responses=responses(TakedownSerializer))
    @action(detail=True, methods=["post"], url_path="status")
    def set_status(self, request: SignedInApiRequest, *args: Any, **kwargs: Any) -> Response:
        """Record the request's progress (``at``: when; now when left out)."""
        self.get_case("edit")
        takedown = self.get_object()
        incoming = TakedownStatusSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        takedown = actions.update_takedown(takedown, actor=request.user, **incoming.validated_data)
        return Response(TakedownSerializer(takedown).data)


CASE = r"cases/(?P<case_pk>[0-9a-f-]{36})"


def register_online(router: DefaultRouter) -> None:
    router.register(f"{CASE}/online-incidents", OnlineIncidentViewSet, basename="case-online-incident")
    router.register(f"{CASE}/online-evidence", EvidenceViewSet, basename="case-online-evidence")
    router.register(f"{CASE}/takedowns", TakedownViewSet, basename="case-takedown")

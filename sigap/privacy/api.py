"""/api/v1/privacy/ (the DPO's requests and breach register) and /api/v1/persons/{id}/export/.

The same access rules as the screens: only the data protection officer of the record's
organisation (another organisation's record is 404; a caller who is DPO nowhere gets 403).
"""

from __future__ import annotations

import base64
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from sigap.cases.api.common import named_enum, responses
from sigap.cases.models import Person
from sigap.lib.http import SignedInApiRequest
from sigap.privacy import actions
from sigap.privacy.access import (
    dpo_organisations,
    dpo_persons,
    exported_cases,
    get_breach_for_user,
    get_exportable_person,
    get_request_for_user,
    require_dpo,
    visible_breaches,
    visible_requests,
)
from sigap.privacy.models import BREACH_FIELDS, Breach, DataCategory, SubjectRequest

# --- Requests -------------------------------------------------------------------------------


class ExportPackageSerializer(serializers.Serializer[Any]):
    file_name = serializers.CharField()
    passphrase = serializers.CharField(help_text="Shown once; Sigap does not keep it.")
    content_base64 = serializers.CharField(help_text="The AES-256 encrypted ZIP (JSON + PDF), base64-encoded.")


def _package_body(person: Person, request: SignedInApiRequest) -> dict[str, str]:
    """The encrypted export of ``person`` for the caller (access checked by the caller), logged."""
    package = actions.export_person_package(
        person,
        actor=request.user,
        cases=exported_cases(request.user, person),
        request=request._request,
    )
    return {
        "file_name": package.file_name,
        "passphrase": package.passphrase,
        "content_base64": base64.b64encode(package.content).decode(),
    }


class SubjectRequestSerializer(serializers.ModelSerializer[SubjectRequest]):
    kind = named_enum("SubjectRequestKindEnum", SubjectRequest.Kind.choices)
    status = named_enum("SubjectRequestStatusEnum", SubjectRequest.Status.choices)
    due_state = serializers.CharField(read_only=True, help_text="due, due_soon, overdue or done")

    class Meta:
        model = SubjectRequest
        fields = [
            "id",
            "organisation",
            "kind",
            "person",
            "requester",
            "details",
            "received_at",
            "due_at",
            "due_state",
            "status",
            "handled_by",
            "decision_notes",
            "refusal_reason",
            "decided_at",
            "created_at",
        ]
        read_only_fields = fields


class ReceiveRequestSerializer(serializers.Serializer[Any]):
    organisation = serializers.UUIDField(required=False, help_text="Needed only when the caller is DPO of several.")
    kind = named_enum("SubjectRequestKindEnum", SubjectRequest.Kind.choices)
    requester = serializers.CharField(max_length=200)
    details = serializers.CharField(required=False, allow_blank=True, default="")
    received_at = serializers.DateTimeField(required=False)
    person = serializers.UUIDField(required=False, allow_null=True)


class RequestDecisionSerializer(serializers.Serializer[Any]):
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class RefusalSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField()


class LinkPersonSerializer(serializers.Serializer[Any]):
    person = serializers.UUIDField(allow_null=True)


def _organisation(user: Any, pk: Any) -> Any:
    organisations = dpo_organisations(user)
    if pk is None:
        if len(organisations) > 1:
            raise serializers.ValidationError({"organisation": [_("Choose the organisation.")]})
        return organisations[0]
    for organisation in organisations:
        if organisation.pk == pk:
            return organisation
    raise serializers.ValidationError({"organisation": [_("You are not the data protection officer here.")]})


def _person(user: Any, organisation: Any, pk: Any) -> Person | None:
    if pk is None:
        return None
    person = dpo_persons(user).filter(organisation=organisation, pk=pk).first()
    if person is None:
        raise serializers.ValidationError({"person": [_("Choose a person recorded by this organisation.")]})
    return person


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("status", str, enum=SubjectRequest.Status.values),
            OpenApiParameter("kind", str, enum=SubjectRequest.Kind.values),
        ]
    ),
    retrieve=extend_schema(responses=responses(SubjectRequestSerializer)),
    create=extend_schema(request=ReceiveRequestSerializer, responses=responses(SubjectRequestSerializer, status=201)),
)
class SubjectRequestViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet[SubjectRequest],
):
    """Data subjects' requests (access, correction, restriction, erasure, objection), earliest due first."""

    request: SignedInApiRequest

    serializer_class = SubjectRequestSerializer

    def get_queryset(self) -> QuerySet[SubjectRequest]:
        if getattr(self, "swagger_fake_view", False):  # the schema generator
            return SubjectRequest.objects.none()
        require_dpo(self.request.user)
        qs = visible_requests(self.request.user)
        for name in ("status", "kind"):
            value = self.request.query_params.get(name)
            if value:
                qs = qs.filter(**{name: value})
        return qs.order_by("due_at", "id")

    def get_object(self) -> SubjectRequest:
        return get_request_for_user(self.request.user, self.kwargs["pk"])

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        require_dpo(request.user)
        incoming = ReceiveRequestSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        organisation = _organisation(request.user, data.pop("organisation", None))
        person = _person(request.user, organisation, data.pop("person", None))
        subject_request = actions.receive_request(
            actor=self.request.user,
            organisation=organisation,
            person=person,
            request=request._request,
            **data,
        )
        return Response(SubjectRequestSerializer(subject_request).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=responses(SubjectRequestSerializer))
    @action(detail=True, methods=["post"])
    def start(self, request: SignedInApiRequest, *args: Any, **kwargs: Any) -> Response:
        """Received → in progress, handled by the caller."""
        subject_request = actions.start_request(self.get_object(), actor=request.user, request=request._request)
        return Response(SubjectRequestSerializer(subject_request).data)

    @extend_schema(request=LinkPersonSerializer, responses=responses(SubjectRequestSerializer))
    @action(detail=True, methods=["post"])
    def person(self, request: SignedInApiRequest, *args: Any, **kwargs: Any) -> Response:
        """Link the person the request is about (a person recorded by the request's organisation)."""
        subject_request = self.get_object()
        incoming = LinkPersonSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        person = _person(request.user, subject_request.organisation, incoming.validated_data["person"])
        subject_request = actions.link_person(
            subject_request,
            actor=request.user,
            person=person,
            request=request._request,
        )
        return Response(SubjectRequestSerializer(subject_request).data)

    @extend_schema(request=RequestDecisionSerializer, responses=responses(SubjectRequestSerializer))
    @action(detail=True, methods=["post"])
    def complete(self, request: SignedInApiRequest, *args: Any, **kwargs: Any) -> Response:
        """Complete; an erasure is refused (400) while an open case or one inside retention holds the person."""
        return self._decide(request, RequestDecisionSerializer, actions.complete_request, "notes")

    @extend_schema(request=RefusalSerializer, responses=responses(SubjectRequestSerializer))
    @action(detail=True, methods=["post"])
    def refuse(self, request: SignedInApiRequest, *args: Any, **kwargs: Any) -> Response:
        return self._decide(request, RefusalSerializer, actions.refuse_request, "reason")

    def _decide(self, request: SignedInApiRequest, serializer: Any, verb: Any, field: str) -> Response:
        """Complete or refuse with the one field the verb takes from the body (the request is loaded
        first: who may not see it gets 404, whatever the body says)."""
        subject_request = self.get_object()
        incoming = serializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        subject_request = verb(
            subject_request, actor=request.user, request=request._request, **{field: incoming.validated_data[field]}
        )
        return Response(SubjectRequestSerializer(subject_request).data)

    @extend_schema(request=None, responses=responses(ExportPackageSerializer))
    @action(detail=True, methods=["post"])
    def export(self, request: SignedInApiRequest, *args: Any, **kwargs: Any) -> Response:
        """The encrypted export of the linked person (AES-256 ZIP, one-time passphrase), to answer an
        access request; logged as ``person.exported``."""
        subject_request = self.get_object()
        if subject_request.person is None:
            raise serializers.ValidationError({"person": [_("Link the person this request is about first.")]})
        body = _package_body(subject_request.person, request)
        return Response(body, headers={"Cache-Control": "no-store, private"})


# --- Breaches -------------------------------------------------------------------------------


class BreachSerializer(serializers.ModelSerializer[Breach]):
    data_categories = serializers.ListField(
        child=named_enum("DataCategoryEnum", DataCategory.choices), required=False, default=list
    )
    risk = named_enum("BreachRiskEnum", Breach.Risk.choices, required=False, allow_blank=True)
    status = named_enum("BreachStatusEnum", Breach.Status.choices, required=False)
    notification_due_at = serializers.DateTimeField(read_only=True)
    due_state = serializers.CharField(read_only=True, help_text="due, due_soon, overdue or done")

    class Meta:
        model = Breach
        fields = [
            "id",
            "organisation",
            *BREACH_FIELDS,
            "notification_due_at",
            "due_state",
            "authority_notified_at",
            "subjects_notified_at",
            "recorded_by",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "id",
            "organisation",
            "authority_notified_at",
            "subjects_notified_at",
            "recorded_by",
            "version",
            "created_at",
            "updated_at",
        ]


class BreachCreateSerializer(BreachSerializer):
    organisation = serializers.UUIDField(required=False, help_text="Needed only when the caller is DPO of several.")

    class Meta(BreachSerializer.Meta):
        fields = [*BREACH_FIELDS, "organisation"]
        read_only_fields: list[str] = []


class BreachUpdateSerializer(BreachSerializer):
    version = serializers.IntegerField(min_value=1)

    class Meta(BreachSerializer.Meta):
        fields = ["version", *BREACH_FIELDS]
        read_only_fields: list[str] = []


class BreachNotifiedSerializer(serializers.Serializer[Any]):
    authority_notified_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    subjects_notified_at = serializers.DateTimeField(required=False, allow_null=True, default=None)


@extend_schema_view(
    retrieve=extend_schema(responses=responses(BreachSerializer)),
    create=extend_schema(request=BreachCreateSerializer, responses=responses(BreachSerializer, status=201)),
    partial_update=extend_schema(request=BreachUpdateSerializer, responses=responses(BreachSerializer, conflict=True)),
)
class BreachViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[Breach],
):
    """The breach register; notification is due 3×24 hours after discovery (``due_state``)."""

    request: SignedInApiRequest

    serializer_class = BreachSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Breach]:
        if getattr(self, "swagger_fake_view", False):  # the schema generator
            return Breach.objects.none()
        require_dpo(self.request.user)
        return visible_breaches(self.request.user).order_by("-discovered_at", "id")

    def get_object(self) -> Breach:
        return get_breach_for_user(self.request.user, self.kwargs["pk"])

    def create(self, request: SignedInApiRequest, *args: Any, **kwargs: Any) -> Response:
        require_dpo(request.user)
        incoming = BreachCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        values = dict(incoming.validated_data)
        organisation = _organisation(request.user, values.pop("organisation", None))
        breach = actions.record_breach(
            actor=request.user,
            organisation=organisation,
            values=values,
            request=request._request,
        )
        return Response(BreachSerializer(breach).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request: SignedInApiRequest, *args: Any, **kwargs: Any) -> Response:
        breach = self.get_object()
        incoming = BreachUpdateSerializer(data=request.data, partial=True)
        incoming.is_valid(raise_exception=True)
        values = dict(incoming.validated_data)
        version = values.pop("version", None)
        if version is None:
            raise serializers.ValidationError({"version": [_("Send the version you read.")]})
        breach = actions.update_breach(
            breach,
            actor=request.user,
            values=values,
            expected_version=version,
            request=request._request,
        )
        return Response(BreachSerializer(breach).data)

    @extend_schema(request=BreachNotifiedSerializer, responses=responses(BreachSerializer))
    @action(detail=True, methods=["post"])
    def notified(self, request: SignedInApiRequest, *args: Any, **kwargs: Any) -> Response:
        """Record when the supervisory body and/or the people affected were notified in writing."""
        incoming = BreachNotifiedSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        breach = actions.mark_breach_notified(
            self.get_object(),
            actor=request.user,
            authority_at=incoming.validated_data["authority_notified_at"],
            subjects_at=incoming.validated_data["subjects_notified_at"],
            request=request._request,
        )
        return Response(BreachSerializer(breach).data)


# --- Person export --------------------------------------------------------------------------


class PersonExportView(APIView):
    """Everything Sigap holds about a person that the caller may see, as JSON. Logged."""

    request: SignedInApiRequest

    @extend_schema(
        operation_id="persons_export",
        parameters=[OpenApiParameter("id", OpenApiTypes.UUID, OpenApiParameter.PATH)],
        responses=responses(OpenApiTypes.OBJECT),
    )
    def get(self, request: SignedInApiRequest, id: Any) -> Response:
        person = get_exportable_person(request.user, id)
        data = actions.export_person(
            person,
            actor=request.user,
            cases=exported_cases(request.user, person),
            request=request._request,
        )
        return Response(data, headers={"Cache-Control": "no-store, private"})


class PersonExportPackageView(APIView):
    """The export as a file: an AES-256 ZIP (JSON + PDF) with a one-time passphrase. Logged."""

    request: SignedInApiRequest

    @extend_schema(
        operation_id="persons_export_package",
        request=None,
        parameters=[OpenApiParameter("id", OpenApiTypes.UUID, OpenApiParameter.PATH)],
        responses=responses(ExportPackageSerializer),
    )
    def post(self, request: SignedInApiRequest, id: Any) -> Response:
        person = get_exportable_person(request.user, id)
        body = _package_body(person, request)
        return Response(body, headers={"Cache-Control": "no-store, private"})

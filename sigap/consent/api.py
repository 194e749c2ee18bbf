"""/api/v1/cases/{case_pk}/consents/ and /sharing-overrides/: consent and sharing without it, through
the verbs, with the case's access rules (``CaseNestedMixin``: 404 outside need-to-know, 403 for
changes without edit access). …/consents/sharing-check/ answers the sharing check."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from sigap.cases.access import linkable_persons
from sigap.cases.api.common import CASE_PK, CaseNestedMixin, named_enum, responses, uuid_or_404
from sigap.cases.models import Attachment, Case, Person
from sigap.consent import actions
from sigap.consent.forms import guardian_candidates
from sigap.consent.models import (
    Assent,
    Consent,
    GivenBy,
    GuardianRelationship,
    Method,
    OverrideGround,
    SharingOverride,
    SharingPurpose,
)
from sigap.consent.sharing import sharing_decision
from sigap.lib.http import SignedInApiRequest
from sigap.organisations.models import Organisation, OrganisationKind

CONSENT_STATUS = [("in_force", "in force"), ("withdrawn", "withdrawn"), ("superseded", "superseded")]

# --- Consents -----------------------------------------------------------------------------------


class ConsentSerializer(serializers.ModelSerializer[Consent]):
    status = named_enum("ConsentStatusEnum", CONSENT_STATUS, read_only=True)
    given_by = named_enum("ConsentGivenByEnum", GivenBy.choices, read_only=True)
    withdrawn_by = named_enum("ConsentGivenByEnum", GivenBy.choices, read_only=True)
    share_kinds = serializers.ListField(
        child=named_enum("OrganisationKindEnum", OrganisationKind.choices), read_only=True
    )
    method = named_enum("ConsentMethodEnum", Method.choices, read_only=True)

    class Meta:
        model = Consent
        fields = [
            "id",
            "person",
            "status",
            "given_by",
            "guardian",
            "guardian_relationship",
            "assent",
            "assent_note",
            "explained",
            "services",
            "police_report",
            "photos",
            "share_organisations",
            "share_kinds",
            "method",
            "witness_name",
            "given_on",
            "recorded_by",
            "scanned_form",
            "superseded_by",
            "withdrawn_on",
            "withdrawn_by",
            "withdrawal_reason",
            "withdrawal_recorded_by",
            "created_at",
        ]
        read_only_fields = fields


class ConsentCreateSerializer(serializers.Serializer[Any]):
    """A child's consent comes from a guardian (``given_by: guardian``) who is not an alleged perpetrator
    of the case, with the child's ``assent``; ``scanned_form`` is an attachment of the case, uploaded first."""

    person = serializers.UUIDField(help_text="A client (victim) of the case.")
    given_by = named_enum("ConsentGivenByEnum", GivenBy.choices)
    guardian = serializers.UUIDField(required=False, allow_null=True, default=None)
    guardian_relationship = serializers.ChoiceField(
        choices=GuardianRelationship.choices, required=False, allow_blank=True, default=""
    )
    assent = serializers.ChoiceField(choices=Assent.choices, required=False, allow_blank=True, default="")
    assent_note = serializers.CharField(required=False, allow_blank=True, default="")
    explained = serializers.BooleanField()
    services = serializers.BooleanField(default=False)
    police_report = serializers.BooleanField(default=False)
    photos = serializers.BooleanField(default=False)
    share_organisations = serializers.ListField(child=serializers.UUIDField(), required=False, default=list)
    share_kinds = serializers.ListField(
        child=named_enum("OrganisationKindEnum", OrganisationKind.choices), required=False, default=list
    )
    method = named_enum("ConsentMethodEnum", Method.choices)
    witness_name = serializers.CharField(required=False, allow_blank=True, default="")
    given_on = serializers.DateField()
    scanned_form = serializers.UUIDField(required=False, allow_null=True, default=None)

    def to_input(self, case: Case, user: Any) -> tuple[Person, actions.ConsentInput]:
        data = dict(self.validated_data)
        person = _client(case, data.pop("person"))
        guardian_id = data.pop("guardian")
        guardian = None
        if guardian_id is not None:
            # Need-to-know: a person the caller may link, or one the consent screen offers for this case.
            known = Q(pk__in=linkable_persons(user).values("pk")) | Q(
                pk__in=guardian_candidates(case).order_by().values("pk")
            )
            guardian = Person.objects.filter(known, pk=guardian_id, organisation_id=case.organisation_id).first()
            if guardian is None:
                raise serializers.ValidationError({"guardian": [_("Choose a person recorded by this organisation.")]})
        org_ids = set(data.pop("share_organisations"))
        organisations = list(Organisation.objects.filter(pk__in=org_ids, is_active=True))
        if len(organisations) != len(org_ids):
            raise serializers.ValidationError({"share_organisations": [_("Unknown organisation.")]})
        scan_id = data.pop("scanned_form")
        scan = get_object_or_404(Attachment, pk=scan_id, case=case) if scan_id else None
        return person, actions.ConsentInput(
            guardian=guardian, share_organisations=organisations, scanned_attachment=scan, **data
        )


class WithdrawSerializer(serializers.Serializer[Any]):
    withdrawn_on = serializers.DateField()
    withdrawn_by = named_enum("ConsentGivenByEnum", GivenBy.choices)
    reason = serializers.CharField()


class SharingDecisionSerializer(serializers.Serializer[Any]):
    allowed = serializers.BooleanField()
    needs_override = serializers.BooleanField()
    basis = serializers.ChoiceField(
        choices=[("own_organisation", "own"), ("consent", "consent"), ("override", "override"), ("", "")]
    )
    reason = serializers.CharField()
    consent = serializers.UUIDField(source="consent.pk", allow_null=True, default=None)
    override = serializers.UUIDField(source="override.pk", allow_null=True, default=None)


def _client(case: Case, pk: Any) -> Person:
    person = Person.objects.filter(pk=pk, victim_of__case=case).first()
    if person is None:
        raise serializers.ValidationError({"person": [_("Choose a client (victim) of this case.")]})
    return person


def _organisation(pk: Any, field: str = "organisation") -> Organisation | None:
    if pk in (None, ""):
        return None
    organisation = Organisation.objects.filter(pk=pk, is_active=True).first()
    if organisation is None:
        raise serializers.ValidationError({field: [_("Unknown organisation.")]})
    return organisation


@extend_schema(parameters=[CASE_PK])
@extend_schema_view(
    retrieve=extend_schema(responses=responses(ConsentSerializer)),
    create=extend_schema(request=ConsentCreateSerializer, responses=responses(ConsentSerializer, status=201)),
)
class ConsentViewSet(
    CaseNestedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Consent]
):
    """Consent records of the case, newest first, withdrawn and superseded ones included (history is
    never changed). POST records a consent, which supersedes the client's previous one."""

    request: SignedInApiRequest

    serializer_class = ConsentSerializer
    http_method_names = ["get", "post", "head", "options"]

    model = Consent

    def records(self, case: Case) -> QuerySet[Consent]:
        return case.consents.prefetch_related("share_organisations").order_by("-given_on", "-created_at", "id")

    def create(self, request: SignedInApiRequest, *args: Any, **kwargs: Any) -> Response:
        case = self.get_case("edit")
        incoming = ConsentCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        person, data = incoming.to_input(case, request.user)
        consent = actions.record_consent(case, actor=request.user, person=person, data=data)
        return Response(ConsentSerializer(consent).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=WithdrawSerializer, responses=responses(ConsentSerializer))
    @action(detail=True, methods=["post"])
    def withdraw(self, request: SignedInApiRequest, *args: Any, **kwargs: Any) -> Response:
        """Record the withdrawal of this consent; the record stays, and stops allowing sharing."""
        self.get_case("edit")
        consent = self.get_object()
        incoming = WithdrawSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        consent = actions.withdraw_consent(consent, actor=request.user, **incoming.validated_data)
        return Response(ConsentSerializer(consent).data)

    @extend_schema(
        parameters=[
            OpenApiParameter("purpose", str, enum=SharingPurpose.values, required=True),
            OpenApiParameter(
                "organisation", OpenApiTypes.UUID, required=False, description="Not needed for police_report"
            ),
            OpenApiParameter(
                "person", OpenApiTypes.UUID, required=False, description="A client; every client when left out"
            ),
        ],
        responses=responses(SharingDecisionSerializer),
    )
    @action(detail=False, methods=["get"], url_path="sharing-check", pagination_class=None)
    def sharing_check(self, request: SignedInApiRequest, *args: Any, **kwargs: Any) -> Response:
        """May the client's data go to this organisation for this purpose (consent or an approved override)?"""
        case = self.get_case()
        purpose = request.query_params.get("purpose", "")
        if purpose not in SharingPurpose.values:
            raise serializers.ValidationError({"purpose": [_("Choose the purpose of sharing.")]})
        organisation = _organisation(request.query_params.get("organisation"))
        if organisation is None and purpose != SharingPurpose.POLICE_REPORT:
            raise serializers.ValidationError(
                {"organisation": [_("Choose the organisation the information would go to.")]}
            )
        person_id = request.query_params.get("person")
        person = _client(case, uuid_or_404(person_id)) if person_id else None
        decision = sharing_decision(case, person, purpose=purpose, organisation=organisation)
        return Response(SharingDecisionSerializer(decision).data)


# --- Sharing without consent --------------------------------------------------------------------


class OverrideSerializer(serializers.ModelSerializer[SharingOverride]):
    status = named_enum("SharingOverrideStatusEnum", SharingOverride.Status.choices, read_only=True)

    class Meta:
        model = SharingOverride
        fields = [
            "id",
            "person",
            "purpose",
            "organisation",
            "ground",
            "explanation",
            "status",
            "requested_by",
            "created_at",
            "decided_by",
            "decided_at",
            "decision_comment",
        ]
        read_only_fields = fields


class OverrideCreateSerializer(serializers.Serializer[Any]):
    person = serializers.UUIDField()
    purpose = serializers.ChoiceField(choices=SharingPurpose.choices)
    organisation = serializers.UUIDField(required=False, allow_null=True, default=None)
    ground = serializers.ChoiceField(choices=OverrideGround.choices)
    explanation = serializers.CharField()


class OverrideDecisionSerializer(serializers.Serializer[Any]):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


@extend_schema(parameters=[CASE_PK])
@extend_schema_view(
    retrieve=extend_schema(responses=responses(OverrideSerializer)),
    create=extend_schema(request=OverrideCreateSerializer, responses=responses(OverrideSerializer, status=201)),
)
class SharingOverrideViewSet(
    CaseNestedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[SharingOverride]
):
    """Requests to share a client's data without consent, newest first. A caseworker asks (POST); a
    supervisor of the case who did not ask approves or rejects (``comment`` required to reject)."""

    request: SignedInApiRequest

    serializer_class = OverrideSerializer
    http_method_names = ["get", "post", "head", "options"]

    model = SharingOverride

    def records(self, case: Case) -> QuerySet[SharingOverride]:
        return case.sharing_overrides.order_by("-created_at", "id")

    def create(self, request: SignedInApiRequest, *args: Any, **kwargs: Any) -> Response:
        case = self.get_case("edit")
        incoming = OverrideCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        override = actions.request_override(
            case,
            actor=request.user,
            person=_client(case, data.pop("person")),
            organisation=_organisation(data.pop("organisation")),
            **data,
        )
        return Response(OverrideSerializer(override).data, status=status.HTTP_201_CREATED)

    def _comment(self, request: SignedInApiRequest) -> str:
        incoming = OverrideDecisionSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        return str(incoming.validated_data["comment"])

    @extend_schema(request=OverrideDecisionSerializer, responses=responses(OverrideSerializer))
    @action(detail=True, methods=["post"])
    def approve(self, request: SignedInApiRequest, *args: Any, **kwargs: Any) -> Response:
        """A supervisor of the case (not the one who asked) approves sharing without consent."""
        override = actions.approve_override(self.get_object(), actor=request.user, comment=self._comment(request))
        return Response(OverrideSerializer(override).data)

    @extend_schema(request=OverrideDecisionSerializer, responses=responses(OverrideSerializer))
    @action(detail=True, methods=["post"])
    def reject(self, request: SignedInApiRequest, *args: Any, **kwargs: Any) -> Response:
        """A supervisor of the case refuses, saying why in ``comment``."""
        override = actions.reject_override(self.get_object(), actor=request.user, comment=self._comment(request))
        return Response(OverrideSerializer(override).data)


CASE = r"cases/(?P<case_pk>[0-9a-f-]{36})"


def register_consent(router: DefaultRouter) -> None:
    router.register(f"{CASE}/consents", ConsentViewSet, basename="case-consent")
    router.register(f"{CASE}/sharing-overrides", SharingOverrideViewSet, basename="case-sharing-override")

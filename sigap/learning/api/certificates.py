"""/api/v1/certificates/ and /api/v1/competency/: certificates, revocation, coverage and a supervisor's team."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    inline_serializer,
)
from rest_framework import exceptions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from sigap.learning import access, actions, competency
from sigap.learning.api.common import UUID_PK, field_of
from sigap.learning.models import (
    Certificate,
    Competency,
)
from sigap.lib.http import SignedInApiRequest


class CertificateSerializer(serializers.ModelSerializer[Certificate]):
    status = serializers.CharField(read_only=True)
    programme_title = serializers.CharField(source="programme.title", read_only=True)

    class Meta:
        model = Certificate
        fields = [
            "id",
            "code",
            "holder",
            "holder_name",
            "programme",
            "programme_title",
            "event",
            "issued_on",
            "valid_until",
            "status",
            "manual_reason",
            "revoked_at",
            "revoke_reason",
        ]
        read_only_fields = fields


class CertificateViewSet(viewsets.ReadOnlyModelViewSet[Certificate]):
    """Certificates: the holder's own, and those of the events a trainer manages. ``mine=1`` lists only
    the signed-in user's."""

    request: SignedInApiRequest

    serializer_class = CertificateSerializer
    lookup_value_regex = UUID_PK

    def get_queryset(self) -> QuerySet[Certificate]:
        qs = access.visible_certificates(self.request.user)
        if self.request.query_params.get("mine") in ("1", "true"):
            qs = qs.filter(holder=self.request.user)
        return qs.order_by("-issued_on", "holder_name", "id")

    def get_object(self) -> Certificate:
        return access.get_certificate_for_user(self.request.user, self.kwargs["pk"])

    @extend_schema(
        request=inline_serializer("RevokeCertificate", {"reason": serializers.CharField()}),
        responses=CertificateSerializer,
    )
    @action(detail=True, methods=["post"])
    def revoke(self, request: SignedInApiRequest, pk: str, **kwargs: Any) -> Response:
        certificate = access.get_certificate_for_user(request.user, pk, need="manage")
        actions.revoke_certificate(
            certificate,
            actor=request.user,
            reason=str(field_of(request, "reason") or ""),
            request=request._request,
        )
        return Response(CertificateSerializer(certificate).data)


class CoverageRowSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    name = serializers.CharField()
    workers = serializers.IntegerField()
    certified = serializers.IntegerField()
    share = serializers.FloatField(allow_null=True)


class TeamRowSerializer(serializers.Serializer[Any]):
    user = serializers.UUIDField(source="membership.user_id")
    full_name = serializers.CharField(source="membership.user.full_name")
    case_management = serializers.BooleanField()
    open_cases = serializers.IntegerField()
    certificates = CertificateSerializer(many=True)


class CompetencyViewSet(viewsets.ViewSet):
    """The competency registry: coverage by province (aggregate roles and trainers) and a supervisor's team."""

    request: SignedInApiRequest

    @extend_schema(
        parameters=[OpenApiParameter("competency", str, enum=Competency.values)],
        responses=CoverageRowSerializer(many=True),
    )
    @action(detail=False, methods=["get"])
    def coverage(self, request: SignedInApiRequest) -> Response:
        if not access.can_see_coverage(request.user):
            raise exceptions.PermissionDenied
        chosen = request.query_params.get("competency", Competency.CASE_MANAGEMENT)
        if chosen not in Competency.values:
            chosen = Competency.CASE_MANAGEMENT
        return Response(CoverageRowSerializer(competency.coverage_by_province(chosen), many=True).data)

    @extend_schema(responses=TeamRowSerializer(many=True))
    @action(detail=False, methods=["get"])
    def team(self, request: SignedInApiRequest) -> Response:
        """The workers the signed-in supervisor supervises, with their valid certificates."""
        return Response(TeamRowSerializer(competency.team(request.user), many=True).data)

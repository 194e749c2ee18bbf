"""/api/v1/case-metadata/: the organisation admin's view of cases, without personal data."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets

from sigap.cases.access import metadata_organisation_ids
from sigap.cases.api.common import named_enum
from sigap.cases.codes import RiskLevel
from sigap.cases.metadata import case_metadata
from sigap.cases.models import Case, Stage
from sigap.cases.search import UNASSIGNED
from sigap.lib.http import SignedInApiRequest


class CaseMetadataFilterSerializer(serializers.Serializer[Any]):
    stage = serializers.ChoiceField(choices=Stage.choices, required=False)
    risk = serializers.ChoiceField(choices=RiskLevel.choices, required=False)
    case_manager = serializers.CharField(required=False, help_text="A case manager's user id, or `none` (unassigned)")

    def validate_case_manager(self, value: str) -> str:
        if value != UNASSIGNED:
            serializers.UUIDField().to_internal_value(value)
        return value


class CaseMetadataSerializer(serializers.Serializer[Any]):
    """One case without personal data: no names of clients, no narrative, no persons."""

    id = serializers.UUIDField()
    number = serializers.CharField()
    organisation = serializers.UUIDField(source="organisation_id")
    stage = named_enum("Stage", Stage.choices)
    risk_level = named_enum("RiskLevel", RiskLevel.choices)
    is_closed = serializers.SerializerMethodField()
    case_manager = serializers.UUIDField(source="case_manager_id", allow_null=True)
    case_manager_name = serializers.CharField(source="case_manager__full_name", allow_null=True)
    registered_at = serializers.DateTimeField()
    closed_at = serializers.DateTimeField(allow_null=True)
    next_due_at = serializers.DateTimeField(allow_null=True)
    victim_count = serializers.IntegerField()
    perpetrator_count = serializers.IntegerField()
    service_count = serializers.IntegerField()
    open_task_count = serializers.IntegerField()

    def get_is_closed(self, row: dict[str, Any]) -> bool:
        return bool(row["stage"] == Stage.CLOSED)


@extend_schema_view(list=extend_schema(parameters=[CaseMetadataFilterSerializer]))
class CaseMetadataViewSet(mixins.ListModelMixin, viewsets.GenericViewSet[Case]):
    """The cases of the organisations the caller administers, newest first: stage, risk, case manager,
    dates and counts, for workload and reassignment. Organisation admins only; no personal data."""

    request: SignedInApiRequest

    serializer_class = CaseMetadataSerializer

    def get_queryset(self) -> QuerySet[Any]:
        if getattr(self, "swagger_fake_view", False):
            return Case.objects.none()
        user = self.request.user
        if not metadata_organisation_ids(user):
            raise PermissionDenied
        incoming = CaseMetadataFilterSerializer(data=self.request.query_params)
        incoming.is_valid(raise_exception=True)
        return case_metadata(user, **incoming.validated_data)

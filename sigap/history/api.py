"""/api/v1/cases/{case_pk}/history/ and /api/v1/persons/{person_pk}/history/: the change history,
with the same access rules as the record (404 when the caller may not see it)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from sigap.cases.access import get_person_for_user
from sigap.cases.api.common import CASE_PK, load_case, uuid_or_404
from sigap.history.display import case_changes, person_changes, readable_changes
from sigap.history.models import FieldChange
from sigap.lib.http import SignedInApiRequest

PERSON_PK = OpenApiParameter("person_pk", OpenApiTypes.UUID, OpenApiParameter.PATH, description="Person id")


class FieldChangeSerializer(serializers.Serializer[Any]):
    """One changed field (a `Change`): the stored values and how they read, with the change set."""

    id = serializers.IntegerField(source="row.id")
    at = serializers.DateTimeField(source="row.at")
    at_local = serializers.CharField(source="at", help_text="The time in the organisation's own zone, as shown.")
    change_set = serializers.UUIDField(source="row.change_set", help_text="Fields changed together share it.")
    actor = serializers.UUIDField(source="row.actor_id", allow_null=True)
    actor_name = serializers.CharField(source="actor")
    record_type = serializers.CharField(source="row.object_type")
    record_id = serializers.CharField(source="row.object_id")
    record = serializers.CharField()
    field = serializers.CharField(source="row.field", help_text="Field name or path (goals.1.actions.2.status).")
    field_label = serializers.CharField(source="field")
    old_value = serializers.CharField()
    new_value = serializers.CharField()
    old_display = serializers.CharField(source="old")
    new_display = serializers.CharField(source="new")
    reason = serializers.CharField(source="row.reason")


class _HistoryViewSet(viewsets.GenericViewSet[FieldChange]):
    serializer_class = FieldChangeSerializer
    queryset = FieldChange.objects.none()

    def changes(self) -> tuple[Any, Any, dict[str, str]]:
        """(rows, organisation for the time zone, names of persons the caller sees on the record)."""
        raise NotImplementedError

    def list(self, request: SignedInApiRequest, *args: Any, **kwargs: Any) -> Response:
        rows, organisation, names = self.changes()
        page = self.paginate_queryset(rows)
        data = FieldChangeSerializer(readable_changes(page or [], organisation, names), many=True).data
        return self.get_paginated_response(data)


@extend_schema(parameters=[CASE_PK])
class CaseHistoryViewSet(_HistoryViewSet):
    """Field-level changes of the case, its plans and assessments and its victims' details, newest
    first. Sensitive values are stored encrypted and decrypted for the caller."""

    request: SignedInApiRequest

    def changes(self) -> tuple[Any, Any, dict[str, str]]:
        case = load_case(self.request.user, self.kwargs["case_pk"])
        victims = {str(pid): name for pid, name in case.victims.values_list("person_id", "person__full_name")}
        return case_changes(case, victims), case.organisation, victims


@extend_schema(parameters=[PERSON_PK])
class PersonHistoryViewSet(_HistoryViewSet):
    """Field-level corrections of a person's details, newest first, with the reason given."""

    request: SignedInApiRequest

    def changes(self) -> tuple[Any, Any, dict[str, str]]:
        person = get_person_for_user(self.request.user, uuid_or_404(self.kwargs["person_pk"]))
        return person_changes(person), person.organisation, {}


def register_history(router: DefaultRouter) -> None:
    router.register(r"cases/(?P<case_pk>[0-9a-f-]{36})/history", CaseHistoryViewSet, basename="case-history")
    router.register(r"persons/(?P<person_pk>[0-9a-f-]{36})/history", PersonHistoryViewSet, basename="person-history")

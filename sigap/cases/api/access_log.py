"""/api/v1/cases/{id}/access-log/ (who viewed the case) and /api/v1/cases/{id}/break-glass/."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from sigap.audit.access import BREAK_GLASS_DURATION, BREAK_GLASS_MIN_REASON, AccessAction, case_access_log
from sigap.audit.models import AccessLog
from sigap.cases.access import BreakGlassAvailable, can_see_access_log
from sigap.cases.actions.access_log import BREAK_GLASS_MAX_REASON, break_glass
from sigap.cases.api.common import CASE_PK, CaseNestedMixin, load_case, named_enum, responses
from sigap.cases.models import Case
from sigap.lib.http import SignedInApiRequest


class AccessLogEntrySerializer(serializers.ModelSerializer[AccessLog]):
    user = serializers.UUIDField(source="user_id", read_only=True, allow_null=True)
    user_name = serializers.CharField(source="user.full_name", default="", read_only=True)
    action = named_enum("AccessActionEnum", AccessAction.choices, read_only=True)

    class Meta:
        model = AccessLog
        fields = ["id", "time", "user", "user_name", "action", "object_type", "object_id", "object_label", "reason"]
        read_only_fields = fields


@extend_schema(parameters=[CASE_PK])
class CaseAccessLogViewSet(CaseNestedMixin, mixins.ListModelMixin, viewsets.GenericViewSet[AccessLog]):
    """Who opened the case and its records, newest first, with break-glass reasons. For the case
    manager and their supervisor (others on the case: 403)."""

    request: SignedInApiRequest

    serializer_class = AccessLogEntrySerializer
    model = AccessLog
    logs_reads = False  # reading the log is not a read of the survivor's record

    def records(self, case: Case) -> QuerySet[AccessLog]:
        if not can_see_access_log(self.request.user, case):
            raise PermissionDenied
        return case_access_log(case.pk)


class BreakGlassSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(
        min_length=BREAK_GLASS_MIN_REASON,
        max_length=BREAK_GLASS_MAX_REASON,
        help_text="Why the case must be opened now; shown to the case manager and the data protection officer.",
    )


class BreakGlassGrantSerializer(serializers.Serializer[Any]):
    case = serializers.UUIDField()
    opened_at = serializers.DateTimeField()
    until = serializers.DateTimeField(help_text="The case can be read (never changed) until this time.")
    reason = serializers.CharField()


@extend_schema(parameters=[CASE_PK])
class BreakGlassViewSet(viewsets.GenericViewSet[Any]):
    """Open a case of the caller's organisation that is outside their normal access (supervisors and
    organisation admins), giving a reason. The case is then readable through the API and the
    screens, never changeable, for the time given in ``until``. Other organisations' cases: 404."""

    request: SignedInApiRequest

    serializer_class = BreakGlassSerializer

    @extend_schema(request=BreakGlassSerializer, responses=responses(BreakGlassGrantSerializer, status=201))
    def create(self, request: SignedInApiRequest, *args: Any, **kwargs: Any) -> Response:
        try:
            case = load_case(request.user, kwargs["case_pk"])
        except BreakGlassAvailable as offer:
            case = offer.case
        incoming = BreakGlassSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        entry = break_glass(
            case, actor=request.user, reason=incoming.validated_data["reason"], request=request._request
        )
        body = {
            "case": case.pk,
            "opened_at": entry.time,
            "until": entry.time + BREAK_GLASS_DURATION,
            "reason": entry.reason,
        }
        return Response(BreakGlassGrantSerializer(body).data, status=status.HTTP_201_CREATED)

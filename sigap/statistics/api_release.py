"""The API of the release side: open data (anybody, throttled), the dashboard's tables (same rules
as the screen) and data requests (same verbs and rules as the screens)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle
from rest_framework.views import APIView

from sigap.lib.http import SignedInApiRequest
from sigap.statistics import access_release, actions_release, exports, opendata
from sigap.statistics.dashboard import DashboardFilters, build_view, sub_regions, viewer_scopes
from sigap.statistics.datarequests import DataRequest

TIDY_ROW = inline_serializer(
    "OpenDataRow",
    {
        "value": serializers.IntegerField(allow_null=True, help_text="Empty (null) when suppressed"),
        "suppressed": serializers.BooleanField(),
        "measure": serializers.CharField(),
    },
)
TABLE = inline_serializer(
    "StatisticsTable",
    {
        "measure": serializers.CharField(),
        "dimensions": serializers.ListField(child=serializers.CharField()),
        "period": serializers.CharField(),
        "verified": serializers.BooleanField(),
        "threshold": serializers.IntegerField(),
        "hidden_cells": serializers.IntegerField(),
        "rows": serializers.ListField(
            child=serializers.DictField(),
            help_text="One per cell: a code per dimension "
            "('_T' = total over it), measure, value (null when hidden), suppressed",
        ),
    },
)
YEAR = OpenApiParameter("year", OpenApiTypes.INT, description="Year (default: this year)")
PROVINCE = OpenApiParameter("province", OpenApiTypes.STR, description="Two-digit province code (default: the nation)")


def _selection(request: Request) -> tuple[int, str]:
    from sigap.regions.models import Province

    try:
        year = int(request.query_params.get("year") or opendata.years()[0])
    except ValueError:
        raise Http404 from None
    province = request.query_params.get("province", "")
    if year not in opendata.years() or (province and not Province.objects.filter(code=province).exists()):
        raise Http404
    return year, province


class OpenDataListView(APIView):
    """The open tables: verified, protected national and provincial figures. No sign-in (a wrong
    token is still refused with 401, as everywhere in the API)."""

    permission_classes = [AllowAny]
    throttle_classes = [AnonRateThrottle, UserRateThrottle]

    @extend_schema(
        responses=inline_serializer(
            "OpenDataTableList",
            {
                "slug": serializers.CharField(),
                "title": serializers.CharField(),
                "unit": serializers.CharField(),
            },
            many=True,
        ),
        tags=["open data"],
    )
    def get(self, request: Request) -> Response:
        return Response([{"slug": t.slug, "title": str(t.title), "unit": t.unit} for t in opendata.OPEN_TABLES])


class OpenDataTableView(APIView):
    """One open table as tidy rows: one row per cell, ``value`` null and ``suppressed`` true when hidden."""

    permission_classes = [AllowAny]
    throttle_classes = [AnonRateThrottle, UserRateThrottle]

    @extend_schema(parameters=[YEAR, PROVINCE], responses=TABLE, tags=["open data"])
    def get(self, request: Request, slug: str) -> Response:
        if slug not in opendata.BY_SLUG:
            raise Http404
        year, province = _selection(request)
        return Response(exports.to_json(opendata.release(year, province)[slug]))


class DashboardApiView(APIView):
    """The tables of the viewer's dashboard, with the same filters and rules as the screen."""

    @extend_schema(
        parameters=[OpenApiParameter(name, OpenApiTypes.STR) for name in DashboardFilters.base_fields],
        responses=inline_serializer(
            "DashboardTables",
            {
                "scope": serializers.CharField(),
                "exact": serializers.BooleanField(),
                "hidden_cells": serializers.IntegerField(),
                "tables": serializers.DictField(child=TABLE),
            },
        ),
        tags=["statistics"],
    )
    def get(self, request: SignedInApiRequest) -> Response:
        scopes = viewer_scopes(request.user)
        if not scopes:
            raise PermissionDenied
        wanted = request.query_params.get("scope") or scopes[0].key
        scope = next((s for s in scopes if s.key == wanted), None)
        if scope is None:
            raise Http404
        form = DashboardFilters(request.query_params or None, scopes=scopes, regions=sub_regions(scope))
        if form.is_bound and not form.is_valid():
            return Response({"errors": form.errors}, status=status.HTTP_400_BAD_REQUEST)
        view = build_view(scope, form.cleaned_data if form.is_bound else {})
        return Response(
            {
                "scope": scope.key,
                "exact": view.exact,
                "hidden_cells": view.hidden,
                "tables": {c.slug: exports.to_json(c.table) for c in view.charts},
            }
        )


class DataRequestSerializer(serializers.ModelSerializer[DataRequest]):
    decisions = serializers.SerializerMethodField()

    class Meta:
        model = DataRequest
        fields = [
            "id",
            "title",
            "purpose",
            "measure",
            "dimensions",
            "period_start",
            "period_end",
            "region",
            "status",
            "created_at",
            "decided_at",
            "requester_organisation",
            "decisions",
        ]
        read_only_fields = ["id", "status", "created_at", "decided_at", "decisions"]

    def get_decisions(self, obj: DataRequest) -> list[dict[str, Any]]:
        return [
            {
                "organisation": str(d.organisation_id),
                "name": str(d.organisation),
                "decision": d.decision,
                "decided_at": d.decided_at,
            }
            for d in obj.decisions.all()
        ]


class DecisionSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class DataRequestViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[DataRequest]):
    """Data requests between agencies: ask, approve, refuse, withdraw, download (verbs of ``actions_release``)."""

    serializer_class = DataRequestSerializer

    def get_queryset(self) -> Any:
        return (
            access_release.visible_data_requests(self.request.user)
            .select_related("requester_organisation")
            .prefetch_related("decisions__organisation")
            .order_by("-created_at")
        )

    def get_object(self) -> DataRequest:
        return access_release.get_data_request_for_user(self.request.user, self.kwargs["pk"])

    def create(self, request: SignedInApiRequest, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        made = actions_release.request_data(
            actor=request.user,
            organisation=data["requester_organisation"],
            title=data["title"],
            purpose=data["purpose"],
            measure=data["measure"],
            dimensions=list(data["dimensions"]),
            start=data["period_start"],
            end=data["period_end"],
            region=data.get("region", ""),
            request=request,
        )
        return Response(self.get_serializer(made).data, status=status.HTTP_201_CREATED)

    def _decide(self, request: SignedInApiRequest, approve: bool) -> Response:
        data_request = self.get_object()
        serializer = DecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        decided = actions_release.decide_data_request(
            actor=request.user,
            data_request=data_request,
            approve=approve,
            reason=serializer.validated_data["reason"],
            request=request,
        )
        return Response(self.get_serializer(decided).data)

    @extend_schema(request=DecisionSerializer, responses=DataRequestSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request: SignedInApiRequest, pk: str, **kwargs: Any) -> Response:
        return self._decide(request, True)

    @extend_schema(request=DecisionSerializer, responses=DataRequestSerializer)
    @action(detail=True, methods=["post"])
    def refuse(self, request: SignedInApiRequest, pk: str, **kwargs: Any) -> Response:
        return self._decide(request, False)

    @extend_schema(request=None, responses=DataRequestSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request: SignedInApiRequest, pk: str, **kwargs: Any) -> Response:
        done = actions_release.withdraw_data_request(
            actor=request.user, data_request=self.get_object(), request=request
        )
        return Response(self.get_serializer(done).data)

    @extend_schema(
        parameters=[OpenApiParameter("file_format", OpenApiTypes.STR, enum=["csv", "json", "xlsx"])],
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
    )
    @action(detail=True, methods=["get"])
    def download(self, request: SignedInApiRequest, pk: str, **kwargs: Any) -> HttpResponse:
        fmt = request.query_params.get("file_format", "csv")
        body = actions_release.download_released_table(
            actor=request.user, data_request=self.get_object(), fmt=fmt, request=request
        )
        from sigap.statistics.views_dashboard import CONTENT_TYPES

        response = HttpResponse(body, content_type=CONTENT_TYPES.get(fmt, "application/octet-stream"))
        response["Content-Disposition"] = f'attachment; filename="sigap-data-request-{pk}.{fmt}"'
        return response

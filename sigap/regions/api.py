"""Read-only API of the region tables, for any signed-in user (the default API permission).

``/api/v1/regions/{provinces,regencies,districts,villages}/`` list one level, filtered by parent
(``?province=``, ``?regency=``, ``?district=``) and by name (``?q=``), with the standard pagination.
``/api/v1/regions/search/?q=`` finds places at every level at once and gives each one's path.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_serializer, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from sigap.regions.models import District, Level, Province, Regency, Village
from sigap.regions.search import DEFAULT_LIMIT, MAX_LIMIT, MAX_QUERY_LENGTH, MIN_QUERY_LENGTH, search_regions

CODE_REGEX = r"[0-9.]+"

Q_PARAMETER = OpenApiParameter(
    "q", OpenApiTypes.STR, description="Only regions whose name contains this text (case-insensitive)."
)


def _parent_parameter(name: str, level: str) -> OpenApiParameter:
    return OpenApiParameter(name, OpenApiTypes.STR, description=f"Only regions in the {level} with this code.")


def _filter_by_name(request: Request, qs: QuerySet[Any]) -> QuerySet[Any]:
    query = " ".join(request.query_params.get("q", "").split())
    return qs.filter(name__icontains=query) if query else qs


class ProvinceSerializer(serializers.ModelSerializer[Province]):
    time_zone = serializers.CharField(read_only=True, help_text="IANA time zone of the province.")

    class Meta:
        model = Province
        fields = ["code", "name", "time_zone"]


class RegencySerializer(serializers.ModelSerializer[Regency]):
    is_city = serializers.BooleanField(read_only=True, help_text="A city (kota) rather than a regency (kabupaten).")

    class Meta:
        model = Regency
        fields = ["code", "province", "name", "is_city"]


class DistrictSerializer(serializers.ModelSerializer[District]):
    class Meta:
        model = District
        fields = ["code", "regency", "name"]


class VillageSerializer(serializers.ModelSerializer[Village]):
    is_kelurahan = serializers.BooleanField(
        read_only=True, help_text="An urban village (kelurahan) rather than a village (desa)."
    )

    class Meta:
        model = Village
        fields = ["code", "district", "name", "is_kelurahan"]


@extend_schema_view(list=extend_schema(parameters=[Q_PARAMETER]))
class ProvinceViewSet(viewsets.ReadOnlyModelViewSet[Province]):
    """Indonesia's provinces."""

    serializer_class = ProvinceSerializer
    lookup_value_regex = CODE_REGEX

    def get_queryset(self) -> QuerySet[Province]:
        return _filter_by_name(self.request, Province.objects.order_by("code"))


@extend_schema_view(list=extend_schema(parameters=[_parent_parameter("province", "province"), Q_PARAMETER]))
class RegencyViewSet(viewsets.ReadOnlyModelViewSet[Regency]):
    """Regencies (kabupaten) and cities (kota)."""

    serializer_class = RegencySerializer
    lookup_value_regex = CODE_REGEX

    def get_queryset(self) -> QuerySet[Regency]:
        qs = Regency.objects.order_by("code")
        if self.request.query_params.get("province"):
            qs = qs.filter(province_id=self.request.query_params["province"])
        return _filter_by_name(self.request, qs)


@extend_schema_view(list=extend_schema(parameters=[_parent_parameter("regency", "regency/city"), Q_PARAMETER]))
class DistrictViewSet(viewsets.ReadOnlyModelViewSet[District]):
    """Districts (kecamatan)."""

    serializer_class = DistrictSerializer
    lookup_value_regex = CODE_REGEX

    def get_queryset(self) -> QuerySet[District]:
        qs = District.objects.order_by("code")
        if self.request.query_params.get("regency"):
            qs = qs.filter(regency_id=self.request.query_params["regency"])
        return _filter_by_name(self.request, qs)


@extend_schema_view(list=extend_schema(parameters=[_parent_parameter("district", "district"), Q_PARAMETER]))
class VillageViewSet(viewsets.ReadOnlyModelViewSet[Village]):
    """Villages (desa) and urban villages (kelurahan)."""

    serializer_class = VillageSerializer
    lookup_value_regex = CODE_REGEX

    def get_queryset(self) -> QuerySet[Village]:
        qs = Village.objects.order_by("code")
        if self.request.query_params.get("district"):
            qs = qs.filter(district_id=self.request.query_params["district"])
        return _filter_by_name(self.request, qs)


class RegionSearchQuerySerializer(serializers.Serializer[Any]):
    q = serializers.CharField(
        min_length=MIN_QUERY_LENGTH,
        max_length=MAX_QUERY_LENGTH,
        help_text="Part of a name; two letters match whole names only.",
    )
    level = serializers.MultipleChoiceField(
        choices=Level.choices, required=False, help_text="Only these levels (repeat the parameter for several)."
    )
    limit = serializers.IntegerField(min_value=1, max_value=MAX_LIMIT, default=DEFAULT_LIMIT)


class RegionMatchSerializer(serializers.Serializer[Any]):
    level = serializers.ChoiceField(choices=Level.choices)
    code = serializers.CharField()
    name = serializers.CharField()
    path = serializers.CharField(help_text='"Village, District, Regency, Province", down from this region.')
    codes = serializers.DictField(
        child=serializers.CharField(), help_text='Code at each level down to this one, e.g. {"province": "32"}.'
    )


@extend_schema_serializer(many=False)  # an object with results, though the route is a "list"
class RegionSearchResultSerializer(serializers.Serializer[Any]):
    query = serializers.CharField()
    results = RegionMatchSerializer(many=True)


class RegionSearchViewSet(viewsets.ViewSet):
    """Find provinces, regencies/cities, districts and villages by name, best matches first."""

    @extend_schema(
        parameters=[RegionSearchQuerySerializer],
        responses=RegionSearchResultSerializer,
        operation_id="regions_search",
    )
    def list(self, request: Request) -> Response:
        params = RegionSearchQuerySerializer(
            data={**request.query_params.dict(), "level": request.query_params.getlist("level")}
        )
        params.is_valid(raise_exception=True)
        data = params.validated_data
        levels = [level for level in Level if not data.get("level") or level in data["level"]]
        matches = search_regions(data["q"], levels=levels, limit=data["limit"])
        return Response(RegionSearchResultSerializer({"query": data["q"], "results": matches}).data)

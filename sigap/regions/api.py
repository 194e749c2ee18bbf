from __future__ import annotations

from django.db.models import QuerySet
from rest_framework import serializers, viewsets

from sigap.regions.models import District, Province, Regency, Village


class ProvinceSerializer(serializers.ModelSerializer[Province]):
    class Meta:
        model = Province
        fields = ["code", "name", "time_zone"]


class RegencySerializer(serializers.ModelSerializer[Regency]):
    class Meta:
        model = Regency
        fields = ["code", "province", "name"]


class DistrictSerializer(serializers.ModelSerializer[District]):
    class Meta:
        model = District
        fields = ["code", "regency", "name"]


class VillageSerializer(serializers.ModelSerializer[Village]):
    class Meta:
        model = Village
        fields = ["code", "district", "name"]


class ProvinceViewSet(viewsets.ReadOnlyModelViewSet[Province]):
    serializer_class = ProvinceSerializer
    queryset = Province.objects.order_by("code")
    lookup_value_regex = r"[0-9.]+"


class RegencyViewSet(viewsets.ReadOnlyModelViewSet[Regency]):
    serializer_class = RegencySerializer
    lookup_value_regex = r"[0-9.]+"

    def get_queryset(self) -> QuerySet[Regency]:
        qs = Regency.objects.order_by("code")
        if self.request.query_params.get("province"):
            qs = qs.filter(province_id=self.request.query_params["province"])
        return qs


class DistrictViewSet(viewsets.ReadOnlyModelViewSet[District]):
    serializer_class = DistrictSerializer
    lookup_value_regex = r"[0-9.]+"

    def get_queryset(self) -> QuerySet[District]:
        qs = District.objects.order_by("code")
        if self.request.query_params.get("regency"):
            qs = qs.filter(regency_id=self.request.query_params["regency"])
        return qs


class VillageViewSet(viewsets.ReadOnlyModelViewSet[Village]):
    serializer_class = VillageSerializer
    lookup_value_regex = r"[0-9.]+"

    def get_queryset(self) -> QuerySet[Village]:
        qs = Village.objects.order_by("code")
        if self.request.query_params.get("district"):
            qs = qs.filter(district_id=self.request.query_params["district"])
        return qs

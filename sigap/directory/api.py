"""Directory services over the API (/api/v1/services/), with the same rules and verbs as the screens."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from sigap.cases.codes import ClientType, ServiceType, Sex
from sigap.directory import actions
from sigap.directory.access import get_service_for_user, visible_services
from sigap.directory.models import Language, Service, ServiceQuerySet
from sigap.lib.http import SignedInApiRequest
from sigap.organisations.access import get_organisation_for_user
from sigap.regions.models import Province, Regency


def ordered(choices: Any, chosen: Any) -> list[str]:
    """A multiple choice as a list in the order of the code list (sets have no order)."""
    return [value for value, _label in choices if value in set(chosen)]


class DirectoryServiceSerializer(serializers.ModelSerializer[Service]):
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    service_types = serializers.MultipleChoiceField(choices=ServiceType.choices, required=False)
    languages = serializers.MultipleChoiceField(choices=Language.choices, required=False)
    area_regencies = serializers.PrimaryKeyRelatedField(many=True, queryset=Regency.objects.all(), required=False)
    area_provinces = serializers.PrimaryKeyRelatedField(many=True, queryset=Province.objects.all(), required=False)

    class Meta:
        model = Service
        fields = [
            "id",
            "organisation",
            "organisation_name",
            *actions.SERVICE_FIELDS,
            *actions.AREA_FIELDS,
            "is_active",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "is_active", "created_at", "updated_at"]
        validators: list[Any] = []  # uniqueness is the verb's (full_clean)

    def to_representation(self, instance: Service) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["service_types"] = ordered(ServiceType.choices, instance.service_types)
        data["languages"] = ordered(Language.choices, instance.languages)
        return data

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "service_types" in attrs:
            attrs["service_types"] = ordered(ServiceType.choices, attrs["service_types"])
        if "languages" in attrs:
            attrs["languages"] = ordered(Language.choices, attrs["languages"])
        return attrs


class DirectoryServiceUpdateSerializer(DirectoryServiceSerializer):
    class Meta(DirectoryServiceSerializer.Meta):
        read_only_fields = [*DirectoryServiceSerializer.Meta.read_only_fields, "organisation"]


def writable(data: Any) -> dict[str, Any]:
    return {name: value for name, value in data.items() if name in actions.SERVICE_FIELDS + actions.AREA_FIELDS}


def _bool(value: str | None) -> bool | None:
    return {"true": True, "1": True, "false": False, "0": False}.get((value or "").lower())


def filter_services(qs: ServiceQuerySet, params: Any) -> ServiceQuerySet:
    """The directory filters from query parameters (the API and the HSDS endpoints share them)."""
    age = params.get("age", "")
    return qs.matching(
        province=params.get("province", "")[:2],
        regency=params.get("regency", "")[:5],
        service_type=params.get("service_type", "") if params.get("service_type") in ServiceType.values else "",
        age=int(age) if age.isdigit() else None,
        sex=params.get("sex", "") if params.get("sex") in Sex.values else "",
        client_type=params.get("client_type", "") if params.get("client_type") in ClientType.values else "",
        accepting_referrals=_bool(params.get("accepting_referrals")),
    )


FILTER_PARAMETERS = [
    OpenApiParameter("province", str, description="Province code, e.g. 32: services serving it"),
    OpenApiParameter("regency", str, description="Regency/city code, e.g. 32.73: services serving it"),
    OpenApiParameter("service_type", str, enum=ServiceType.values, description="National service type"),
    OpenApiParameter("age", int, description="Client's age: services whose age range includes it"),
    OpenApiParameter("sex", str, enum=Sex.values, description="Client's sex"),
    OpenApiParameter("client_type", str, enum=ClientType.values, description="Child or adult woman"),
    OpenApiParameter("accepting_referrals", bool, description="Only services (not) accepting referrals"),
    OpenApiParameter("organisation", str, description="Organisation id"),
]


@extend_schema_view(
    list=extend_schema(parameters=FILTER_PARAMETERS),
    partial_update=extend_schema(request=DirectoryServiceUpdateSerializer, responses=DirectoryServiceSerializer),
)
class ServiceViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet[Service],
):
    """The service directory: what organisations offer, to whom and where.

    Everyone signed in reads it; admins of the owning organisation add, change and deactivate services.
    """

    request: SignedInApiRequest

    serializer_class = DirectoryServiceSerializer
    permission_classes = [permissions.IsAuthenticated]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_serializer_class(self) -> type[DirectoryServiceSerializer]:
        return DirectoryServiceUpdateSerializer if self.action == "partial_update" else DirectoryServiceSerializer

    def get_queryset(self) -> QuerySet[Service]:
        qs = filter_services(visible_services(self.request.user), self.request.query_params)
        if self.request.query_params.get("organisation"):
            qs = qs.filter(organisation_id=self.request.query_params["organisation"])
        return qs.prefetch_related("area_regencies", "area_provinces").order_by("name", "id")

    def get_object(self) -> Service:
        need = "view" if self.request.method in permissions.SAFE_METHODS else "manage"
        return get_service_for_user(self.request.user, self.kwargs["pk"], need=need)

    def perform_create(self, serializer: serializers.BaseSerializer[Service]) -> None:
        data = serializer.validated_data
        organisation = get_organisation_for_user(self.request.user, data["organisation"].pk, need="manage")
        serializer.instance = actions.create_service(
            organisation,
            actor=self.request.user,
            values=writable(data),
            request=self.request._request,
        )

    def perform_update(self, serializer: serializers.BaseSerializer[Service]) -> None:
        actions.update_service(
            serializer.instance,  # type: ignore[arg-type]
            actor=self.request.user,
            values=writable(serializer.validated_data),
            request=self.request._request,
        )

    @extend_schema(request=None, responses=DirectoryServiceSerializer)
    @action(detail=True, methods=["post"])
    def deactivate(self, request: SignedInApiRequest, pk: str) -> Response:
        service = actions.deactivate_service(self.get_object(), actor=request.user, request=request._request)
        return Response(DirectoryServiceSerializer(service).data, status=status.HTTP_200_OK)

    @extend_schema(request=None, responses=DirectoryServiceSerializer)
    @action(detail=True, methods=["post"])
    def reactivate(self, request: SignedInApiRequest, pk: str) -> Response:
        service = actions.reactivate_service(self.get_object(), actor=request.user, request=request._request)
        return Response(DirectoryServiceSerializer(service).data, status=status.HTTP_200_OK)

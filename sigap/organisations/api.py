from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework import serializers, viewsets

from sigap.organisations.access import visible_memberships, visible_organisations
from sigap.organisations.models import Membership, Organisation


class OrganisationSerializer(serializers.ModelSerializer[Organisation]):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    time_zone = serializers.CharField(read_only=True)

    class Meta:
        model = Organisation
        fields = [
            "id",
            "name",
            "short_name",
            "kind",
            "kind_label",
            "province",
            "regency",
            "parent",
            "address",
            "phone",
            "whatsapp",
            "email",
            "website",
            "time_zone",
            "is_active",
            "created_at",
            "updated_at",
        ]


class OrganisationViewSet(viewsets.ReadOnlyModelViewSet[Organisation]):
    """The directory of organisations using Sigap."""

    serializer_class = OrganisationSerializer
    filterset_fields: list[str] = []

    def get_queryset(self) -> QuerySet[Organisation]:
        qs = visible_organisations(self.request.user)
        params = self.request.query_params
        if params.get("province"):
            qs = qs.filter(province_id=params["province"])
        if params.get("regency"):
            qs = qs.filter(regency_id=params["regency"])
        if params.get("kind"):
            qs = qs.filter(kind=params["kind"])
        return qs.order_by("name", "id")


class MembershipSerializer(serializers.ModelSerializer[Membership]):
    user_name = serializers.CharField(source="user.full_name", read_only=True)
    user_email = serializers.EmailField(source="user.email", read_only=True)
    role_label = serializers.CharField(source="get_role_display", read_only=True)

    class Meta:
        model = Membership
        fields = [
            "id",
            "user",
            "user_name",
            "user_email",
            "organisation",
            "role",
            "role_label",
            "supervisor",
            "is_active",
            "created_at",
            "updated_at",
        ]


class MembershipViewSet(viewsets.ReadOnlyModelViewSet[Membership]):
    """Memberships the caller may see: their own, and all of organisations they administer."""

    serializer_class = MembershipSerializer

    def get_queryset(self) -> QuerySet[Membership]:
        qs = visible_memberships(self.request.user)
        organisation = self.request.query_params.get("organisation")
        if organisation:
            qs = qs.filter(organisation_id=organisation)
        return qs.order_by("organisation__name", "user__full_name", "id")


__all__: list[Any] = ["OrganisationViewSet", "MembershipViewSet"]

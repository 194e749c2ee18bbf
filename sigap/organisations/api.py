"""Organisations and memberships over the API, with the same rules and verbs as the screens."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from sigap.accounts.access import has_capability
from sigap.lib.http import SignedInApiRequest
from sigap.organisations import actions
from sigap.organisations.access import (
    get_membership_for_user,
    get_organisation_for_user,
    is_national_admin,
    visible_memberships,
    visible_organisations,
)
from sigap.organisations.models import Membership, Organisation
from sigap.organisations.roles import Capability, Role


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
        read_only_fields = ["id", "created_at", "updated_at"]
        # Uniqueness and region checks are the verb's (model full_clean), so errors come once.
        validators: list[Any] = []


class NationalAdminWrites(permissions.BasePermission):
    """Anyone signed in may read; only national admins may write."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return request.method in permissions.SAFE_METHODS or is_national_admin(request.user)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("q", str, description="Part of the name"),
            OpenApiParameter("province", str, description="Province code, e.g. 32"),
            OpenApiParameter("regency", str, description="Regency/city code, e.g. 32.73"),
            OpenApiParameter("kind", str, description="Kind of organisation"),
        ]
    )
)
class OrganisationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet[Organisation],
):
    """The directory of organisations using Sigap. National admins add and change organisations."""

    request: SignedInApiRequest

    serializer_class = OrganisationSerializer
    permission_classes = [permissions.IsAuthenticated, NationalAdminWrites]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Organisation]:
        qs = visible_organisations(self.request.user)
        params = self.request.query_params
        if params.get("q"):
            qs = qs.filter(name__icontains=params["q"].strip())
        if params.get("province"):
            qs = qs.filter(province_id=params["province"])
        if params.get("regency"):
            qs = qs.filter(regency_id=params["regency"])
        if params.get("kind"):
            qs = qs.filter(kind=params["kind"])
        return qs.order_by("name", "id")

    def get_object(self) -> Organisation:
        return get_organisation_for_user(self.request.user, self.kwargs["pk"])

    def perform_create(self, serializer: serializers.BaseSerializer[Organisation]) -> None:
        serializer.instance = actions.create_organisation(
            actor=self.request.user,
            values=_writable(serializer.validated_data),
            request=self.request._request,
        )

    def perform_update(self, serializer: serializers.BaseSerializer[Organisation]) -> None:
        actions.update_organisation(
            self.get_object() if serializer.instance is None else serializer.instance,
            actor=self.request.user,
            values=_writable(serializer.validated_data),
            request=self.request._request,
        )


def _writable(data: Any) -> dict[str, Any]:
    return {name: value for name, value in data.items() if name in actions.ORGANISATION_FIELDS}


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
        read_only_fields = fields


class MembershipCreateSerializer(serializers.Serializer[Any]):
    """Add a member by email. ``full_name`` is needed when nobody has an account with that email."""

    organisation = serializers.UUIDField()
    email = serializers.EmailField()
    full_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    role = serializers.ChoiceField(choices=Role.choices)
    supervisor = serializers.UUIDField(required=False, allow_null=True, default=None)


class MembershipUpdateSerializer(serializers.Serializer[Any]):
    role = serializers.ChoiceField(choices=Role.choices, required=False)
    supervisor = serializers.UUIDField(required=False, allow_null=True)


def _supervisor_in(organisation: Organisation, pk: Any) -> Membership | None:
    """The supervisor membership named in a request, looked up inside the organisation only."""
    if pk is None:
        return None
    found = Membership.objects.filter(organisation=organisation, pk=pk).select_related("supervisor").first()
    if found is None:
        raise serializers.ValidationError({"supervisor": [_("Choose a supervisor of the same organisation.")]})
    return found


class ManagesSomeOrganisation(permissions.BasePermission):
    """Anyone signed in may read their visible memberships; writing needs an organisation admin."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return request.method in permissions.SAFE_METHODS or has_capability(
            request.user, Capability.MANAGE_ORGANISATION
        )


@extend_schema_view(
    list=extend_schema(parameters=[OpenApiParameter("organisation", str, description="Organisation id")]),
    create=extend_schema(request=MembershipCreateSerializer, responses={201: MembershipSerializer}),
    partial_update=extend_schema(request=MembershipUpdateSerializer, responses=MembershipSerializer),
)
class MembershipViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[Membership],
):
    """Memberships the caller may see: their own, and all of organisations they administer.

    Organisation admins add members, change their role and supervisor, and end or restore them.
    """

    request: SignedInApiRequest

    serializer_class = MembershipSerializer
    permission_classes = [permissions.IsAuthenticated, ManagesSomeOrganisation]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Membership]:
        qs = visible_memberships(self.request.user)
        organisation = self.request.query_params.get("organisation")
        if organisation:
            qs = qs.filter(organisation_id=organisation)
        return qs.order_by("organisation__name", "user__full_name", "id")

    def get_object(self) -> Membership:
        need = "view" if self.request.method in permissions.SAFE_METHODS else "manage"
        return get_membership_for_user(self.request.user, self.kwargs["pk"], need=need)

    def _respond(self, membership: Membership, status_code: int = status.HTTP_200_OK) -> Response:
        return Response(MembershipSerializer(membership).data, status=status_code)

    def create(self, request: SignedInApiRequest, *args: Any, **kwargs: Any) -> Response:
        incoming = MembershipCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        organisation = get_organisation_for_user(request.user, data["organisation"], need="manage")
        membership = actions.add_member(
            organisation,
            actor=request.user,
            email=data["email"],
            full_name=data["full_name"],
            role=data["role"],
            supervisor=_supervisor_in(organisation, data["supervisor"]),
            request=request._request,
        )
        return self._respond(membership, status.HTTP_201_CREATED)

    def partial_update(self, request: SignedInApiRequest, *args: Any, **kwargs: Any) -> Response:
        membership = self.get_object()
        incoming = MembershipUpdateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        with transaction.atomic():
            if "role" in data:
                actions.change_role(membership, data["role"], actor=request.user, request=request._request)
            if "supervisor" in data:
                supervisor = _supervisor_in(membership.organisation, data["supervisor"])
                actions.set_supervisor(membership, supervisor, actor=request.user, request=request._request)
        return self._respond(membership)

    @extend_schema(request=None, responses=MembershipSerializer)
    @action(detail=True, methods=["post"])
    def deactivate(self, request: SignedInApiRequest, pk: str) -> Response:
        membership = self.get_object()
        actions.deactivate_member(membership, actor=request.user, request=request._request)
        return self._respond(membership)

    @extend_schema(request=None, responses=MembershipSerializer)
    @action(detail=True, methods=["post"])
    def reactivate(self, request: SignedInApiRequest, pk: str) -> Response:
        membership = self.get_object()
        actions.reactivate_member(membership, actor=request.user, request=request._request)
        return self._respond(membership)


__all__: list[Any] = ["MembershipViewSet", "OrganisationViewSet"]

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from sigap.accounts.access import active_memberships, capabilities
from sigap.lib.http import SignedInApiRequest
from sigap.organisations.roles import Role


class MembershipBriefSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField()
    organisation = serializers.UUIDField(source="organisation_id")
    organisation_name = serializers.CharField(source="organisation.name")
    role = serializers.ChoiceField(choices=Role.choices)
    role_label = serializers.CharField(source="get_role_display")
    supervisor = serializers.UUIDField(source="supervisor_id", allow_null=True)


class MeSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField()
    email = serializers.EmailField()
    full_name = serializers.CharField()
    language = serializers.CharField()
    two_factor_verified = serializers.BooleanField()
    capabilities = serializers.ListField(child=serializers.CharField())
    memberships = MembershipBriefSerializer(many=True)


class MeView(APIView):
    """The signed-in user, their memberships and what they may do."""

    request: SignedInApiRequest

    @extend_schema(responses=MeSerializer, operation_id="me")
    def get(self, request: SignedInApiRequest) -> Response:
        user: Any = request.user
        data = {
            "id": user.id,
            "email": user.email,
            "full_name": user.full_name,
            "language": user.language,
            "two_factor_verified": bool(getattr(request._request.user, "is_verified", lambda: False)()),
            "capabilities": sorted(str(c) for c in capabilities(user)),
            "memberships": active_memberships(user),
        }
        return Response(MeSerializer(data).data)

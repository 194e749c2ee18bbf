"""/api/v1/break-glass-openings/: the data protection officer's list, as on the screen."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from rest_framework import mixins, serializers, viewsets

from sigap.audit.access import break_glass_openings
from sigap.audit.models import AccessLog
from sigap.audit.views import protected_organisations
from sigap.lib.http import SignedInApiRequest


class BreakGlassOpeningSerializer(serializers.ModelSerializer[AccessLog]):
    user = serializers.UUIDField(source="user_id", read_only=True, allow_null=True)
    user_name = serializers.CharField(source="user.full_name", default="", read_only=True)
    organisation = serializers.UUIDField(source="organisation_id", read_only=True, allow_null=True)
    case = serializers.UUIDField(source="case_id", read_only=True, allow_null=True)
    case_number = serializers.CharField(source="object_label", read_only=True)

    class Meta:
        model = AccessLog
        fields = ["id", "time", "user", "user_name", "organisation", "case", "case_number", "reason"]
        read_only_fields = fields


class BreakGlassOpeningViewSet(mixins.ListModelMixin, viewsets.GenericViewSet[AccessLog]):
    """Every break-glass opening of a case in the organisations where the caller is the data
    protection officer, newest first (others: 403)."""

    request: SignedInApiRequest

    serializer_class = BreakGlassOpeningSerializer

    def get_queryset(self) -> QuerySet[AccessLog]:
        if getattr(self, "swagger_fake_view", False):
            return AccessLog.objects.none()
        organisations: Any = protected_organisations(self.request.user)
        if not organisations:
            raise PermissionDenied
        return break_glass_openings(organisations)

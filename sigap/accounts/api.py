"""API for the caller's own personal tokens: /api/v1/tokens/."""

from __future__ import annotations

from typing import Any

from django.db.models import F, QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from sigap.accounts import actions
from sigap.accounts.access import own_api_tokens
from sigap.accounts.models import ApiToken
from sigap.api.authentication import ApiTokenAuthentication, VerifiedSessionAuthentication
from sigap.lib.http import SignedInApiRequest
from sigap.lib.models import attach


class ApiTokenSerializer(serializers.ModelSerializer[ApiToken]):
    is_active = serializers.BooleanField(read_only=True)
    status = serializers.ChoiceField(choices=ApiToken.Status.choices, read_only=True)
    expires_at = serializers.DateTimeField(
        required=False,
        help_text=_(
            "When the token stops working. Default: 90 days from now; at most 365 days ahead "
            "(the installation may set other numbers)."
        ),
    )

    class Meta:
        model = ApiToken
        fields = [
            "id",
            "name",
            "key_prefix",
            "created_at",
            "last_used_at",
            "expires_at",
            "revoked_at",
            "revoked_reason",
            "status",
            "is_active",
        ]
        read_only_fields = ["id", "key_prefix", "created_at", "last_used_at", "revoked_at", "revoked_reason"]


class NewApiTokenSerializer(ApiTokenSerializer):
    key = serializers.CharField(
        read_only=True, help_text=_("The token itself. Returned only in this response; store it now.")
    )

    class Meta(ApiTokenSerializer.Meta):
        fields = [*ApiTokenSerializer.Meta.fields, "key"]


class TokensComeFromAVerifiedSession(permissions.BasePermission):
    """A new credential comes only from a session that passed two-factor, never from a token.

    Otherwise a stolen token could mint fresh tokens that outlive its revocation. The authentication
    classes already refuse unverified sessions where two-factor is needed; this check keeps the rule
    even if the authentication settings change. Listing and revoking work with a token too.
    """

    message = _("A token cannot create tokens. Sign in with your password (and second factor) and use that session.")

    def has_permission(self, request: Request, view: Any) -> bool:
        from sigap.accounts.middleware import needs_otp_verification

        if getattr(view, "action", None) != "create":
            return True
        if isinstance(request.auth, ApiToken):
            return False
        return bool(request.user.is_authenticated and not needs_otp_verification(request._request.user))


class ApiTokenViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet[ApiToken],
):
    """The caller's own API tokens. DELETE (or POST …/revoke/) revokes a token; it is kept for the record."""

    request: SignedInApiRequest

    serializer_class = ApiTokenSerializer
    authentication_classes = [ApiTokenAuthentication, VerifiedSessionAuthentication]
    permission_classes = [permissions.IsAuthenticated, TokensComeFromAVerifiedSession]

    def get_queryset(self) -> QuerySet[ApiToken]:
        return own_api_tokens(self.request.user).order_by(F("revoked_at").asc(nulls_first=True), "-created_at", "id")

    @extend_schema(request=ApiTokenSerializer, responses={201: NewApiTokenSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        token, key = actions.create_api_token(
            self.request.user,
            name=serializer.validated_data["name"],
            expires_at=serializer.validated_data.get("expires_at"),
            request=request._request,
        )
        attach(token, key=key)
        return Response(NewApiTokenSerializer(token).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={204: None})
    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        actions.revoke_api_token(self.get_object(), by=self.request.user, request=request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=None, responses=ApiTokenSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request: SignedInApiRequest, pk: str | None = None) -> Response:
        token = actions.revoke_api_token(self.get_object(), by=request.user, request=request._request)
        return Response(ApiTokenSerializer(token).data)

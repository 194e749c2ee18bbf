from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from sigap.accounts.lockout import TOKEN_FAILURES_PER_ADDRESS
from sigap.accounts.models import ApiToken, hash_token
from sigap.audit.actions import client_ip


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """``Authorization: Bearer sgp_…`` (or ``Token sgp_…``) with a personal, revocable token."""

    keywords = ("bearer", "token")

    def authenticate(self, request: Request) -> tuple[Any, ApiToken] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].decode(errors="ignore").lower() not in self.keywords:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Invalid token header."))
        address = client_ip(request._request) or ""
        if TOKEN_FAILURES_PER_ADDRESS.exceeded(address):
            raise exceptions.Throttled(detail=_("Too many invalid tokens from your network. Wait and try again."))
        raw = header[1].decode(errors="ignore")
        token = ApiToken.objects.active().select_related("user").filter(key_hash=hash_token(raw)).first()
        if token is None or not token.user.is_active:
            TOKEN_FAILURES_PER_ADDRESS.hit(address)
            raise exceptions.AuthenticationFailed(_("Invalid or revoked token."))
        token.touch()
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return "Bearer"


class VerifiedSessionAuthentication(authentication.SessionAuthentication):
    """Browser session, accepted only once the session passed two-factor where it is needed."""

    def authenticate(self, request: Request) -> tuple[Any, None] | None:
        from sigap.accounts.middleware import needs_otp_verification

        result = super().authenticate(request)
        if result is None:
            return None
        user = request._request.user
        if needs_otp_verification(user):
            raise exceptions.NotAuthenticated(_("Complete two-factor verification first."))
        return result


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "sigap.api.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {"type": "http", "scheme": "bearer", "description": "Personal API token (sgp_…)"}


class VerifiedSessionScheme(OpenApiAuthenticationExtension):
    target_class = "sigap.api.authentication.VerifiedSessionAuthentication"
    name = "cookieAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {"type": "apiKey", "in": "cookie", "name": "sigap_session"}

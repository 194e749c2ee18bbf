from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from sigap.accounts.actions import expire_api_tokens
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
        raw = header[1].decode(errors="ignore")
        token = ApiToken.objects.select_related("user").filter(key_hash=hash_token(raw)).first()
        if token is not None and token.is_active and token.user.is_active:
            token.touch()
            return token.user, token
        message = _("Invalid or revoked token.")
        if token is not None and token.status == ApiToken.Status.EXPIRED:
            expire_api_tokens(ApiToken.objects.filter(pk=token.pk))  # on record once, if not yet
            message = _("This token expired. Create a new one on your account page.")
        # The token is checked before anything is counted: guessing from an office's shared address
        # must not stop the valid tokens of everybody else behind it. Only failures count.
        if not TOKEN_FAILURES_PER_ADDRESS.hit(client_ip(request._request) or ""):
            raise exceptions.Throttled(
                wait=TOKEN_FAILURES_PER_ADDRESS.retry_after(),
                detail=str(_("Too many invalid tokens from your network. Wait and try again.")),
            )
        raise exceptions.AuthenticationFailed(message)

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

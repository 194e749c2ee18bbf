"""Audit sign-in events. Django sends these signals; the audit rows are written here."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from sigap.audit.actions import record


@receiver(user_logged_in)
def audit_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    record("accounts.login", actor=user, obj=user, request=request)


@receiver(user_login_failed)
def audit_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    attempted = str(credentials.get("username") or credentials.get("email") or "")[:254]
    record("accounts.login_failed", request=request, actor_label=attempted)


@receiver(user_logged_out)
def audit_logout(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is None:
        return
    from sigap.accounts.actions import LOGOUT_REASON_ATTR

    reason = getattr(request, LOGOUT_REASON_ATTR, "user")
    record("accounts.logout", actor=user, obj=user, request=request, reason=reason)

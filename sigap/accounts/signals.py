"""Audit sign-in events, and end API tokens with their owner's password or account.

Django sends these signals; the audit rows are written here (or by the verbs called here).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save
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


@receiver(post_save, sender="accounts.User", dispatch_uid="sigap.accounts.revoke_tokens_with_the_password")
def revoke_tokens_with_the_password(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    """A new password or a deactivated account ends every API token of the user.

    A saved ``set_password`` leaves the raw password in ``_password`` until Django's save finishes;
    every way of changing it (the screen, a reset link, the admin, ``changepassword``) goes through
    it. Django's own re-hash at sign-in (a stronger hasher, the same password) clears it first, so
    it does not count as a change.
    """
    if created:
        return
    from sigap.accounts.actions import revoke_all_api_tokens
    from sigap.accounts.models import ApiToken

    if not instance.is_active:
        revoke_all_api_tokens(instance, reason=ApiToken.RevokedReason.DEACTIVATED)
    elif getattr(instance, "_password", None) is not None:
        revoke_all_api_tokens(instance, reason=ApiToken.RevokedReason.PASSWORD_CHANGED)

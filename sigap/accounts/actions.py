"""Account verbs. Each writes its audit event."""

from __future__ import annotations

from django.contrib.auth import logout
from django.db import transaction
from django.http import HttpRequest

from sigap.accounts.models import User
from sigap.audit.actions import record


def log_out(request: HttpRequest, *, reason: str = "user") -> None:
    """Sign the current user out, recording why (the user asked, or the session was idle)."""
    user = request.user
    if user.is_authenticated:
        record("accounts.logout", actor=user, obj=user, request=request, reason=reason)
    logout(request)


@transaction.atomic
def set_language(user: User, language: str, *, request: HttpRequest | None = None) -> None:
    """Remember the user's interface language."""
    if user.language == language:
        return
    user.language = language
    user.save(update_fields=["language", "updated_at"])
    record("accounts.set_language", actor=user, obj=user, request=request, language=language)

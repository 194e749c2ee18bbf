"""How django-axes names the account in a failed sign-in."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def lockout_username(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str:
    """The email address, lower-cased: sign-in ignores case, so the failure count must too.

    Otherwise ``Name@x`` and ``name@x`` would each get their own five attempts.
    """
    raw = (credentials or {}).get("username")
    if raw is None:
        raw = request.POST.get("username", "") if request is not None else ""
    return str(raw).strip().lower()

"""How django-axes names the account in a failed sign-in, and the rate limits beside the lockout.

django-axes locks one account from one address after a few failures (in the database). The limits
here count per client address across accounts (password spraying), password-reset requests per
address and per email address (mail bombing), and failed API tokens per address (guessing).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from sigap.lib.ratelimit import Limit

HOUR = 60 * 60
PASSWORD_RESETS_PER_ADDRESS = Limit("password-reset-ip", 20, HOUR)
PASSWORD_RESETS_PER_EMAIL = Limit("password-reset-email", 3, HOUR)
TOKEN_FAILURES_PER_ADDRESS = Limit("api-token-failure-ip", 20, 15 * 60)


def login_failures_per_address() -> Limit:
    """Failed sign-ins per client address in the lockout window (``SIGAP_LOGIN_IP_LIMIT``; 0 is off)."""
    return Limit("login-failure-ip", settings.SIGAP_LOGIN_IP_LIMIT, int(settings.AXES_COOLOFF_TIME.total_seconds()))


def lockout_username(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str:
    """The email address, lower-cased: sign-in ignores case, so the failure count must too.

    Otherwise ``Name@x`` and ``name@x`` would each get their own five attempts.
    """
    raw = (credentials or {}).get("username")
    if raw is None:
        raw = request.POST.get("username", "") if request is not None else ""
    return str(raw).strip().lower()

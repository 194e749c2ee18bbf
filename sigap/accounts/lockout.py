"""How django-axes names the account in a failed sign-in, and the rate limits beside the lockout.

Nobody can lock a whole office out, and every web process counts together:

- django-axes locks one account *from one address* after a few failures (in the database). Only that
  pair is refused, even with the right password; the account still signs in from elsewhere and the
  office's other accounts from the same address.
- The limits here count only *failures* per client address across accounts (password spraying),
  password-reset requests per address and per email address (mail bombing), and invalid API tokens
  per address (guessing), in the shared cache (Redis or the database). A credential is always
  checked first: a valid one succeeds whatever its address has been doing; past the limit, failures
  are answered 429 with ``Retry-After``.
"""

from __future__ import annotations

import math
from typing import Any

from django.conf import settings
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

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


def lockout_seconds_left(request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
    """Seconds until the locked (account, address) pair may try again: the cool-off counts from the
    pair's latest failure."""
    from axes.models import AccessAttempt

    cooloff = settings.AXES_COOLOFF_TIME.total_seconds()
    latest = AccessAttempt.objects.filter(
        username=lockout_username(request, credentials), ip_address=getattr(request, "axes_ip_address", None)
    ).aggregate(latest=Max("attempt_time"))["latest"]
    if latest is None:
        return int(cooloff)
    return max(1, math.ceil(cooloff - (timezone.now() - latest).total_seconds()))


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict[str, Any] | None = None
) -> HttpResponse:
    """django-axes' answer for a locked pair: the lockout page, 429, and when to try again."""
    seconds = lockout_seconds_left(request, credentials)
    response = render(
        request, settings.AXES_LOCKOUT_TEMPLATE, {"cooloff_minutes": max(1, math.ceil(seconds / 60))}, status=429
    )
    response["Retry-After"] = str(seconds)
    return response

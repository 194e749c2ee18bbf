from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.contrib.messages.storage import default_storage
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from sigap.accounts.access import requires_two_factor

Handler = Callable[[HttpRequest], HttpResponse]

# Paths served without the browser login flow: the API authenticates on its own (token or
# verified session), and static files are served before this middleware anyway.
_OPEN_PREFIXES = ("/api/", "/static/")


class IdleTimeoutMiddleware:
    """Sign out a session that has been idle longer than SIGAP_IDLE_TIMEOUT_MINUTES.

    The last-seen time is written at most once a minute, so most requests cost no session write.
    """

    KEY = "sigap_last_seen"

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            last = request.session.get(self.KEY, now)
            if now - last > settings.SIGAP_IDLE_TIMEOUT_MINUTES * 60:
                from sigap.accounts.actions import log_out

                log_out(request, reason="idle")
                if not request.path.startswith(_OPEN_PREFIXES):
                    login_url = reverse(settings.LOGIN_URL)
                    response = HttpResponseRedirect(f"{login_url}?{urlencode({'next': request.get_full_path()})}")
                    # This runs before MessageMiddleware and answers without reaching it, so the
                    # message goes through a storage of its own.
                    storage = default_storage(request)
                    storage.add(messages.INFO, _("You were signed out after a period of inactivity."))
                    storage.update(response)
                    return response
            elif now - last >= 60 or self.KEY not in request.session:
                request.session[self.KEY] = now
        return self.get_response(request)


class UserLanguageMiddleware:
    """Use the language a signed-in user chose, whatever the browser says."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and getattr(user, "language", None):
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)


class SigapLoginRequiredMiddleware(LoginRequiredMiddleware):
    """Every page needs a signed-in user unless marked ``login_not_required``; the API checks its own."""

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> HttpResponseBase | None:
        if request.path.startswith(_OPEN_PREFIXES):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


def has_two_factor(user: Any) -> bool:
    """Whether the user enrolled an authenticator app.

    Sigap creates recovery codes only together with an authenticator, so one query on the
    authenticator table answers this on every request.
    """
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def needs_otp_verification(user: Any) -> bool:
    """A user who enrolled a device, or whom policy requires to, must verify each session."""
    if not user.is_authenticated or user.is_verified():
        return False
    return bool(has_two_factor(user) or requires_two_factor(user))


class TwoFactorRequiredMiddleware:
    """Send a signed-in but unverified user to the second step (or to enrolment) before anything else."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        if request.path.startswith(_OPEN_PREFIXES) or getattr(view_func, "two_factor_exempt", False):
            return None
        if not getattr(view_func, "login_required", True):
            return None
        if not needs_otp_verification(request.user):
            return None
        target = "accounts:otp_verify" if has_two_factor(request.user) else "accounts:otp_setup"
        return HttpResponseRedirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")


def two_factor_exempt(view: Any) -> Any:
    """Mark a view reachable by a signed-in user who has not passed the second step yet."""
    view.two_factor_exempt = True
    return view

from __future__ import annotations

import math
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sigap.accounts import actions, lockout, otp
from sigap.accounts.access import own_api_tokens, requires_two_factor
from sigap.accounts.forms import (
    BootstrapPasswordChangeForm,
    BootstrapSetPasswordForm,
    EmailAuthenticationForm,
    QueuedPasswordResetForm,
)
from sigap.accounts.middleware import two_factor_exempt
from sigap.audit.actions import client_ip, record
from sigap.lib.ratelimit import Limit


class LoginView(auth_views.LoginView):
    """Sign-in. Beside the per-(account, address) lockout, one address may fail only so often across
    accounts; the password is always checked first, so the right one still signs in (see lockout.py)."""

    template_name = "accounts/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True

    def form_invalid(self, form: Any) -> HttpResponse:
        limit = lockout.login_failures_per_address()
        if not limit.hit(client_ip(self.request) or ""):
            record("accounts.login_rate_limited", request=self.request)
            return _too_many(self.request, self.get_context_data(form=form), limit)
        return super().form_invalid(form)


@login_not_required
@two_factor_exempt
def admin_login(request: HttpRequest) -> HttpResponse:
    """The admin's sign-in is Sigap's own (lockout, rate limits, two-factor); signed-in users who are
    not staff are refused rather than asked to sign in again."""
    if request.user.is_authenticated:
        raise PermissionDenied
    query = request.GET.urlencode()
    return HttpResponseRedirect(reverse("accounts:login") + (f"?{query}" if query else ""))


def _too_many(request: HttpRequest, context: dict[str, Any], limit: Limit) -> HttpResponse:
    seconds = limit.retry_after()
    messages.error(
        request,
        _("Too many attempts from your network. Wait %(minutes)d minutes and try again.")
        % {"minutes": max(1, math.ceil(seconds / 60))},
    )
    template = "accounts/password_reset.html" if limit.scope.startswith("password-reset") else "accounts/login.html"
    response = render(request, template, context, status=429)
    response["Retry-After"] = str(seconds)
    return response


@require_POST
@two_factor_exempt
def logout_view(request: HttpRequest) -> HttpResponse:
    actions.log_out(request)
    return HttpResponseRedirect(reverse(settings.LOGOUT_REDIRECT_URL))


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.META.get("HTTP_REFERER") or "/"
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    return target


@login_not_required
@two_factor_exempt
@require_POST
def set_language_view(request: HttpRequest) -> HttpResponse:
    """Switch language; remembered on the account when signed in, in a cookie otherwise."""
    language = request.POST.get("language", "")
    response = HttpResponseRedirect(_safe_next(request))
    if language and check_for_language(language) and language in dict(settings.LANGUAGES):
        if request.user.is_authenticated:
            actions.set_language(request.user, language, request=request)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=365 * 24 * 3600,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,  # type: ignore[arg-type]
        )
    return response


@method_decorator([login_not_required, two_factor_exempt], name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    form_class = QueuedPasswordResetForm
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form: Any) -> HttpResponse:
        # Counted whether or not the address has an account, so the answer tells nothing about that.
        email = form.cleaned_data["email"].strip().lower()
        for limit, key in (
            (lockout.PASSWORD_RESETS_PER_ADDRESS, client_ip(self.request) or ""),
            (lockout.PASSWORD_RESETS_PER_EMAIL, email),
        ):
            if not limit.hit(key):
                record("accounts.password_reset_rate_limited", request=self.request)
                return _too_many(self.request, self.get_context_data(form=form), limit)
        return super().form_valid(form)


@method_decorator([login_not_required, two_factor_exempt], name="dispatch")
class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


@method_decorator([login_not_required, two_factor_exempt], name="dispatch")
class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = BootstrapSetPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        record("accounts.password_reset", actor=form.user, obj=form.user, request=self.request)
        return response


@method_decorator([login_not_required, two_factor_exempt], name="dispatch")
class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = BootstrapPasswordChangeForm
    success_url = reverse_lazy("accounts:settings")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        user: Any = self.request.user
        record("accounts.password_change", actor=user, obj=user, request=self.request)
        messages.success(self.request, _("Your password was changed."))
        return response


def settings_view(request: HttpRequest) -> HttpResponse:
    """The user's own account page: language, password, two-factor, API tokens."""
    user: Any = request.user
    has_2fa = otp.totp_devices(user).exists()
    return render(
        request,
        "accounts/settings.html",
        {
            "has_2fa": has_2fa,
            "two_factor_required": requires_two_factor(user),
            "recovery_codes_left": otp.remaining_recovery_codes(user) if has_2fa else 0,
            "active_tokens": own_api_tokens(user).active().count(),
        },
    )

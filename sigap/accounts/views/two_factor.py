"""Two-factor screens: enrolment, the second sign-in step, recovery codes, turning it off."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.models import Device

from sigap.accounts import actions, otp
from sigap.accounts.access import requires_two_factor
from sigap.accounts.forms import OtpCodeForm, OtpEnrolForm
from sigap.accounts.middleware import has_two_factor, two_factor_exempt
from sigap.lib.http import SignedInRequest

PENDING_KEY = "sigap_otp_pending_key"


def _next_url(request: SignedInRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _redirect_with_next(url_name: str, next_url: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(f"{resolve_url(url_name)}?{urlencode({'next': next_url})}")


def _mark_session_verified(request: SignedInRequest, device: Device) -> None:
    # A new session key once the second factor is passed, like Django does at sign-in.
    request.session.cycle_key()
    otp_login(request, device)


def _is_verified(request: SignedInRequest) -> bool:
    return bool(getattr(request.user, "is_verified", lambda: False)())


def _code_error(result: otp.CodeCheck) -> str:
    if result.retry_at is not None:
        seconds = result.wait_seconds
        return ngettext(
            "Too many wrong codes. Wait %(seconds)d second and try again.",
            "Too many wrong codes. Wait %(seconds)d seconds and try again.",
            seconds,
        ) % {"seconds": seconds}
    return _("That code is not correct.")


def _render_recovery_codes(request: SignedInRequest, codes: list[str], *, next_url: str) -> HttpResponse:
    return render(
        request,
        "accounts/recovery_codes.html",
        {"codes": [otp.format_recovery_code(code) for code in codes], "next": next_url},
    )


@two_factor_exempt
@require_http_methods(["GET", "POST"])
def otp_setup(request: SignedInRequest) -> HttpResponse:
    """Connect an authenticator app: QR code and secret, then one code to prove it works."""
    user: Any = request.user
    has_device = has_two_factor(user)
    if has_device and not _is_verified(request):
        # Replacing the authenticator needs the current one first.
        return _redirect_with_next("accounts:otp_verify", request.get_full_path())
    key = request.session.get(PENDING_KEY)
    if not key:
        key = otp.new_secret()
        request.session[PENDING_KEY] = key
    form = OtpEnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        enrolment = actions.enrol_two_factor(user, key=key, code=form.cleaned_data["code"], request=request)
        if enrolment is not None:
            request.session.pop(PENDING_KEY, None)
            _mark_session_verified(request, enrolment.device)
            messages.success(request, _("Two-factor authentication is on."))
            return _render_recovery_codes(request, enrolment.recovery_codes, next_url=_next_url(request))
        form.add_error("code", _("That code is not correct. Check the time on your phone and try the newest code."))
    return render(
        request,
        "accounts/otp_setup.html",
        {
            "form": form,
            "qr_code": otp.qr_data_uri(otp.provisioning_uri(user, key)),
            "secret": otp.secret_for_display(key),
            "replacing": has_device,
            "required": requires_two_factor(user),
            "next": request.POST.get("next") or request.GET.get("next", ""),
        },
    )


@two_factor_exempt
@require_http_methods(["GET", "POST"])
def otp_verify(request: SignedInRequest) -> HttpResponse:
    """The second step of signing in."""
    user: Any = request.user
    next_url = _next_url(request)
    if _is_verified(request):
        return HttpResponseRedirect(next_url)
    if not has_two_factor(user):
        if requires_two_factor(user):
            return _redirect_with_next("accounts:otp_setup", next_url)
        return HttpResponseRedirect(next_url)
    form = OtpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = actions.verify_two_factor(user, form.cleaned_data["code"], request=request)
        if result.device is not None:
            _mark_session_verified(request, result.device)
            if result.is_recovery_code:
                left = otp.remaining_recovery_codes(user)
                messages.warning(
                    request,
                    ngettext(
                        "You used a recovery code. %(count)d is left; make new ones in your account settings.",
                        "You used a recovery code. %(count)d are left; make new ones in your account settings.",
                        left,
                    )
                    % {"count": left},
                )
            return HttpResponseRedirect(next_url)
        form.add_error("code", _code_error(result))
    return render(
        request,
        "accounts/otp_verify.html",
        {"form": form, "next": request.POST.get("next") or request.GET.get("next", "")},
    )


@require_POST
def recovery_codes_regenerate(request: SignedInRequest) -> HttpResponse:
    user: Any = request.user
    if not otp.totp_devices(user).exists():
        return redirect("accounts:otp_setup")
    codes = actions.regenerate_recovery_codes(user, request=request)
    messages.success(request, _("New recovery codes were made. The old ones no longer work."))
    return _render_recovery_codes(request, codes, next_url=resolve_url("accounts:settings"))


@require_http_methods(["GET", "POST"])
def otp_disable(request: SignedInRequest) -> HttpResponse:
    """Turn two-factor off, when the user's role allows it. Needs a current code."""
    user: Any = request.user
    if not has_two_factor(user):
        return redirect("accounts:settings")
    if requires_two_factor(user):
        messages.error(request, _("Your role requires two-factor authentication, so it cannot be turned off."))
        return render(request, "accounts/otp_disable.html", {"form": None, "required": True}, status=403)
    form = OtpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = actions.disable_two_factor(user, form.cleaned_data["code"], request=request)
        if result.ok:
            messages.success(request, _("Two-factor authentication is off."))
            return redirect("accounts:settings")
        form.add_error("code", _code_error(result))
    return render(request, "accounts/otp_disable.html", {"form": form, "required": False})

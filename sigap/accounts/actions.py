"""Account verbs. Each runs in one transaction and writes its audit event."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from sigap.accounts import otp
from sigap.accounts.access import requires_two_factor
from sigap.accounts.models import ApiToken, ApiTokenQuerySet, User
from sigap.audit.actions import record

LOGOUT_REASON_ATTR = "_sigap_logout_reason"


def log_out(request: HttpRequest, *, reason: str = "user") -> None:
    """Sign the current user out, recording why (the user asked, or the session was idle).

    The audit row is written by the ``user_logged_out`` receiver in signals.py, so a sign-out
    through any path (the admin's, too) is recorded once.
    """
    setattr(request, LOGOUT_REASON_ATTR, reason)
    logout(request)


@transaction.atomic
def set_language(user: User, language: str, *, request: HttpRequest | None = None) -> None:
    """Remember the user's interface language."""
    if user.language == language:
        return
    user.language = language
    user.save(update_fields=["language", "updated_at"])
    record("accounts.set_language", actor=user, obj=user, request=request, language=language)


# --- Two-factor authentication ----------------------------------------------------------------


@dataclass(frozen=True)
class Enrolment:
    device: TOTPDevice
    recovery_codes: list[str]


def _replace_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=otp.RECOVERY_DEVICE_NAME, confirmed=True)
    codes = otp.new_recovery_codes()
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@transaction.atomic
def enrol_two_factor(user: User, *, key: str, code: str, request: HttpRequest | None = None) -> Enrolment | None:
    """Save an authenticator app once the user proved it works, with fresh recovery codes.

    Replaces any earlier authenticator, so the same verb serves a first enrolment and a new phone.
    Returns None (and records the failure) when the code does not match the secret.
    """
    step = otp.check_pending_totp(key, code)
    if step is None:
        record("accounts.otp_failed", actor=user, obj=user, request=request, purpose="enrol", throttled=False)
        return None
    replaced = otp.totp_devices(user, confirmed=None).exists()
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice.objects.create(
        user=user,
        name=otp.TOTP_DEVICE_NAME,
        key=key,
        digits=otp.TOTP_DIGITS,
        tolerance=otp.TOTP_TOLERANCE,
        confirmed=True,
        # The code just used must not sign in a second time.
        last_t=step,
    )
    codes = _replace_recovery_codes(user)
    record("accounts.otp_enrolled", actor=user, obj=user, request=request, replaced=replaced)
    return Enrolment(device=device, recovery_codes=codes)


@transaction.atomic
def verify_two_factor(user: User, code: str, *, request: HttpRequest | None = None) -> otp.CodeCheck:
    """Check the second factor of a sign-in: an authenticator code or a one-time recovery code.

    A wrong code is recorded and counts towards the device's throttle; it does not raise, so the
    throttle counter is committed together with the audit row.
    """
    result = otp.check_code(user, code)
    if not result.ok:
        record(
            "accounts.otp_failed",
            actor=user,
            obj=user,
            request=request,
            purpose="sign_in",
            throttled=result.retry_at is not None,
        )
        return result
    if result.is_recovery_code:
        record(
            "accounts.recovery_code_used",
            actor=user,
            obj=user,
            request=request,
            remaining=otp.remaining_recovery_codes(user),
        )
    record("accounts.otp_verified", actor=user, obj=user, request=request, recovery_code=result.is_recovery_code)
    return result


@transaction.atomic
def disable_two_factor(user: User, code: str, *, request: HttpRequest | None = None) -> otp.CodeCheck:
    """Remove the authenticator and recovery codes, if policy allows and the code is right."""
    if requires_two_factor(user):
        raise PermissionDenied(_("Your role requires two-factor authentication, so it cannot be turned off."))
    result = otp.check_code(user, code)
    if not result.ok:
        record(
            "accounts.otp_failed",
            actor=user,
            obj=user,
            request=request,
            purpose="disable",
            throttled=result.retry_at is not None,
        )
        return result
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    if request is not None and hasattr(request, "session"):
        request.session.pop(DEVICE_ID_SESSION_KEY, None)
    record("accounts.otp_disabled", actor=user, obj=user, request=request)
    return result


@transaction.atomic
def regenerate_recovery_codes(user: User, *, request: HttpRequest | None = None) -> list[str]:
    """Replace all recovery codes; the old ones stop working at once."""
    if not otp.totp_devices(user).exists():
        raise ValidationError(_("Set up two-factor authentication first."))
    codes = _replace_recovery_codes(user)
    record("accounts.recovery_codes_regenerated", actor=user, obj=user, request=request)
    return codes


@transaction.atomic
def reset_two_factor(user: User, *, by: User, request: HttpRequest | None = None) -> None:
    """An administrator removes a user's second factor (lost phone and codes).

    If policy requires two-factor for the user, they must enrol again at their next sign-in.
    """
    if not by.is_staff:
        raise PermissionDenied
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    record("accounts.otp_reset", actor=by, obj=user, request=request)


# --- API tokens -------------------------------------------------------------------------------


def default_token_expiry() -> datetime:
    return timezone.now() + timedelta(days=settings.SIGAP_API_TOKEN_DAYS)


@transaction.atomic
def create_api_token(
    user: User, *, name: str, expires_at: datetime | None = None, request: HttpRequest | None = None
) -> tuple[ApiToken, str]:
    """Create a personal API token. Returns the token and its key; only a hash of the key is kept.

    It expires after ``SIGAP_API_TOKEN_DAYS`` unless ``expires_at`` says otherwise (at most
    ``SIGAP_API_TOKEN_MAX_DAYS`` ahead). Callers let only a signed-in session (with its second
    factor) get here: a token never creates tokens (see api.py).
    """
    name = name.strip()
    if not name:
        raise ValidationError({"name": [_("Give the token a name, so you can recognise it later.")]})
    now = timezone.now()
    expires_at = expires_at or default_token_expiry()
    if expires_at <= now:
        raise ValidationError({"expires_at": [_("Choose an expiry in the future.")]})
    if expires_at > now + timedelta(days=settings.SIGAP_API_TOKEN_MAX_DAYS):
        raise ValidationError(
            {"expires_at": [_("A token may live at most %(days)d days.") % {"days": settings.SIGAP_API_TOKEN_MAX_DAYS}]}
        )
    key = ApiToken.new_key()
    token = ApiToken(user=user, name=name[:100], expires_at=expires_at)
    token.set_key(key)
    token.save()
    record(
        "accounts.api_token_created",
        actor=user,
        obj=token,
        request=request,
        prefix=token.key_prefix,
        expires_at=token.expires_at.isoformat(),
    )
    return token, key


@transaction.atomic
def revoke_api_token(
    token: ApiToken,
    *,
    by: User | None,
    reason: str = ApiToken.RevokedReason.USER,
    request: HttpRequest | None = None,
) -> ApiToken:
    """Revoke a token: it is refused from now on. Revoking twice changes nothing.

    ``by`` is None when the system revokes it (a password change or deactivation of its owner).
    """
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        return token
    if by is not None and token.user_id != by.pk and not by.is_superuser:
        raise PermissionDenied
    token.revoked_at = timezone.now()
    token.revoked_reason = reason
    token.save(update_fields=["revoked_at", "revoked_reason", "updated_at"])
    record(
        "accounts.api_token_revoked",
        actor=by,
        obj=token,
        request=request,
        actor_label="" if by is not None else "system",
        prefix=token.key_prefix,
        reason=reason,
    )
    return token


@transaction.atomic
def revoke_all_api_tokens(user: User, *, reason: str, request: HttpRequest | None = None) -> int:
    """Revoke every token of ``user`` that still works (their password changed, or they were
    deactivated). Returns how many were revoked."""
    tokens = list(ApiToken.objects.filter(user=user).active())
    for token in tokens:
        revoke_api_token(token, by=None, reason=reason, request=request)
    return len(tokens)


def expire_api_tokens(tokens: ApiTokenQuerySet | None = None) -> int:
    """Put on record the expiry of every token past its date (or of ``tokens``): one audit event
    each. Safe to run twice or at the same time: each token is claimed by a conditional update."""
    candidates = (tokens if tokens is not None else ApiToken.objects.all()).expired_unrecorded()
    count = 0
    for token in candidates.only("pk", "key_prefix", "expires_at", "user_id"):
        with transaction.atomic():
            claimed = (
                ApiToken.objects.filter(pk=token.pk)
                .expired_unrecorded()
                .update(
                    revoked_at=token.expires_at,
                    revoked_reason=ApiToken.RevokedReason.EXPIRED,
                    updated_at=timezone.now(),
                )
            )
            if claimed:
                record(
                    "accounts.api_token_expired",
                    obj=token,
                    actor_label="system",
                    prefix=token.key_prefix,
                    expired_at=token.expires_at.isoformat(),
                )
                count += 1
    return count

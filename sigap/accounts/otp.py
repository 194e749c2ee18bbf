"""Two-factor building blocks: secrets, QR codes, recovery codes and checking a code.

The verbs that change state and write audit events are in :mod:`sigap.accounts.actions`; this
module holds the pieces they and the views share.
"""

from __future__ import annotations

import base64
import io
import re
from binascii import unhexlify
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import segno
from django.db.models import QuerySet
from django.utils import timezone
from django_otp.models import Device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

TOTP_DEVICE_NAME = "authenticator"
RECOVERY_DEVICE_NAME = "recovery"
RECOVERY_CODE_COUNT = 10
TOTP_DIGITS = 6
# Accept the code of the previous and the next 30-second step, for phones whose clock is a bit off.
TOTP_TOLERANCE = 1

_SEPARATORS = re.compile(r"[\s-]+")


def new_secret() -> str:
    """A fresh TOTP secret, hex-encoded as django-otp stores it."""
    return str(random_hex(20))


def secret_for_display(key: str) -> str:
    """The secret in base32, in groups of four, for typing into an authenticator app by hand."""
    b32 = base64.b32encode(unhexlify(key)).decode().rstrip("=")
    return " ".join(b32[i : i + 4] for i in range(0, len(b32), 4))


def provisioning_uri(user: Any, key: str) -> str:
    """The otpauth:// URI an authenticator app reads from the QR code."""
    return str(TOTPDevice(user=user, key=key, digits=TOTP_DIGITS).config_url)


def qr_data_uri(text: str) -> str:
    """An SVG QR code as a base64 data: URI, so the page needs no script and no extra request."""
    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="svg", scale=5, border=2, xmldecl=False)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def normalise_code(raw: str) -> str:
    """Codes may be typed with spaces or dashes and in any case."""
    return _SEPARATORS.sub("", raw or "").lower()


def is_totp_code(code: str) -> bool:
    return len(code) == TOTP_DIGITS and code.isdigit()


def check_pending_totp(key: str, code: str) -> int | None:
    """The time step a code matches for a secret not yet saved on a device, or None."""
    code = normalise_code(code)
    if not is_totp_code(code):
        return None
    totp = TOTP(unhexlify(key), digits=TOTP_DIGITS)
    if totp.verify(int(code), tolerance=TOTP_TOLERANCE):
        return int(totp.t())
    return None


def new_recovery_codes() -> list[str]:
    codes: set[str] = set()
    while len(codes) < RECOVERY_CODE_COUNT:
        codes.add(StaticToken.random_token())
    return sorted(codes)


def format_recovery_code(code: str) -> str:
    """Show ``abcdefgh`` as ``abcd-efgh``: easier to read out and to copy by hand."""
    return f"{code[:4]}-{code[4:]}" if len(code) == 8 else code


def totp_devices(user: Any, *, confirmed: bool | None = True) -> QuerySet[TOTPDevice]:
    qs = TOTPDevice.objects.filter(user=user)
    return qs if confirmed is None else qs.filter(confirmed=confirmed)


def recovery_devices(user: Any) -> QuerySet[StaticDevice]:
    return StaticDevice.objects.filter(user=user, confirmed=True)


def remaining_recovery_codes(user: Any) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@dataclass(frozen=True)
class CodeCheck:
    """The outcome of checking a code: the device that accepted it, or when to try again."""

    device: Device | None = None
    retry_at: datetime | None = None

    @property
    def ok(self) -> bool:
        return self.device is not None

    @property
    def is_recovery_code(self) -> bool:
        return isinstance(self.device, StaticDevice)

    @property
    def wait_seconds(self) -> int:
        if self.retry_at is None:
            return 0
        return max(1, int((self.retry_at - timezone.now()).total_seconds() + 0.999))


def check_code(user: Any, raw: str) -> CodeCheck:
    """Check a code against the user's authenticator (6 digits) or recovery codes (anything else).

    Must run inside a transaction: devices are locked so two requests cannot both use one code.
    Only the kind of device the code looks like is tried, so a mistyped recovery code does not
    count against the authenticator's throttle. Each device throttles itself (django-otp
    ``ThrottlingMixin``): after n failures in a row it refuses every code for 2**(n-1) seconds.
    """
    code = normalise_code(raw)
    if not code:
        return CodeCheck()
    devices: QuerySet[Any] = totp_devices(user) if is_totp_code(code) else recovery_devices(user)
    retry_at = None
    for device in devices.select_for_update():
        allowed, info = device.verify_is_allowed()
        if not allowed:
            locked_until = (info or {}).get("locked_until")
            if locked_until is not None and (retry_at is None or locked_until > retry_at):
                retry_at = locked_until
            continue
        if device.verify_token(code):
            return CodeCheck(device=device)
    return CodeCheck(retry_at=retry_at)

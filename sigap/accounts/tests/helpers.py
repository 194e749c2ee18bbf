"""Two-factor helpers for tests: real TOTP codes computed from a device's key."""

from __future__ import annotations

import time
from binascii import unhexlify
from typing import Any

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP

from sigap.accounts import actions, otp


def totp_code(key: str, *, steps_ahead: int = 0) -> str:
    """The code an authenticator app would show now (or ``steps_ahead`` 30-second steps later)."""
    totp = TOTP(unhexlify(key), digits=otp.TOTP_DIGITS)
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def next_code(device: Any) -> str:
    """A code the device has not accepted yet (the one of the next step, within tolerance)."""
    return totp_code(device.key, steps_ahead=1)


def enrol(user: Any) -> actions.Enrolment:
    key = otp.new_secret()
    enrolment = actions.enrol_two_factor(user, key=key, code=totp_code(key))
    assert enrolment is not None
    return enrolment


def sign_in_verified(client: Any, user: Any, device: Any) -> None:
    """A session that passed both steps, as after the verification page."""
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()

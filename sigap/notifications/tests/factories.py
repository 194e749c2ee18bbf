"""Test data for other apps' tests too (import from here, never from a conftest or a test module)."""

from __future__ import annotations

from typing import Any

from sigap.notifications.actions import notify
from sigap.notifications.models import Kind, Notification


def a_notification(user: Any, case: Any, key: str = "", **kwargs: Any) -> Notification:
    made = notify([user], Kind.CASE_ASSIGNED, case=case, dedupe_key=key or None, **kwargs)
    return made[0] if made else Notification.objects.get(recipient=user, dedupe_key=key)

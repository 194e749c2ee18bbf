from __future__ import annotations

from typing import Any

import pytest

from sigap.cases.tests.factories import make_case
from sigap.notifications.actions import notify
from sigap.notifications.models import Kind, Notification

VICTIM = "Melati Rahasia Sintetis"


@pytest.fixture(autouse=True)
def _english() -> Any:
    """Titles are rendered in the active language: English here, like the test users and client."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def case(cast: Any) -> Any:
    """A case of the caseworker (supervised by the supervisor) with a synthetic victim's name that must
    never appear in a notification or email."""
    return make_case(cast.org, cast.caseworker, victim_values={"full_name": VICTIM})


def a_notification(user: Any, case: Any, key: str = "", **kwargs: Any) -> Notification:
    made = notify([user], Kind.CASE_ASSIGNED, case=case, dedupe_key=key or None, **kwargs)
    return made[0] if made else Notification.objects.get(recipient=user, dedupe_key=key)

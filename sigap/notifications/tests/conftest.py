from __future__ import annotations

from typing import Any

import pytest

from sigap.cases.tests.factories import make_case

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

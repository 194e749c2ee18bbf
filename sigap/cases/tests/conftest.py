"""Case fixtures: one open case of the cast's organisation, made through the verbs."""

from __future__ import annotations

from typing import Any

import pytest

from sigap.cases.models import Case
from sigap.cases.tests.factories import make_case


@pytest.fixture
def case(cast: Any) -> Case:
    """A medium-risk case managed by ``cast.caseworker`` (supervised by ``cast.supervisor``)."""
    return make_case(cast.org, cast.caseworker)


@pytest.fixture
def other_case(cast: Any) -> Case:
    """A case of the other organisation, managed by ``cast.other_caseworker``."""
    return make_case(cast.other_org, cast.other_caseworker)

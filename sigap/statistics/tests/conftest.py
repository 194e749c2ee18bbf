"""Statistics fixtures: seeded cases of two organisations, made through the case verbs."""

from __future__ import annotations

from sigap.statistics.tests.fixtures import seeded  # noqa: F401 (fixtures for every test here)
from sigap.statistics.tests.release_fixtures import offices  # noqa: F401 (the release tests' government offices)

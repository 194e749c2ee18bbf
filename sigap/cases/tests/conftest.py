"""Case fixtures: one open case of the cast's organisation, made through the verbs."""

from __future__ import annotations

from sigap.cases.tests.fixtures import case, demo, other_case  # noqa: F401 (fixtures for every test here)

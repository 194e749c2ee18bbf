"""Test data of the standard forms: the example definition, published, and helpers."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from sigap.forms import actions
from sigap.forms.models import FormVersion

EXAMPLE = Path(__file__).resolve().parent / "data" / "example-screening.json"


def example_schema() -> dict[str, Any]:
    return copy.deepcopy(json.loads(EXAMPLE.read_text(encoding="utf-8")))


def publish_example(schema: dict[str, Any] | None = None) -> FormVersion:
    """The example form created and published by the system (as load_forms does)."""
    definition = actions.create_definition(schema or example_schema(), by=None)
    return actions.publish_version(definition.versions.get(), by=None)


@pytest.fixture
def version(db: Any) -> FormVersion:
    return publish_example()

"""Loading the national forms shipped as JSON files (``sigap/forms/definitions/*.json``)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from sigap.forms import actions
from sigap.forms.models import FormDefinition, FormVersion

DEFINITIONS = Path(__file__).resolve().parent / "definitions"


@dataclass(frozen=True)
class Loaded:
    key: str
    outcome: str  # "created", "published" (a new version), "unchanged"
    version: int


def read_definition(path: Path) -> dict[str, Any]:
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValidationError(f"{path.name}: a form definition is a JSON object")
    return data


@transaction.atomic
def load_definition(data: dict[str, Any]) -> Loaded:
    """Make ``data`` the published version of its national form, unless it already is (then nothing
    is written). A draft someone is editing is replaced by the shipped content only when it changed."""
    definition = FormDefinition.objects.filter(key=data.get("key")).first()
    if definition is not None and definition.organisation_id is not None:
        raise ValidationError(f"{definition.key}: an organisation's own form has this key")
    if definition is None:
        definition = actions.create_definition(data, by=None)
        version = actions.publish_version(definition.versions.get(), by=None)
        return Loaded(definition.key, "created", version.number)
    published = definition.versions.filter(status=FormVersion.Status.PUBLISHED).first()
    if published is not None and published.content_hash == actions.content_hash(data):
        return Loaded(definition.key, "unchanged", published.number)
    draft = actions.save_draft(definition, data, by=None)
    version = actions.publish_version(draft, by=None)
    return Loaded(definition.key, "published", version.number)


def load_forms(directory: Path = DEFINITIONS) -> list[Loaded]:
    """Load every ``*.json`` of ``directory`` in name order; each file is one transaction."""
    return [load_definition(read_definition(path)) for path in sorted(directory.glob("*.json"))]

"""load_forms publishes the shipped definitions, and a new version only when the content changed."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from sigap.forms.models import FormDefinition, FormVersion
from sigap.forms.tests.fixtures import example_schema


def write(folder, schema):
    (folder / f"{schema['key']}.json").write_text(json.dumps(schema), encoding="utf-8")


def load(folder):
    out = StringIO()
    call_command("load_forms", "--directory", str(folder), stdout=out)
    return out.getvalue()


def test_load_forms_is_idempotent_and_versions_changes(db, tmp_path):
    schema = example_schema()
    write(tmp_path, schema)
    assert load(tmp_path) == "example-screening: created (version 1)\n"
    assert load(tmp_path) == "example-screening: unchanged (version 1)\n"
    schema["sections"][0]["questions"][2]["max"] = 3
    write(tmp_path, schema)
    assert load(tmp_path) == "example-screening: published (version 2)\n"
    definition = FormDefinition.objects.get(key="example-screening")
    assert definition.organisation is None
    assert list(definition.versions.values_list("number", "status")) == [
        (2, FormVersion.Status.PUBLISHED),
        (1, FormVersion.Status.RETIRED),
    ]


def test_an_invalid_definition_stops_with_its_problems_and_writes_nothing(db, tmp_path):
    schema = example_schema()
    del schema["sections"]
    write(tmp_path, schema)
    with translation.override("en"), pytest.raises(CommandError, match="list of sections"):
        load(tmp_path)
    assert not FormDefinition.objects.exists()


def test_the_shipped_definitions_load(db):
    call_command("load_forms", stdout=StringIO())
    for version in FormVersion.objects.all():
        assert version.status == FormVersion.Status.PUBLISHED

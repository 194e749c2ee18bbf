"""Whatever JSON comes in (an editor, an import, the API), validation answers with problems, never an exception."""

from __future__ import annotations

import random

from sigap.forms.schema import validate_additions, validate_schema
from sigap.forms.tests.fixtures import example_schema

ODD = [None, True, 0, 1.5, -3, "", "x", "a__b", [], [1], {}, {"x": 1}, {"id": 3}, [{"value": []}], "yes"]


def mutations(data, rng, depth=0):
    """Copies of ``data`` with one value somewhere replaced by an odd one."""
    if isinstance(data, dict) and data:
        key = rng.choice(list(data))
        return {
            **data,
            key: rng.choice(ODD) if depth > 3 or rng.random() < 0.3 else mutations(data[key], rng, depth + 1),
        }
    if isinstance(data, list) and data:
        i = rng.randrange(len(data))
        return [
            *data[:i],
            rng.choice(ODD) if rng.random() < 0.3 else mutations(data[i], rng, depth + 1),
            *data[i + 1 :],
        ]
    return rng.choice(ODD)


def test_odd_definitions_give_problems_not_exceptions():
    rng = random.Random(14)
    base = example_schema()
    for _ in range(400):
        data = mutations(base, rng)
        problems = validate_schema(data)
        assert isinstance(problems, list)
        assert isinstance(
            validate_additions({"sections": data.get("sections") if isinstance(data, dict) else data}, base), list
        )
    for odd in ODD:
        assert validate_schema(odd)
        assert isinstance(validate_additions(odd, base), list)

"""The blind indexes (NIK, phone) have one plain index each: no ``_like`` index no query uses."""

from __future__ import annotations

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("column", "name"), [("nik_index", "person_nik_index_idx"), ("phone_index", "person_phone_index_idx")]
)
def test_a_blind_index_has_one_plain_index_and_no_pattern_index(column, name):
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "cases_person")
    on_column = sorted(n for n, c in constraints.items() if c["index"] and c["columns"] == [column])
    # A blind index is only compared whole (sigap.cases.search): LIKE patterns never need an index.
    assert on_column == [name]

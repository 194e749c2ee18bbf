"""My work of a supervisor reads small partial indexes of open cases, never the whole organisation.

The query plans are checked with EXPLAIN (QUERY PLAN on SQLite). On PostgreSQL sequential and bitmap
scans are turned off for the check: a test database of a few rows would rather read the table, which says
nothing about a table of a million; the point is that the index can serve the query (for the
oldest unassigned cases: in order, without sorting them all).
"""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.utils import timezone

from sigap.cases.models import Case, Stage
from sigap.cases.mywork import caseload_counts, unassigned_cases
from sigap.cases.tests.factories import make_case

pytestmark = pytest.mark.django_db


def query_plan(qs, *, in_order: bool = False, only: str = "") -> str:
    """The plan of ``qs``; on PostgreSQL with sequential and bitmap scans off and, with ``only``, the
    table's other plain indexes dropped for the EXPLAIN (rolled back): at a few rows the planner may
    take any index, so the check is whether this one can serve the query."""
    sql, params = qs.query.get_compiler(using=qs.db).as_sql()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_bitmapscan = off")
            if in_order:  # the index must give the rows in order: no sorting every match
                cursor.execute("SET LOCAL enable_sort = off")
            if only:
                cursor.execute(
                    "SELECT i.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
                    "WHERE x.indrelid = %s::regclass AND i.relname <> %s "
                    "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)",
                    [qs.model._meta.db_table, only],
                )
                for (name,) in cursor.fetchall():
                    cursor.execute(f'DROP INDEX "{name}"')
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = "\n".join(" ".join(str(v) for v in row) for row in cursor.fetchall())
            transaction.set_rollback(True)  # the dropped indexes come back
            return plan
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return "\n".join(" ".join(str(v) for v in row) for row in cursor.fetchall())


@pytest.fixture
def cases(cast):
    made = [make_case(cast.org, cast.caseworker) for _ in range(3)]
    made += [make_case(cast.org, cast.intake_officer) for _ in range(3)]  # nobody manages them yet
    Case.objects.filter(pk__in=[made[0].pk, made[3].pk]).update(stage=Stage.CLOSED, closed_at=timezone.now())
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return made


def test_open_unassigned_cases_are_read_from_their_partial_index_oldest_first(cast, cases):
    found = list(unassigned_cases(cast.supervisor))
    assert found == sorted(cases[4:], key=lambda case: case.registered_at)
    plan = query_plan(unassigned_cases(cast.supervisor)[:21], in_order=True)
    assert "case_open_unassigned_idx" in plan, plan


def test_caseload_counts_are_read_from_the_partial_index_of_open_cases(cast, cases):
    counts = list(caseload_counts({cast.caseworker.pk}, {cast.org.pk}, timezone.now()))
    assert counts == [
        {
            "case_manager_id": cast.caseworker.pk,
            "organisation_id": cast.org.pk,
            "active": 2,
            "overdue": 0,
            "due_week": 2,
        }
    ]
    plan = query_plan(
        caseload_counts({cast.caseworker.pk}, {cast.org.pk}, timezone.now()), only="case_open_manager_due_idx"
    )
    assert "case_open_manager_due_idx" in plan, plan

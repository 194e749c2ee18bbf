"""Migration 0004 chains the audit events written before the hash chain existed."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from sigap.audit.chain import verify
from sigap.audit.models import AuditEvent

BEFORE = [("audit", "0002_refuse_updates")]
AFTER = [("audit", "0004_fill_hash_chain")]


@pytest.mark.django_db(transaction=True)
def test_events_from_before_the_chain_are_hashed_in_order_and_stay_append_only():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old_apps = executor.loader.project_state(BEFORE).apps
    OldEvent = old_apps.get_model("audit", "AuditEvent")
    for i in range(5):
        OldEvent.objects.create(verb="test.old", actor_label=f"old {i}", ip_address="10.0.0.1", details={"i": i})
    try:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(AFTER)
        report = verify(AuditEvent)
        assert report.intact, report.problem
        assert report.rows == 5
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SELECT tgname FROM pg_trigger WHERE tgname LIKE 'audit_%%_no_update'")
            else:
                cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            triggers = {row[0] for row in cursor.fetchall()}
        assert {"audit_auditevent_no_update", "audit_accesslog_no_update"} <= triggers
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())

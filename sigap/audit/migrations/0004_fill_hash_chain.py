"""Chain the audit events written before the hash chain existed, then make both logs append-only
in the database.

Existing events are hashed in id order and the chain head is set to the last one. The UPDATE
trigger on audit events is dropped while they are filled in (SQLite has already lost it: adding the
columns rebuilt the table) and created again, with the same trigger on the access log.
Reversing drops the access log's trigger and leaves the hashes (the columns go with 0003).
"""

from django.db import migrations

from sigap.audit.chain import GENESIS, compute_hash

TABLES = ["audit_auditevent", "audit_accesslog"]

SQLITE_UP = """
CREATE TRIGGER IF NOT EXISTS {table}_no_update
BEFORE UPDATE ON {table}
BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END;
"""
SQLITE_DOWN = "DROP TRIGGER IF EXISTS {table}_no_update;"

POSTGRES_UP = """
CREATE OR REPLACE FUNCTION {table}_refuse_update() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION '{table} is append-only'; END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS {table}_no_update ON {table};
CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table}
FOR EACH ROW EXECUTE FUNCTION {table}_refuse_update();
"""
POSTGRES_DOWN = """
DROP TRIGGER IF EXISTS {table}_no_update ON {table};
DROP FUNCTION IF EXISTS {table}_refuse_update();
"""

UP = {"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}
DOWN = {"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}

# AuditEvent.chain_fields as it was when this migration was written.
EVENT_FIELDS = (
    "created_at",
    "actor_id",
    "actor_label",
    "verb",
    "object_type",
    "object_id",
    "object_label",
    "organisation_id",
    "ip_address",
    "details",
)


def _triggers(sql_by_vendor, table, schema_editor):
    sql = sql_by_vendor.get(schema_editor.connection.vendor)
    if sql:
        schema_editor.execute(sql.format(table=table))


def fill(apps, schema_editor):
    AuditEvent = apps.get_model("audit", "AuditEvent")
    ChainHead = apps.get_model("audit", "ChainHead")
    table = "audit_auditevent"
    _triggers(DOWN, table, schema_editor)
    prev = GENESIS
    count = 0
    batch = []
    rows = AuditEvent.objects.order_by("id").values("id", *EVENT_FIELDS)
    for row in rows.iterator(chunk_size=2000):
        row_hash = compute_hash(table, row, EVENT_FIELDS, prev)
        batch.append(AuditEvent(id=row["id"], prev_hash=prev, row_hash=row_hash))
        prev = row_hash
        count += 1
        if len(batch) >= 1000:
            AuditEvent.objects.bulk_update(batch, ["prev_hash", "row_hash"])
            batch = []
    if batch:
        AuditEvent.objects.bulk_update(batch, ["prev_hash", "row_hash"])
    ChainHead.objects.update_or_create(name=table, defaults={"length": count, "last_hash": prev})
    for name in TABLES:
        _triggers(UP, name, schema_editor)


def unfill(apps, schema_editor):
    _triggers(DOWN, "audit_accesslog", schema_editor)
    apps.get_model("audit", "ChainHead").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_access_log_and_hash_chain")]

    operations = [migrations.RunPython(fill, unfill)]

"""Trigram indexes for name search on PostgreSQL; other databases skip this migration's work.

Name search uses Django's ``icontains``/``istartswith``, which PostgreSQL runs as
``UPPER(name::text) LIKE UPPER(...)``. A GIN index with ``gin_trgm_ops`` on that same expression
lets a search over 83,000 villages use the index instead of reading the whole table. The
``pg_trgm`` extension is created when missing; if the database user may not create it, the
indexes are skipped (search still works, only slower) and a note is printed.
"""

from django.db import DatabaseError, migrations, transaction

TABLES = ["regions_regency", "regions_district", "regions_village"]


def _index_name(table):
    return f"{table}_name_trgm"


def _has_trigram(schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        if cursor.fetchone():
            return True
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DatabaseError as exc:
        print(f"\n  Skipping trigram indexes: cannot create extension pg_trgm ({exc}).")
        return False
    return True


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql" or not _has_trigram(schema_editor):
        return
    for table in TABLES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {_index_name(table)} ON {table} USING gin ((UPPER(name::text)) gin_trgm_ops)"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {_index_name(table)}")


class Migration(migrations.Migration):
    dependencies = [("regions", "0001_regions")]

    operations = [migrations.RunPython(create_indexes, drop_indexes, elidable=False)]

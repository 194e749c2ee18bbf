"""A trigram index on persons' folded names, for the case list's name search on PostgreSQL.

The search matches ``name_folded LIKE '%word%'`` (Django's ``contains``); a GIN index with
``gin_trgm_ops`` lets PostgreSQL answer it without reading every person. ``pg_trgm`` is created
when missing; if the database user may not create it, the index is skipped (search still works,
only slower) and a note is printed. Other databases skip this migration's work.
"""

from django.db import DatabaseError, migrations, transaction

INDEX = "cases_person_name_folded_trgm"


def _has_trigram(schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        if cursor.fetchone():
            return True
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DatabaseError as exc:
        print(f"\n  Skipping the trigram index on person names: cannot create extension pg_trgm ({exc}).")
        return False
    return True


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql" or not _has_trigram(schema_editor):
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON cases_person USING gin ((name_folded::text) gin_trgm_ops)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("cases", "0003_case_list_indexes")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]

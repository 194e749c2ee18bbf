"""Trigram (``pg_trgm``) GIN indexes for ``LIKE '%word%'`` searches, made by migrations on PostgreSQL.

Django's ``contains`` runs on PostgreSQL as ``column::text LIKE '%word%'``; a GIN index with
``gin_trgm_ops`` on that same expression answers it without reading the table. ``pg_trgm`` is
created when missing; if the database user may not create it, the index is skipped (search still
works, only slower) and a note is printed. Every other database skips the work, so a migration
that calls these runs unchanged on SQLite.
"""

from __future__ import annotations

from typing import Any

from django.db import DatabaseError, transaction


def has_trigram(schema_editor: Any) -> bool:
    """Whether ``pg_trgm`` is there (created if the user may); False on other databases."""
    if schema_editor.connection.vendor != "postgresql":
        return False
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


def create_trigram_index(schema_editor: Any, *, name: str, table: str, column: str) -> None:
    """``CREATE INDEX name ON table USING gin ((column::text) gin_trgm_ops)`` on PostgreSQL."""
    if not has_trigram(schema_editor):
        return
    quote = schema_editor.quote_name
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {quote(name)} ON {quote(table)} USING gin (({quote(column)}::text) gin_trgm_ops)"
    )


def drop_trigram_index(schema_editor: Any, *, name: str) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")

"""The hash chain over the append-only audit tables.

Every row of ``AuditEvent`` and ``AccessLog`` carries ``prev_hash`` (the previous row's hash, in id
order, per table; empty for the first row) and ``row_hash``: SHA-256 over a canonical JSON form of
the table's name, the row's ``chain_fields`` and ``prev_hash``. Editing a row changes its hash;
deleting or reordering rows breaks the link from the next row; deleting the last rows no longer
matches the table's ``ChainHead``. ``manage.py verify_audit`` walks the chains.

Writers (``append``) lock the table's chain head with an upsert before reading the previous hash
and keep the lock until their transaction ends, so concurrent writers on PostgreSQL chain one after
another (a second writer's upsert waits, then sees the first one's committed hash). SQLite runs
one writer at a time (transactions start IMMEDIATE). Three queries per append, whatever the number
of rows: lock and read the head, insert, move the head.

The canonical form must never change: rows written under an old form would no longer verify.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.ipv6 import clean_ipv6_address

from sigap.audit.models import ChainHead

GENESIS = ""


def _canonical_value(value: Any) -> Any:
    if isinstance(value, datetime):
        if timezone.is_naive(value):
            value = timezone.make_aware(value, UTC)
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        # PostgreSQL's jsonb gives 1e20 back as an integer; both must hash alike.
        return int(value)
    if isinstance(value, Mapping):
        return {str(k): _canonical_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_canonical_value(v) for v in value]
    return value


def compute_hash(table: str, values: Mapping[str, Any], fields: tuple[str, ...], prev_hash: str) -> str:
    """SHA-256 (hex) of the canonical form of one row: table, fields by attribute name, previous hash."""
    body: dict[str, Any] = {name: _canonical_value(values.get(name)) for name in fields}
    ip = body.get("ip_address")
    if ip and ":" in ip:
        body["ip_address"] = clean_ipv6_address(ip)  # as GenericIPAddressField stores it
    document = {"table": table, "row": body, "prev": prev_hash}
    text = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _row_values(obj: models.Model, fields: tuple[str, ...]) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in fields}


def _lock_head(table: str, count: int) -> str:
    """Take the table's chain head (waiting for any other writer's transaction), return the last hash."""
    head = connection.ops.quote_name("audit_chainhead")
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {head} (name, length, last_hash) VALUES (%s, %s, %s) "  # noqa: S608 - fixed names
            f"ON CONFLICT (name) DO UPDATE SET length = {head}.length + excluded.length "
            "RETURNING last_hash",
            [table, count, GENESIS],
        )
        row = cursor.fetchone()
    return row[0] if row else GENESIS


def _move_head(table: str, last_hash: str) -> None:
    head = connection.ops.quote_name("audit_chainhead")
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {head} SET last_hash = %s WHERE name = %s", [last_hash, table])  # noqa: S608


def append(model: type[Any], objs: list[Any]) -> list[Any]:
    """Insert rows at the end of their table's chain, in the given order, in one INSERT."""
    if not objs:
        return objs
    table = model._meta.db_table
    fields: tuple[str, ...] = model.chain_fields
    # No savepoint inside a caller's transaction: a failure here fails that whole transaction anyway.
    with transaction.atomic(savepoint=False):
        prev = _lock_head(table, len(objs))
        for obj in objs:
            obj.prev_hash = prev
            obj.row_hash = prev = compute_hash(table, _row_values(obj, fields), fields, prev)
        model._default_manager.all().insert_chained(objs)
        _move_head(table, prev)
    return objs


# --- Verifying ------------------------------------------------------------------------------


@dataclass
class ChainReport:
    table: str
    rows: int
    problem: str = ""
    bad_id: int | None = None

    @property
    def intact(self) -> bool:
        return not self.problem


def _rows(model: type[Any], fields: tuple[str, ...]) -> Iterator[dict[str, Any]]:
    # Plain values in id order, a few thousand at a time: the tables may be large.
    qs = model._base_manager.order_by("id").values("id", "prev_hash", "row_hash", *fields)
    return qs.iterator(chunk_size=2000)


def verify(model: type[Any]) -> ChainReport:
    """Walk one table's chain in id order; report the first row that does not fit."""
    table = model._meta.db_table
    fields: tuple[str, ...] = model.chain_fields
    expected_prev = GENESIS
    count = 0
    last_id = None
    for row in _rows(model, fields):
        count += 1
        last_id = row["id"]
        if row["prev_hash"] != expected_prev:
            problem = (
                "does not start the chain (rows before it were deleted)"
                if count == 1
                else "does not follow the row before it (a row was deleted or rows reordered)"
            )
            return ChainReport(table, count, problem, row["id"])
        if compute_hash(table, row, fields, row["prev_hash"]) != row["row_hash"]:
            return ChainReport(table, count, "does not match its hash (the row was edited)", row["id"])
        expected_prev = row["row_hash"]
    head = ChainHead.objects.filter(name=table).first()
    head_hash = head.last_hash if head else GENESIS
    if head_hash != expected_prev:
        return ChainReport(table, count, "is not the end of the chain (rows after it were deleted)", last_id)
    return ChainReport(table, count)

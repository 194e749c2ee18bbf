"""The hash chains over the append-only audit tables.

Every row of ``AuditEvent`` and ``AccessLog`` carries ``prev_hash`` (the previous row's hash in its
chain, in id order; empty for the first row) and ``row_hash``: SHA-256 over a canonical JSON form of
the table's name, the row's ``chain_fields``, ``prev_hash`` and (for a row in a named chain) the
chain's name. Editing a row changes its hash; deleting or reordering rows breaks the link from the
next row; deleting the last rows no longer matches the chain's ``ChainHead``. ``manage.py
verify_audit`` walks the chains.

``AuditEvent`` is one chain. ``AccessLog`` — 50 rows for one page of a case list — has one chain per
organisation (``chain_by``; the row's ``chain`` column holds it), so two organisations' staff never
wait for each other: the only serialisation point is one organisation's chain head. Rows written
before the chains were split, and rows of no organisation, stay in the table's first chain, whose
canonical form is unchanged.

Writers (``append``) lock each chain head they write to with an upsert before reading its previous
hash, in a fixed order (by name), and keep the locks until their transaction ends, so concurrent
writers of one chain on PostgreSQL chain one after another (a second writer's upsert waits, then
sees the first one's committed hash). SQLite runs one writer at a time (transactions start
IMMEDIATE). Queries per append: one insert for all rows, and per chain written to, lock and read
its head, then move it (three queries for a page of one organisation's records).

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
from django.db.models import Q
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


def compute_hash(
    table: str, values: Mapping[str, Any], fields: tuple[str, ...], prev_hash: str, chain: Any = None
) -> str:
    """SHA-256 (hex) of the canonical form of one row: table, fields by attribute name, previous hash,
    and the chain it is in (absent for the table's first chain, as before chains were split)."""
    body: dict[str, Any] = {name: _canonical_value(values.get(name)) for name in fields}
    ip = body.get("ip_address")
    if ip and ":" in ip:
        body["ip_address"] = clean_ipv6_address(ip)  # as GenericIPAddressField stores it
    document: dict[str, Any] = {"table": table, "row": body, "prev": prev_hash}
    if chain:
        document["chain"] = _canonical_value(chain)
    text = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _row_values(obj: models.Model, fields: tuple[str, ...]) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in fields}


def head_name(table: str, chain: Any = None) -> str:
    """The ``ChainHead`` name of a table's chain: the table's own for its first chain."""
    return f"{table}/{chain}" if chain else table


def _lock_head(name: str, count: int) -> str:
    """Take a chain head (waiting for any other writer's transaction), return the last hash."""
    head = connection.ops.quote_name("audit_chainhead")
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {head} (name, length, last_hash) VALUES (%s, %s, %s) "  # noqa: S608 - fixed names
            f"ON CONFLICT (name) DO UPDATE SET length = {head}.length + excluded.length "
            "RETURNING last_hash",
            [name, count, GENESIS],
        )
        row = cursor.fetchone()
    return row[0] if row else GENESIS


def _move_head(name: str, last_hash: str) -> None:
    head = connection.ops.quote_name("audit_chainhead")
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {head} SET last_hash = %s WHERE name = %s", [last_hash, name])  # noqa: S608


def append(model: type[Any], objs: list[Any]) -> list[Any]:
    """Insert rows at the end of their chains, in the given order within each chain, in one INSERT."""
    if not objs:
        return objs
    table = model._meta.db_table
    fields: tuple[str, ...] = model.chain_fields
    chains: dict[Any, list[Any]] = {}
    for obj in objs:
        key = getattr(obj, model.chain_by) if model.chain_by else None
        if model.chain_by:
            obj.chain = key
        chains.setdefault(key, []).append(obj)
    # No savepoint inside a caller's transaction: a failure here fails that whole transaction anyway.
    with transaction.atomic(savepoint=False):
        ends = {}
        for key in sorted(chains, key=lambda key: head_name(table, key)):  # one lock order for all writers
            name = head_name(table, key)
            prev = _lock_head(name, len(chains[key]))
            for obj in chains[key]:
                obj.prev_hash = prev
                obj.row_hash = prev = compute_hash(table, _row_values(obj, fields), fields, prev, key)
            ends[name] = prev
        model._default_manager.all().insert_chained(objs)
        for name, last_hash in ends.items():
            _move_head(name, last_hash)
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
    # Plain values chain by chain in id order, a few thousand at a time: the tables may be large.
    extra = ("chain",) if model.chain_by else ()
    order = ("chain", "id") if model.chain_by else ("id",)
    qs = model._base_manager.order_by(*order).values("id", "prev_hash", "row_hash", *extra, *fields)
    return qs.iterator(chunk_size=2000)


def verify(model: type[Any]) -> ChainReport:
    """Walk each of one table's chains in id order; report the first row that does not fit."""
    table = model._meta.db_table
    fields: tuple[str, ...] = model.chain_fields
    heads = {
        head.name: head.last_hash for head in ChainHead.objects.filter(Q(name=table) | Q(name__startswith=f"{table}/"))
    }
    count = 0
    chain: Any = None
    started = False
    expected_prev = GENESIS
    last_id = None
    seen: set[str] = set()

    def chain_end_problem() -> ChainReport | None:
        name = head_name(table, chain)
        seen.add(name)
        if heads.get(name, GENESIS) != expected_prev:
            return ChainReport(table, count, "is not the end of the chain (rows after it were deleted)", last_id)
        return None

    for row in _rows(model, fields):
        row_chain = row.get("chain")
        if not started or row_chain != chain:
            if started and (ended := chain_end_problem()):
                return ended
            started, chain, expected_prev, position = True, row_chain, GENESIS, 0
        count += 1
        position += 1
        last_id = row["id"]
        if row["prev_hash"] != expected_prev:
            problem = (
                "does not start the chain (rows before it were deleted)"
                if position == 1
                else "does not follow the row before it (a row was deleted or rows reordered)"
            )
            return ChainReport(table, count, problem, row["id"])
        if compute_hash(table, row, fields, row["prev_hash"], row_chain) != row["row_hash"]:
            return ChainReport(table, count, "does not match its hash (the row was edited)", row["id"])
        expected_prev = row["row_hash"]
    if started and (ended := chain_end_problem()):
        return ended
    if not started:
        seen.add(table)
        if heads.get(table, GENESIS) != GENESIS:
            return ChainReport(table, 0, "is not the end of the chain (rows after it were deleted)", None)
    emptied = sorted(name for name, last_hash in heads.items() if name not in seen and last_hash != GENESIS)
    if emptied:
        return ChainReport(table, count, f"chain {emptied[0]} has no rows left (they were deleted)", None)
    return ChainReport(table, count)

"""``/readyz`` (``sigap.core.views.readyz``): whether this app server can take traffic (``/healthz`` only
says it is alive).

A load balancer stops sending requests to a server whose readiness fails: 503 while the database,
the cache or the file storage is unreachable, or while migrations are still to be applied (a new
release started before ``migrate`` ran). JSON, no personal data, no sign-in. The answer is kept
for ``CACHE_SECONDS`` per process, so a flood of probes costs one round of checks a second; the
migration plan, expensive to build, is checked until it is found complete, then trusted for the
life of the process.

The background workers are reported too (``worker``: "ok" while a heartbeat of ``manage.py worker``
is younger than the lease, ``SIGAP_WORKER_LEASE_SECONDS``; "stale" otherwise). A stale worker does
not take the app server out of rotation: every server shares the same workers, so failing readiness
would take the whole service down while casework itself still works (jobs wait in the database and
run when a worker is back). The answer says ``"status": "degraded"`` (still 200) so monitoring can
page someone.
"""

from __future__ import annotations

import os
import secrets
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

CACHE_SECONDS = 1.0
_answer: dict[str, Any] = {"at": 0.0, "body": None}
_migrations_complete = False


def _database() -> bool:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def _cache() -> bool:
    token = secrets.token_hex(8)
    cache.set("sigap:readyz", token, 30)
    return cache.get("sigap:readyz") == token


def _storage() -> bool:
    storage: Any = default_storage
    if isinstance(storage, FileSystemStorage):
        location = storage.location
        return os.path.isdir(location) and os.access(location, os.W_OK)
    storage.exists(".sigap-readyz")  # one round trip to the object store; raises when unreachable
    return True


def _migrations() -> bool:
    global _migrations_complete
    if not _migrations_complete:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        _migrations_complete = not executor.migration_plan(executor.loader.graph.leaf_nodes())
    return _migrations_complete


def _worker() -> bool:
    from datetime import timedelta

    from django.utils import timezone

    from sigap.core.models import WorkerHeartbeat

    fresh_since = timezone.now() - timedelta(seconds=settings.SIGAP_WORKER_LEASE_SECONDS)
    return WorkerHeartbeat.objects.filter(seen_at__gte=fresh_since).exists()


CHECKS: dict[str, Callable[[], bool]] = {
    "database": _database,
    "cache": _cache,
    "storage": _storage,
    "migrations": _migrations,
    "worker": _worker,
}
# Reported, but not a reason to take this server out of rotation (see the module's docstring).
ADVISORY = {"worker": "stale"}


def check() -> dict[str, Any]:
    """Every check's state ("ok", "pending" for migrations, or "error") and the overall status."""
    results: dict[str, str] = {}
    for name, probe in CHECKS.items():
        try:
            ok = probe()
        except Exception:  # noqa: BLE001 - any failure means this server is not ready
            ok = False
        results[name] = "ok" if ok else ADVISORY.get(name, "pending" if name == "migrations" else "error")
    ready = all(value == "ok" for name, value in results.items() if name not in ADVISORY)
    degraded = any(results.get(name) != "ok" for name in ADVISORY)
    status = "error" if not ready else "degraded" if degraded else "ok"
    return {"status": status, "checks": results, "version": settings.VERSION}


def forget() -> None:
    """Drop the kept answer and the migrations verdict (tests; a process that migrated itself)."""
    global _migrations_complete
    _answer.update(at=0.0, body=None)
    _migrations_complete = False


def answer() -> dict[str, Any]:
    """:func:`check`, kept for ``CACHE_SECONDS`` in this process."""
    now = time.monotonic()
    if _answer["body"] is None or now - _answer["at"] > CACHE_SECONDS:
        _answer.update(at=now, body=check())
    return _answer["body"]

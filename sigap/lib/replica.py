"""Reads of reports and statistics from a PostgreSQL streaming replica, never of anything just
written.

With ``DATABASE_REPLICA_URL`` set, the settings add a ``replica`` database and
:class:`ReplicaRouter`. Every query still goes to the primary, except reads made inside
:func:`replica_reads` (or a view wrapped with :func:`reads_from_replica`), which Sigap uses only for
aggregate pages whose figures may be a moment old: the statistics dashboards and open data, and
the reports of the online, referral and training apps. Writes, and reads inside a transaction,
always go to the primary.

A replica lags the primary by a fraction of a second, so a person who has just changed something
would not see it there: :class:`RecentWriteMiddleware` remembers, in the session, when the person
last sent a successful POST, PUT, PATCH or DELETE, and for ``SIGAP_REPLICA_PIN_SECONDS`` after it
their reads stay on the primary. When the replica cannot be reached the reads fall back to the
primary (and say so in the log, once per minute per process).
"""

from __future__ import annotations

import contextvars
import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.http import HttpRequest, HttpResponse

log = logging.getLogger(__name__)

REPLICA = "replica"
SESSION_KEY = "sigap_wrote_at"
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

# Inside replica_reads: how many transactions were open on the primary when it began (a request
# starts with none); a transaction opened since means something is being written.
_reading: contextvars.ContextVar[int | None] = contextvars.ContextVar("sigap_replica_reads", default=None)
_last_warning = {"at": 0.0}


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


def _wrote_recently(request: HttpRequest | None) -> bool:
    session = getattr(request, "session", None)
    if session is None:
        return False
    wrote_at = session.get(SESSION_KEY)
    return wrote_at is not None and time.time() - float(wrote_at) < settings.SIGAP_REPLICA_PIN_SECONDS


def _replica_reachable() -> bool:
    try:
        connections[REPLICA].ensure_connection()
    except DatabaseError:
        now = time.monotonic()
        if now - _last_warning["at"] > 60:
            _last_warning["at"] = now
            log.warning("The database replica cannot be reached; reports read from the primary")
        return False
    return True


def _atomic_depth() -> int:
    return len(connections[DEFAULT_DB_ALIAS].atomic_blocks)


@contextmanager
def replica_reads(request: HttpRequest | None = None) -> Iterator[bool]:
    """Reads inside go to the replica when one is configured, reachable, and ``request``'s person
    wrote nothing in the last ``SIGAP_REPLICA_PIN_SECONDS``; gives whether they do."""
    use = replica_configured() and not _wrote_recently(request) and _replica_reachable()
    token = _reading.set(_atomic_depth() if use else None)
    try:
        yield use
    finally:
        _reading.reset(token)


def reads_from_replica(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A view whose GET reads may come from the replica (its other methods never do)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method not in {"GET", "HEAD"}:
            return view(request, *args, **kwargs)
        with replica_reads(request):
            return view(request, *args, **kwargs)

    wrapped.reads_from_replica = True  # type: ignore[attr-defined]
    return wrapped


class ReplicaRouter:
    """Primary for everything, but reads asked for inside :func:`replica_reads` outside a transaction."""

    def db_for_read(self, model: Any, **hints: Any) -> str:
        depth = _reading.get()
        if depth is not None and _atomic_depth() <= depth:
            return REPLICA
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model: Any, **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # the same data on both

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool:
        return db != REPLICA  # a hot standby is read-only; it follows the primary's schema


class RecentWriteMiddleware:
    """Keeps a person's reads on the primary for a while after they changed something."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if (
            replica_configured()
            and session is not None
            and request.method in WRITE_METHODS
            and response.status_code < 400
        ):
            session[SESSION_KEY] = time.time()
        return response

"""Stored files that follow the database: a failed transaction leaves no file, and a sweep finds
what a crash left behind.

A file must be written before the row that names it commits, and storage is not transactional.
Two things keep them matching:

- ``save_new`` writes a file and, inside ``files_follow_transaction`` (an ``atomic`` block that a
  verb uses instead of ``transaction.atomic``), remembers it; if the block fails, or an enclosing
  ``files_follow_transaction`` fails later, the file is deleted. Django has no "on rollback" hook,
  so an outer transaction that is not one of these cannot take the file with it: the sweep does.
- Apps name the folders they store files in and the rows that point at them
  (``register_stored_files``, from their ``AppConfig.ready``). ``find_orphans`` lists files no row
  names (left by a ``kill -9`` between the write and the commit) older than a day, and
  ``find_missing`` the rows whose file is gone; ``manage.py check_files`` reports both and removes
  old orphans with ``--delete``.
"""

from __future__ import annotations

import contextvars
import logging
from collections.abc import Iterator
from contextlib import ContextDecorator
from dataclasses import dataclass
from datetime import datetime, timedelta
from types import TracebackType
from typing import Any

from django.apps import apps
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

log = logging.getLogger(__name__)

_written: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar("sigap_files_written", default=None)


def save_new(name: str, content: File[Any]) -> str:
    """Write a new file; inside ``files_follow_transaction`` it goes if the transaction fails."""
    stored = default_storage.save(name, content)
    scope = _written.get()
    if scope is not None:
        scope.append(stored)
    return stored


def _delete_quietly(names: list[str]) -> None:
    for name in names:
        try:
            default_storage.delete(name)
        except OSError:  # the sweep will find it
            log.warning("Could not delete %s after a failed transaction", name)


class files_follow_transaction(ContextDecorator):
    """``transaction.atomic`` that also deletes the files ``save_new`` wrote inside it when the
    block fails (or when an enclosing ``files_follow_transaction`` fails later)."""

    def __init__(self, using: str | None = None) -> None:
        self.using = using
        self.names: list[str] = []

    def _recreate_cm(self) -> files_follow_transaction:
        return files_follow_transaction(self.using)  # a fresh one per call of a decorated function

    def __enter__(self) -> files_follow_transaction:
        self._token = _written.set(self.names)
        self._atomic = transaction.atomic(using=self.using)
        self._atomic.__enter__()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        try:
            self._atomic.__exit__(exc_type, exc, tb)  # commits or rolls back; a failed commit raises
        except BaseException:
            _written.reset(self._token)
            _delete_quietly(self.names)
            raise
        _written.reset(self._token)
        if exc_type is not None:
            _delete_quietly(self.names)
            return
        parent = _written.get()
        if parent is not None:
            parent.extend(self.names)


# --- Which rows own which files -------------------------------------------------------------


@dataclass(frozen=True)
class StoredFiles:
    """Files under ``folder`` are named by ``model``'s ``field`` ("" when the row has none);
    ``encrypted`` ones are Fernet tokens (``sigap.lib.crypto``), and ``sha256_field`` names the row's
    SHA-256 of the plain content, when it has one."""

    folder: str
    model: str  # "app_label.ModelName"
    field: str
    encrypted: bool = False
    sha256_field: str = ""

    def model_class(self) -> type[Model]:
        return apps.get_model(self.model)

    def rows(self, using: str | None = None) -> Any:
        return self.model_class()._base_manager.using(using).exclude(**{self.field: ""})

    def referenced(self, using: str | None = None) -> set[str]:
        return set(self.rows(using).values_list(self.field, flat=True))


_registry: dict[str, StoredFiles] = {}


def register_stored_files(
    folder: str, model: str, field: str, *, encrypted: bool = False, sha256_field: str = ""
) -> None:
    _registry[folder] = StoredFiles(folder.strip("/"), model, field, encrypted, sha256_field)


def stored_files() -> list[StoredFiles]:
    return sorted(_registry.values(), key=lambda s: s.folder)


def _walk(folder: str) -> Iterator[str]:
    try:
        dirs, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}"
    for sub in dirs:
        yield from _walk(f"{folder}/{sub}")


@dataclass(frozen=True)
class Orphan:
    name: str
    modified: datetime
    size: int


def find_orphans(*, older_than: timedelta = timedelta(days=1), now: datetime | None = None) -> list[Orphan]:
    """Files in a registered folder that no row names, last written more than ``older_than`` ago
    (a younger one may belong to an upload whose transaction has not committed yet)."""
    cutoff = (now or timezone.now()) - older_than
    orphans = []
    for owner in stored_files():
        known = owner.referenced()
        for name in sorted(set(_walk(owner.folder)) - known):
            modified = default_storage.get_modified_time(name)
            if modified < cutoff:
                orphans.append(Orphan(name, modified, default_storage.size(name)))
    return orphans


@dataclass(frozen=True)
class Missing:
    model: str
    pk: Any
    name: str


def find_missing() -> list[Missing]:
    """Rows that name a file the storage does not have."""
    missing = []
    for owner in stored_files():
        present = set(_walk(owner.folder))
        rows = owner.model_class()._default_manager.exclude(**{owner.field: ""}).values_list("pk", owner.field)
        missing += [Missing(owner.model, pk, name) for pk, name in rows if name not in present]
    return missing


def delete_orphans(orphans: list[Orphan]) -> int:
    """Delete the given orphans unless a row started naming one meanwhile."""
    known: set[str] = set().union(*(owner.referenced() for owner in stored_files()))
    deleted = 0
    for orphan in orphans:
        if orphan.name in known:
            continue
        default_storage.delete(orphan.name)
        deleted += 1
    return deleted

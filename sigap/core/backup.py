"""Backups that restore whole: the database and the files its rows name, taken from one snapshot,
with a manifest; and the check of a restored copy against that manifest (docs/deploy.md, "Backups").

Consistency: the database is read once, from a single snapshot (PostgreSQL: ``pg_dump --snapshot``
of a repeatable-read transaction whose exported snapshot also gives the manifest's counts and the
list of files; SQLite: the online backup API, and the manifest is read from the copy). Stored files
are never changed once written (a new upload, a replaced lesson file or a key rotation writes a new
name), so copying after the snapshot every file the snapshot's rows name gives a matching pair;
files written later are not needed. A file deleted between the snapshot and the copy (a destroyed
image, retention) is listed in the manifest as ``missing_files``.

The encryption keys are not in the backup: the manifest only names which keys (by a fingerprint)
encrypted the files and a sample of the encrypted values, so ``restore_verify`` can say which key
is missing.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from django.apps import apps
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connections, transaction
from django.db.utils import load_backend
from django.utils import timezone

from sigap.lib.fields import encrypted_fields
from sigap.lib.storage import stored_files

FORMAT = 1
MANIFEST = "manifest.json"
SNAPSHOT = "sigap_backup_snapshot"
SAMPLE = 20  # encrypted values read per model to learn which keys the database uses


def fingerprint(key: str) -> str:
    """A key's public name: the first 16 hex digits of its SHA-256 (says nothing about the key)."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def configured_keys() -> dict[str, Fernet]:
    return {fingerprint(key): Fernet(key.encode("ascii")) for key in settings.SIGAP_ENCRYPTION_KEYS}


def key_of(token: bytes, keys: dict[str, Fernet]) -> str | None:
    """The fingerprint of the configured key that made ``token``, or None if none did."""
    for name, fernet in keys.items():
        try:
            fernet.decrypt(token)
        except InvalidToken:
            continue
        return name
    return None


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


@contextmanager
def _alias(**overrides: Any) -> Iterator[str]:
    """A second connection to the database (or, with NAME, to a copy of it) for the snapshot; made
    here, not in DATABASES, so it exists only for this backup."""
    settings_dict = {**connections["default"].settings_dict, **overrides}
    connections[SNAPSHOT] = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, alias=SNAPSHOT)
    try:
        yield SNAPSHOT
    finally:
        connections[SNAPSHOT].close()
        del connections[SNAPSHOT]


def table_counts(using: str) -> dict[str, int]:
    counts = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        counts[model._meta.db_table] = model._base_manager.using(using).count()
    return dict(sorted(counts.items()))


def _audit_heads(using: str) -> dict[str, dict[str, Any]]:
    from sigap.audit.models import ChainHead

    return {
        head.name: {"length": head.length, "last_hash": head.last_hash}
        for head in ChainHead.objects.using(using).order_by("name")
    }


def _value_keys(using: str, keys: dict[str, Fernet]) -> Counter[str]:
    """Which keys made a sample of every model's encrypted values (read raw, not decrypted)."""
    seen: Counter[str] = Counter()
    connection = connections[using]
    for model in apps.get_models():
        for name in encrypted_fields(model):
            column = connection.ops.quote_name(str(getattr(model._meta.get_field(name), "column", name)))
            table = connection.ops.quote_name(model._meta.db_table)
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT {column} FROM {table} WHERE {column} <> '' LIMIT {SAMPLE}"  # noqa: S608 - model names
                )
                for (value,) in cursor.fetchall():
                    seen[key_of(value.encode("ascii"), keys) or "unknown"] += 1
    return seen


@dataclass
class BackupResult:
    directory: Path
    manifest: dict[str, Any]
    timings: dict[str, float] = field(default_factory=dict)


def _dump_sqlite(target: Path) -> None:
    source = connections["default"]
    source.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        source.connection.backup(copy)
    finally:
        copy.close()


def pg_environment(settings_dict: dict[str, Any]) -> dict[str, str]:
    """libpq's variables for pg_dump / pg_restore (the password never on a command line)."""
    env = {
        **os.environ,
        "PGHOST": settings_dict.get("HOST") or "127.0.0.1",
        "PGPORT": str(settings_dict.get("PORT") or 5432),
    }
    env["PGUSER"] = settings_dict.get("USER") or ""
    env["PGDATABASE"] = settings_dict["NAME"]
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    return env


def _pg_dump(using: str, target: Path) -> None:
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        raise RuntimeError("pg_dump is not installed on this machine (apt install postgresql-client)")
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT pg_export_snapshot()")
        (snapshot,) = cursor.fetchone()
    subprocess.run(  # noqa: S603 - fixed program, arguments from settings
        [pg_dump, "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}", f"--file={target}"],
        env=pg_environment(connections[using].settings_dict),
        check=True,
        capture_output=True,
    )


def _copy_files(using: str, directory: Path, keys: dict[str, Fernet]) -> tuple[list[dict[str, Any]], list[str]]:
    copied, missing = [], []
    for owner in stored_files():
        for name in sorted(owner.referenced(using)):
            target = directory / "files" / name
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                with default_storage.open(name, "rb") as source, target.open("wb") as out:
                    shutil.copyfileobj(source, out)
            except FileNotFoundError:
                missing.append(name)
                continue
            entry: dict[str, Any] = {"name": name, "bytes": target.stat().st_size, "sha256": sha256_file(target)}
            if owner.encrypted:
                entry["key"] = key_of(target.read_bytes(), keys)
            copied.append(entry)
    return copied, missing


def backup(directory: Path) -> BackupResult:
    """Write ``directory`` (which must not exist or be empty): the database, the files its rows
    name, and ``manifest.json`` last (a directory without it is an unfinished backup)."""
    directory.mkdir(parents=True, exist_ok=True)
    if any(directory.iterdir()):
        raise FileExistsError(f"{directory} is not empty: give every backup its own directory")
    keys = configured_keys()
    timings: dict[str, float] = {}
    started = time.monotonic()
    vendor = connections["default"].vendor
    if vendor == "sqlite":
        database = directory / "database.sqlite3"
        _dump_sqlite(database)
        timings["database"] = time.monotonic() - started
        with _alias(NAME=str(database), OPTIONS={}) as using:
            manifest = _describe(using, directory, keys, timings)
    elif vendor == "postgresql":
        database = directory / "database.pgdump"
        with _alias() as using, transaction.atomic(using=using):
            with connections[using].cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            _pg_dump(using, database)
            timings["database"] = time.monotonic() - started
            manifest = _describe(using, directory, keys, timings)
    else:
        raise RuntimeError(f"backups support SQLite and PostgreSQL, not {vendor}")
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "vendor": vendor,
        "database": {"file": database.name, "bytes": database.stat().st_size, "sha256": sha256_file(database)},
        **manifest,
    }
    timings["total"] = time.monotonic() - started
    manifest["timings"] = {name: round(seconds, 3) for name, seconds in timings.items()}
    (directory / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
    return BackupResult(directory, manifest, timings)


def _describe(using: str, directory: Path, keys: dict[str, Fernet], timings: dict[str, float]) -> dict[str, Any]:
    started = time.monotonic()
    tables = table_counts(using)
    audit = _audit_heads(using)
    values = _value_keys(using, keys)
    timings["counts"] = time.monotonic() - started
    started = time.monotonic()
    files, missing = _copy_files(using, directory, keys)
    timings["files"] = time.monotonic() - started
    used = Counter(entry["key"] or "unknown" for entry in files if "key" in entry) + values
    return {
        "tables": tables,
        "audit_chain_heads": audit,
        "files": files,
        "missing_files": missing,
        "keys": {
            "configured": list(keys),
            "used": dict(sorted(used.items())),
            "blind_index_key": fingerprint(settings.SIGAP_BLIND_INDEX_KEY),
        },
    }


def read_manifest(directory: Path) -> dict[str, Any]:
    path = directory / MANIFEST
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: the backup did not finish")
    manifest: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT:
        raise ValueError(f"unknown backup format {manifest.get('format')!r}")
    return manifest

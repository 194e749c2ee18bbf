"""Restoring a backup made by ``sigap.core.backup`` into an empty database and media directory, and
checking a restored copy against its manifest (``manage.py restore_verify``)."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import dj_database_url
from cryptography.fernet import InvalidToken
from django.apps import apps
from django.core.files.storage import default_storage
from django.db import connection

from sigap.core import backup as backups
from sigap.lib.storage import find_missing, stored_files


def restore(directory: Path, *, database_url: str, media_root: Path) -> dict[str, float]:
    """Put the backup's database at ``database_url`` (a SQLite file that does not exist yet, or an
    empty PostgreSQL database) and its files under ``media_root`` (missing or empty)."""
    manifest = backups.read_manifest(directory)
    if media_root.exists() and any(media_root.iterdir()):
        raise FileExistsError(f"{media_root} is not empty: restore into an empty media directory")
    target = dj_database_url.parse(database_url)
    timings = {}
    started = time.monotonic()
    dump = directory / manifest["database"]["file"]
    if backups.sha256_file(dump) != manifest["database"]["sha256"]:
        raise ValueError(f"{dump} does not match the manifest's SHA-256: the backup is damaged")
    if manifest["vendor"] == "sqlite":
        if target["ENGINE"] != "django.db.backends.sqlite3":
            raise ValueError("a SQLite backup restores into a SQLite database")
        path = Path(target["NAME"])
        if path.exists():
            raise FileExistsError(f"{path} exists: restore into a new file")
        shutil.copyfile(dump, path)
    else:
        if target["ENGINE"] != "django.db.backends.postgresql":
            raise ValueError("a PostgreSQL backup restores into a PostgreSQL database")
        pg_restore = shutil.which("pg_restore")
        if pg_restore is None:
            raise RuntimeError("pg_restore is not installed on this machine (apt install postgresql-client)")
        subprocess.run(  # noqa: S603 - fixed program
            [pg_restore, "--no-owner", "--no-privileges", "--exit-on-error", f"--dbname={target['NAME']}", str(dump)],
            env=backups.pg_environment(dict(target)),
            check=True,
            capture_output=True,
        )
    timings["database"] = time.monotonic() - started
    started = time.monotonic()
    shutil.copytree(directory / "files", media_root, dirs_exist_ok=True)
    timings["files"] = time.monotonic() - started
    return timings


@dataclass
class Verification:
    problems: list[str] = field(default_factory=list)
    facts: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


def _check_keys(manifest: dict[str, Any], result: Verification) -> set[str]:
    configured = set(backups.configured_keys())
    used = {name: count for name, count in manifest["keys"]["used"].items() if name != "unknown"}
    absent = sorted(set(used) - configured)
    for name in absent:
        result.problems.append(
            f"Encryption key {name} is not in SIGAP_ENCRYPTION_KEYS, but it encrypted {used[name]} of the files and "
            "sampled values in this backup. Without it those files cannot be opened and every page that shows a "
            "narrative fails (UndecryptableError). Restore SIGAP_ENCRYPTION_KEYS from its separate backup."
        )
    if manifest["keys"]["blind_index_key"] != backups.fingerprint(_blind_index_key()):
        result.problems.append(
            "SIGAP_BLIND_INDEX_KEY is not the key of this backup: searching by NIK or phone number finds nothing. "
            "Restore it from its separate backup."
        )
    return set(absent)


def _blind_index_key() -> str:
    from django.conf import settings

    return str(settings.SIGAP_BLIND_INDEX_KEY)


def _check_counts(manifest: dict[str, Any], result: Verification) -> None:
    from sigap.core.backup import table_counts

    counts = table_counts(connection.alias)
    for table, expected in manifest["tables"].items():
        found = counts.get(table)
        if found != expected:
            result.problems.append(f"Table {table}: {found} rows, the manifest says {expected}.")
    result.facts.append(
        f"{len(manifest['tables'])} tables, {sum(manifest['tables'].values())} rows, as in the manifest"
    )


def _check_files(manifest: dict[str, Any], result: Verification) -> None:
    keys = backups.configured_keys()
    expected = {entry["name"]: entry for entry in manifest["files"]}
    readable = 0
    for owner in stored_files():
        rows = owner.rows().values_list(owner.field, *([owner.sha256_field] if owner.sha256_field else []))
        for row in rows:
            name = row[0]
            entry = expected.get(name)
            if entry is None:
                if name not in manifest["missing_files"]:
                    result.problems.append(f"{owner.model} names {name}, which the backup does not list.")
                continue
            try:
                with default_storage.open(name, "rb") as handle:
                    data = handle.read()
            except FileNotFoundError:
                result.problems.append(f"{name} ({owner.model}) is missing from the restored files.")
                continue
            if hashlib.sha256(data).hexdigest() != entry["sha256"]:
                result.problems.append(f"{name} does not match its SHA-256 in the manifest.")
                continue
            if owner.encrypted:
                plain = _decrypt(data, keys)
                if plain is None:
                    result.problems.append(f"{name} ({owner.model}) cannot be decrypted with the configured keys.")
                    continue
                if owner.sha256_field and hashlib.sha256(plain).hexdigest() != row[1]:
                    result.problems.append(f"{name} decrypts to content that does not match its row's SHA-256.")
                    continue
            readable += 1
    for row in find_missing():
        if row.name not in manifest["missing_files"] and row.name in expected:
            result.problems.append(f"{row.model} {row.pk}: file {row.name} is missing.")
    if manifest["missing_files"]:
        result.facts.append(
            f"{len(manifest['missing_files'])} files were already gone when the backup was taken "
            "(deleted between the snapshot and the copy)"
        )
    result.facts.append(f"{readable} of {len(expected)} files present, matching and readable")


def _decrypt(token: bytes, keys: dict[str, Any]) -> bytes | None:
    for fernet in keys.values():
        try:
            return bytes(fernet.decrypt(token))
        except InvalidToken:
            continue
    return None


def _check_values(result: Verification) -> None:
    """Encrypted values (narratives, names) decrypt: a sample of each model, through the ORM."""
    from sigap.lib.crypto import UndecryptableError
    from sigap.lib.fields import encrypted_fields

    checked = 0
    for model in apps.get_models():
        for name in encrypted_fields(model):
            rows = model._base_manager.exclude(**{name: ""}).exclude(**{f"{name}__isnull": True})
            try:
                checked += len(list(rows.values_list(name, flat=True)[: backups.SAMPLE]))
            except UndecryptableError as error:
                result.problems.append(f"{model._meta.label}.{name}: {error}")
    result.facts.append(f"{checked} sampled encrypted values decrypt")


def _check_audit(manifest: dict[str, Any], result: Verification) -> None:
    from sigap.audit.chain import verify
    from sigap.audit.models import AccessLog, AuditEvent

    for model in (AuditEvent, AccessLog):
        report = verify(model)
        if report.intact:
            result.facts.append(f"{report.table}: {report.rows} rows, chain intact")
        else:
            result.problems.append(f"{report.table}: row id {report.bad_id} {report.problem} (verify_audit)")
    heads = backups._audit_heads(connection.alias)
    if heads != manifest["audit_chain_heads"]:
        result.problems.append("The audit chain heads differ from the manifest's.")


def verify_restored(directory: Path) -> Verification:
    """Check the configured database and storage (a restored copy) against the backup's manifest."""
    manifest = backups.read_manifest(directory)
    result = Verification()
    for name, check in [
        ("keys", lambda: _check_keys(manifest, result)),
        ("counts", lambda: _check_counts(manifest, result)),
        ("files", lambda: _check_files(manifest, result)),
        ("values", lambda: _check_values(result)),
        ("audit", lambda: _check_audit(manifest, result)),
    ]:
        started = time.monotonic()
        check()
        result.timings[name] = time.monotonic() - started
    return result

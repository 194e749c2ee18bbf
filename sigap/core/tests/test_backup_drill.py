"""The monthly drill of docs/deploy.md ("Backups"): backup → restore → restore_verify, on the database
this test pass runs on (SQLite and PostgreSQL in CI). It prints its timings and counts.

``restore_verify`` runs as a real ``manage.py`` subprocess pointed at the restored copy, the way an
operator runs it; with the wrong encryption key it must say which key is missing.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from cryptography.fernet import Fernet
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection

from sigap.audit.models import AuditEvent
from sigap.cases import actions
from sigap.cases.actions.records import ATTACHMENT_FOLDER
from sigap.cases.models import Attachment, Case
from sigap.cases.tests import files
from sigap.cases.tests.factories import make_case
from sigap.core.backup import fingerprint
from sigap.lib import crypto

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path / "media"


@pytest.fixture
def restored_database(tmp_path: Path) -> Iterator[str]:
    """An empty database for the restore, on the same server as the test database."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    s = connection.settings_dict
    name = f"{s['NAME']}_restore_{uuid.uuid4().hex[:6]}"
    params = {"host": s["HOST"] or "127.0.0.1", "port": s["PORT"] or 5432, "user": s["USER"], "dbname": "postgres"}
    if s["PASSWORD"]:
        params["password"] = s["PASSWORD"]
    with psycopg.connect(**params, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    try:
        yield f"postgres://{auth}@{params['host']}:{params['port']}/{name}"
    finally:
        with psycopg.connect(**params, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(
    *args: str, database_url: str, media_root: Path, keys: list[str] | None = None
) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media_root),
        "SIGAP_ENCRYPTION_KEYS": ",".join(keys if keys is not None else django_settings.SIGAP_ENCRYPTION_KEYS),
        "SIGAP_BLIND_INDEX_KEY": django_settings.SIGAP_BLIND_INDEX_KEY,
    }
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def some_work(cast: Any) -> list[Attachment]:
    case = make_case(cast.org, cast.caseworker, intake_narrative="Cerita sintetis untuk uji cadangan.")
    make_case(cast.org, cast.caseworker)
    return [
        actions.add_attachment(
            case, actor=cast.caseworker, title=f"Surat sintetis {n}", upload=SimpleUploadedFile(f"{n}.pdf", files.PDF)
        )
        for n in range(3)
    ]


def test_the_backup_drill_restores_a_whole_copy_and_restore_verify_confirms_it(
    cast, media, tmp_path, restored_database, capsys
):
    attachments = some_work(cast)
    orphan = crypto.store_encrypted(b"left by a killed worker", folder=ATTACHMENT_FOLDER)
    backup_dir = tmp_path / "backup"

    started = time.monotonic()
    call_command("backup", "--to", str(backup_dir))
    backup_seconds = time.monotonic() - started
    manifest = json.loads((backup_dir / "manifest.json").read_text())
    assert manifest["vendor"] == connection.vendor
    assert manifest["tables"]["cases_case"] == Case.objects.count() == 2
    assert manifest["tables"]["audit_auditevent"] == AuditEvent.objects.count() > 0
    assert sorted(f["name"] for f in manifest["files"]) == sorted(a.storage_name for a in attachments)
    assert orphan not in {f["name"] for f in manifest["files"]}  # only files the rows name
    current = fingerprint(django_settings.SIGAP_ENCRYPTION_KEYS[0])
    assert {f["key"] for f in manifest["files"]} == {current}
    assert current in manifest["keys"]["used"]
    assert manifest["audit_chain_heads"]["audit_auditevent"]["length"] == AuditEvent.objects.count()
    assert manifest["missing_files"] == []
    assert "SIGAP_ENCRYPTION_KEYS" not in (backup_dir / "manifest.json").read_text()
    for key in django_settings.SIGAP_ENCRYPTION_KEYS:
        assert key not in (backup_dir / "manifest.json").read_text()

    restored_media = tmp_path / "restored-media"
    started = time.monotonic()
    call_command(
        "restore_backup", str(backup_dir), "--database-url", restored_database, "--media-root", str(restored_media)
    )
    restore_seconds = time.monotonic() - started

    started = time.monotonic()
    verified = manage("restore_verify", str(backup_dir), database_url=restored_database, media_root=restored_media)
    verify_seconds = time.monotonic() - started
    assert verified.returncode == 0, verified.stderr + verified.stdout
    assert "The restored copy matches the backup." in verified.stdout
    assert "3 of 3 files present, matching and readable" in verified.stdout
    assert "audit_auditevent: " in verified.stdout and "chain intact" in verified.stdout
    sampled = int(verified.stdout.split(" sampled encrypted values decrypt")[0].rsplit("\n", 1)[-1])
    assert sampled > 0

    with capsys.disabled():
        rows = sum(manifest["tables"].values())
        dump_seconds = manifest["timings"]["database"]
        print(
            f"\nBackup drill on {connection.vendor}: {rows} rows in {len(manifest['tables'])} tables, "
            f"{len(manifest['files'])} files; backup {backup_seconds:.2f}s (database {dump_seconds:.2f}s), "
            f"restore {restore_seconds:.2f}s, restore_verify {verify_seconds:.2f}s (subprocess)\n{verified.stdout}"
        )

    wrong = Fernet.generate_key().decode()
    refused = manage(
        "restore_verify", str(backup_dir), database_url=restored_database, media_root=restored_media, keys=[wrong]
    )
    assert refused.returncode == 1
    assert f"Encryption key {current} is not in SIGAP_ENCRYPTION_KEYS" in refused.stderr
    assert "UndecryptableError" in refused.stderr
    assert "cannot be decrypted with the configured keys" in refused.stderr

    lost = restored_media / attachments[0].storage_name
    lost.unlink()
    damaged = manage("restore_verify", str(backup_dir), database_url=restored_database, media_root=restored_media)
    assert damaged.returncode == 1
    assert f"{attachments[0].storage_name} (cases.Attachment) is missing from the restored files." in damaged.stderr


def test_a_backup_goes_into_a_new_directory_and_a_restore_into_an_empty_one(cast, media, tmp_path):
    some_work(cast)
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "old").write_text("x")
    with pytest.raises(Exception, match="is not empty"):
        call_command("backup", "--to", str(tmp_path / "used"))
    call_command("backup", "--to", str(tmp_path / "backup"))
    with pytest.raises(Exception, match="is not empty"):
        call_command(
            "restore_backup",
            str(tmp_path / "backup"),
            "--database-url",
            f"sqlite:///{tmp_path / 'r.sqlite3'}",
            "--media-root",
            str(tmp_path / "used"),
        )


def test_restore_verify_refuses_an_unfinished_backup(tmp_path):
    (tmp_path / "half").mkdir()
    with pytest.raises(Exception, match="the backup did not finish"):
        call_command("restore_verify", str(tmp_path / "half"))

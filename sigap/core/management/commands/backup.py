"""``manage.py backup --to DIR``: the database and its files from one snapshot, with a manifest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sigap.core.backup import backup


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump of one snapshot, or SQLite's online backup) and every stored file "
        "its rows name into DIR, with manifest.json (counts, checksums, audit chain heads, key fingerprints). "
        "The encryption keys are NOT included: back them up separately."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--to", required=True, type=Path, help="A new, empty directory for this backup.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = backup(options["to"])
        except (FileExistsError, RuntimeError) as error:
            raise CommandError(str(error)) from error
        manifest = result.manifest
        timings = ", ".join(f"{name} {seconds:.2f}s" for name, seconds in manifest["timings"].items())
        self.stdout.write(
            f"Backup in {result.directory}: {manifest['vendor']} database ({manifest['database']['bytes']} bytes), "
            f"{sum(manifest['tables'].values())} rows in {len(manifest['tables'])} tables, "
            f"{len(manifest['files'])} files; {timings}."
        )
        if manifest["missing_files"]:
            self.stderr.write(
                f"{len(manifest['missing_files'])} files named by rows were missing (manifest.json: missing_files); "
                "run manage.py check_files."
            )
        self.stdout.write(
            "Keys used (fingerprints): " + ", ".join(manifest["keys"]["used"]) + ". Back up the keys separately."
        )

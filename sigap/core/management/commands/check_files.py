"""``manage.py check_files``: stored files without rows, and rows without files."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sigap.lib.storage import delete_orphans, find_missing, find_orphans


class Command(BaseCommand):
    help = (
        "List stored files no row points at (left by a crash between writing a file and committing its row) "
        "that are older than --older-than-hours, and rows whose file is missing. --delete removes those "
        "orphans. Exits 1 when a row's file is missing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--delete", action="store_true", help="Delete the orphaned files listed.")
        parser.add_argument(
            "--older-than-hours",
            type=float,
            default=24,
            help="Only files last written longer ago than this (default 24: younger ones may be uploads "
            "whose transaction has not committed yet).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        orphans = find_orphans(older_than=timedelta(hours=options["older_than_hours"]))
        for orphan in orphans:
            self.stdout.write(f"orphan file: {orphan.name} ({orphan.size} bytes, {orphan.modified:%Y-%m-%d %H:%M} UTC)")
        missing = find_missing()
        for row in missing:
            self.stdout.write(f"missing file: {row.model} {row.pk} names {row.name}")
        deleted = delete_orphans(orphans) if options["delete"] else 0
        self.stdout.write(
            f"{len(orphans)} orphaned files"
            + (f", {deleted} deleted" if options["delete"] else "")
            + f"; {len(missing)} rows whose file is missing."
        )
        if missing:
            raise SystemExit(1)

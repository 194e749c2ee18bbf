"""``manage.py load_regions [--path FOLDER] [--dry-run]``: load Indonesia's administrative regions."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from sigap.regions.actions import BATCH_SIZE, load_regions
from sigap.regions.loader import DEFAULT_DATA_DIR, RegionDataError


class DryRunRollback(Exception):
    pass


class Command(BaseCommand):
    help = (
        "Create or update provinces, regencies/cities, districts and villages from CSV files "
        "(default: the files shipped in sigap/regions/data). Safe to run again; deletes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--path",
            type=Path,
            default=DEFAULT_DATA_DIR,
            help="Folder with provinces, regencies, districts and villages .csv or .csv.gz files.",
        )
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE, help="Rows per upsert statement.")
        parser.add_argument("--dry-run", action="store_true", help="Report what would change, write nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        try:
            with transaction.atomic():
                results = load_regions(
                    options["path"], actor_label="manage.py load_regions", batch_size=options["batch_size"]
                )
                if options["dry_run"]:
                    raise DryRunRollback
        except RegionDataError as exc:
            raise CommandError(str(exc)) from exc
        except DryRunRollback:
            self.stdout.write("Dry run: nothing was written.")
        for r in results:
            line = (
                f"{r.level.value:<9} {r.in_files:>7,} in files: {r.created:,} created, {r.updated:,} updated, "
                f"{r.unchanged:,} unchanged"
            )
            if r.only_in_database:
                line += f"; {r.only_in_database:,} kept that the files no longer list"
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(f"Regions loaded in {time.monotonic() - started:.1f} s."))

"""``manage.py restore_backup DIR --database-url URL --media-root PATH``: put a backup into an empty
database and media directory (then point Sigap at them and run ``restore_verify DIR``)."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sigap.core.restore import restore


class Command(BaseCommand):
    help = "Restore a backup made by manage.py backup into an empty database and an empty media directory."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path)
        parser.add_argument("--database-url", required=True, help="A new SQLite file or an empty PostgreSQL database.")
        parser.add_argument("--media-root", required=True, type=Path, help="A missing or empty directory.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            timings = restore(
                options["directory"], database_url=options["database_url"], media_root=options["media_root"]
            )
        except (FileExistsError, FileNotFoundError, ValueError, RuntimeError) as error:
            raise CommandError(str(error)) from error
        except subprocess.CalledProcessError as error:
            raise CommandError(f"pg_restore failed: {error.stderr.decode(errors='replace')[-2000:]}") from error
        self.stdout.write(
            f"Restored: database {timings['database']:.2f}s, files {timings['files']:.2f}s. Now run restore_verify "
            "with DATABASE_URL and MEDIA_ROOT pointing at the restored copy."
        )

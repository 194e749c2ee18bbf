"""``manage.py restore_verify DIR``: check the restored copy Sigap points at against a backup's manifest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sigap.core.restore import verify_restored

SHOWN = 20


class Command(BaseCommand):
    help = (
        "Check the configured database and media (a restored copy) against DIR/manifest.json: the encryption "
        "keys, the row counts, every row's file present, matching and decryptable, encrypted values readable, "
        "and the audit chains intact. Exits 1 with the problems."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = verify_restored(options["directory"])
        except (FileNotFoundError, ValueError) as error:
            raise CommandError(str(error)) from error
        for fact in result.facts:
            self.stdout.write(fact)
        self.stdout.write("Timings: " + ", ".join(f"{name} {s:.2f}s" for name, s in result.timings.items()))
        if result.ok:
            self.stdout.write(self.style.SUCCESS("The restored copy matches the backup."))
            return
        for problem in result.problems[:SHOWN]:
            self.stderr.write(problem)
        if len(result.problems) > SHOWN:
            self.stderr.write(f"… and {len(result.problems) - SHOWN} more problems.")
        raise CommandError(f"The restored copy does not match the backup: {len(result.problems)} problems.")

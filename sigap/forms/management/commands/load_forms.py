"""Load the national standard forms shipped with Sigap (idempotent: a new version only when changed)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from sigap.forms.loader import DEFINITIONS, load_forms


class Command(BaseCommand):
    help = "Load the national standard forms (sigap/forms/definitions/*.json); publishes a version only when changed."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--directory", type=Path, default=DEFINITIONS, help="folder of *.json definitions")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            loaded = load_forms(options["directory"])
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        for item in loaded:
            self.stdout.write(f"{item.key}: {item.outcome} (version {item.version})")
        if not loaded:
            self.stdout.write("No form definitions found.")

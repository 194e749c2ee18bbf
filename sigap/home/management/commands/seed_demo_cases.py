"""``manage.py seed_demo_cases``: see :mod:`sigap.cases.demo` (the plans) and :mod:`sigap.home.demo`."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from sigap.cases.demo import TOTAL_CASES
from sigap.home.demo import seed_demo_cases


class Command(BaseCommand):
    help = "Create about 320 synthetic demo cases in the demo organisations through the verbs (after seed_demo)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cases", type=int, default=TOTAL_CASES, help=f"Total cases (default {TOTAL_CASES}).")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_MODE:
            raise CommandError("seed_demo_cases refuses to run because DEMO_MODE is off (SIGAP_ENV=production).")
        try:
            seed_demo_cases(options["cases"], self.stdout.write)
        except ValueError as error:
            raise CommandError(str(error)) from error

"""Anonymise closed cases past retention: ``manage.py apply_retention [--dry-run]``.

Run it daily (cron or a systemd timer). It is idempotent: a case is anonymised once, and a second
run finds nothing to do. ``--dry-run`` counts what would be anonymised and changes nothing. The
output holds counts and case numbers only, never a name.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sigap.privacy.retention import apply_retention, retention_years


class Command(BaseCommand):
    help = "Anonymise closed cases past the retention period (SIGAP_RETENTION_CLOSED_CASE_YEARS)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Count what would be anonymised; change nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run = options["dry_run"]
        run = apply_retention(dry_run=dry_run)
        verb = "would anonymise" if dry_run else "anonymised"
        self.stdout.write(
            f"Retention {retention_years()} years after closure: {verb} {run.cases} case(s) "
            f"and {run.persons} person(s)."
        )
        if options["verbosity"] > 1:
            for number in run.case_numbers:
                self.stdout.write(f"  {number}")

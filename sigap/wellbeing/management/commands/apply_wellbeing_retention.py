"""Delete wellbeing check-ins older than SIGAP_WELLBEING_RETENTION_MONTHS (run it daily, e.g. from cron;
safe to run twice)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sigap.wellbeing.actions import retention_months
from sigap.wellbeing.tasks import apply_wellbeing_retention_task


class Command(BaseCommand):
    help = "Delete workers' wellbeing check-ins older than the retention period (SIGAP_WELLBEING_RETENTION_MONTHS)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--enqueue", action="store_true", help="Queue the work for the background worker instead of running it now."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            apply_wellbeing_retention_task.enqueue()
            self.stdout.write("Queued.")
            return
        count = apply_wellbeing_retention_task.call()
        self.stdout.write(f"Wellbeing check-ins older than {retention_months()} months deleted: {count}.")

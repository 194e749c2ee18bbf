"""Delete wellbeing check-ins older than SIGAP_WELLBEING_RETENTION_MONTHS; safe to run daily, twice."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from sigap.wellbeing.actions import apply_wellbeing_retention, retention_months


class Command(BaseCommand):
    help = "Delete workers' wellbeing check-ins older than the retention period (SIGAP_WELLBEING_RETENTION_MONTHS)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = apply_wellbeing_retention()
        self.stdout.write(f"Wellbeing check-ins older than {retention_months()} months deleted: {count}.")

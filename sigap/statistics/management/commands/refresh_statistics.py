"""``manage.py refresh_statistics``: rebuild every case's summary rows (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from sigap.statistics.refresh import refresh_all


class Command(BaseCommand):
    help = "Rebuild the statistics summary rows of every case (safe to run any time, any number of times)."

    def handle(self, *args: Any, **options: Any) -> None:
        written = refresh_all()
        self.stdout.write(self.style.SUCCESS(f"{written} summary rows written."))

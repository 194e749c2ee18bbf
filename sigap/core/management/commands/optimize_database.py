"""Refresh the query planner's statistics (SQLite: PRAGMA optimize / ANALYZE; PostgreSQL: ANALYZE).

SQLite chooses good plans for the case list only once it has statistics; PostgreSQL's autovacuum
usually keeps them fresh, but a big import (benchmark, migration of old records) should be followed
by this command. Safe to run at any time; run it weekly from cron on a SQLite install.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand
from django.db import connection


class Command(BaseCommand):
    help = "Refresh the database's query-planner statistics."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("ANALYZE")
                cursor.execute("PRAGMA optimize")
            elif connection.vendor == "postgresql":
                cursor.execute("ANALYZE")
        self.stdout.write(f"Statistics refreshed ({connection.vendor}) in {time.monotonic() - started:.1f} s.")

"""``manage.py requeue_stranded``: put work stranded by a dead worker back in the queue, once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from sigap.core.worker import requeue_stranded


class Command(BaseCommand):
    help = (
        "Queue again the tasks of workers whose heartbeat stopped (and emails whose task was lost). "
        "manage.py worker does this by itself every lease; run this from cron beside a plain db_worker."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        result = requeue_stranded()
        self.stdout.write(f"Queued again: {result.tasks} stranded tasks, {result.emails} emails without a task.")

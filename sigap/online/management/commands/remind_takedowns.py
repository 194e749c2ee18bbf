"""``manage.py remind_takedowns``: remind case managers of takedown requests with no progress for
``SIGAP_TAKEDOWN_REMINDER_DAYS`` (7). Safe to run twice; run it daily from cron or a scheduler.
``--enqueue`` hands the work to the background worker instead of doing it now."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sigap.online import actions
from sigap.online.tasks import remind_stale_takedowns


class Command(BaseCommand):
    help = "Create reminders for takedown requests with no progress for SIGAP_TAKEDOWN_REMINDER_DAYS days."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--enqueue", action="store_true", help="Queue the background task instead.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            remind_stale_takedowns.enqueue()
            self.stdout.write("Queued.")
            return
        made = actions.remind_stale_takedowns()
        self.stdout.write(f"Takedown reminders made: {made}")

"""Record the expiry of API tokens past their date (run it hourly, e.g. from cron; safe to run twice).

An expired token is refused whether or not this has run; the command writes each expiry's audit
event and marks the token expired in the owner's list.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sigap.accounts.tasks import expire_api_tokens


class Command(BaseCommand):
    help = "Record the expiry of API tokens past their date, with an audit event each. Idempotent; run hourly."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--enqueue", action="store_true", help="Queue the work for the background worker instead of running it now."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            expire_api_tokens.enqueue()
            self.stdout.write("Queued.")
            return
        count = expire_api_tokens.call()
        self.stdout.write(f"API tokens expired: {count}")

"""Expire referrals nobody answered in time (run it every hour, e.g. from cron; safe to run twice)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sigap.referrals.tasks import expire_referrals


class Command(BaseCommand):
    help = "Expire referrals still unanswered after their due time. Idempotent; run hourly."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--enqueue", action="store_true", help="Queue the work for the background worker instead of running it now."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            expire_referrals.enqueue()
            self.stdout.write("Queued.")
            return
        count = expire_referrals.call()
        self.stdout.write(f"Referrals expired: {count}")

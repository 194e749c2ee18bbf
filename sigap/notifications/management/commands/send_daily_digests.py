"""Send today's digest of due and overdue work. Run it once every morning (cron or a systemd timer);
running it again the same day sends nothing more."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from sigap.notifications.digest import send_daily_digests


class Command(BaseCommand):
    help = "Send each caseworker and supervisor the digest of their due and overdue work (once a day)."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_daily_digests()
        self.stdout.write(f"Daily digests sent: {sent}")

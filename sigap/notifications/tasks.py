"""Background tasks of the notifications app."""

from __future__ import annotations

from django_tasks import task

from sigap.notifications.digest import send_daily_digests


@task()
def send_daily_digests_task() -> int:
    """Today's digests; safe to run more than once a day (one digest per user and day)."""
    return send_daily_digests()

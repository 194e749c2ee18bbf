"""Background work of the online-abuse app (django-tasks; ``manage.py worker`` runs it)."""

from __future__ import annotations

from django_tasks import task

from sigap.online import actions


@task()
def remind_stale_takedowns() -> int:
    """Reminders for takedown requests with no progress for ``SIGAP_TAKEDOWN_REMINDER_DAYS``.
    Idempotent: run it as often as you like (e.g. hourly from cron with ``manage.py remind_takedowns``)."""
    return actions.remind_stale_takedowns()

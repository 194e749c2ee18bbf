"""Background tasks of the wellbeing app."""

from __future__ import annotations

from django_tasks import task

from sigap.wellbeing.actions import apply_wellbeing_retention


@task()
def apply_wellbeing_retention_task() -> int:
    """Delete expired check-ins; idempotent (what is gone stays gone, nothing else is touched)."""
    return apply_wellbeing_retention()

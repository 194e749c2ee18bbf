"""Background work of the statistics app (django-tasks; ``manage.py worker`` runs it)."""

from __future__ import annotations

from django_tasks import task

from sigap.statistics.refresh import refresh_cases


@task()
def refresh_case(case_id: str, verb: str = "") -> int:
    """Rebuild one case's summary rows; idempotent (the same case twice gives the same rows)."""
    return refresh_cases([case_id], verb=verb)

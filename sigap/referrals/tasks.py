"""Background tasks of referrals."""

from __future__ import annotations

from django_tasks import task

from sigap.referrals.actions import expire_overdue


@task()
def expire_referrals() -> int:
    """Expire referrals unanswered past their due time; safe to run twice (see ``expire_overdue``)."""
    return expire_overdue()

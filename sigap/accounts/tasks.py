"""Background tasks of accounts."""

from __future__ import annotations

from django_tasks import task

from sigap.accounts.actions import expire_api_tokens as expire_api_tokens_now


@task()
def expire_api_tokens() -> int:
    """Put on record the API tokens that reached their expiry; safe to run twice."""
    return expire_api_tokens_now()

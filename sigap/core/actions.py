"""Core verbs: queueing email for the background worker."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction

from sigap.core.models import OutboundEmail


def queue_email(*, to: Sequence[str], subject: str, body: str, html_body: str = "") -> OutboundEmail:
    """Store an email and send it from the worker once the surrounding transaction commits."""
    from sigap.core.tasks import send_email

    email = OutboundEmail.objects.create(
        to=list(to), subject=" ".join(subject.splitlines())[:300], body=body, html_body=html_body
    )
    transaction.on_commit(lambda: send_email.enqueue(str(email.pk)))
    return email

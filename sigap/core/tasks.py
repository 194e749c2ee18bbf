"""Background tasks of the core app."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from sigap.core.models import OutboundEmail

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5


def _retry_later(email_id: str, attempts: int) -> None:
    """Try again after 1, 4, 16, 64 minutes, while attempts remain and the backend can defer."""
    if attempts >= MAX_ATTEMPTS or not send_email.get_backend().supports_defer:
        return
    delay = timedelta(minutes=4 ** (attempts - 1))
    send_email.using(run_after=timezone.now() + delay).enqueue(email_id)


@task()
def send_email(email_id: str) -> str:
    """Send one queued email. Claims the row first, so running twice sends once."""
    Status = OutboundEmail.Status
    claimed = OutboundEmail.objects.filter(
        pk=email_id, status__in=[Status.QUEUED, Status.FAILED], attempts__lt=MAX_ATTEMPTS
    ).update(status=Status.SENDING, attempts=F("attempts") + 1, updated_at=timezone.now())
    if not claimed:
        return "skipped"
    email = OutboundEmail.objects.get(pk=email_id)
    message = EmailMultiAlternatives(
        subject=email.subject, body=email.body, from_email=settings.DEFAULT_FROM_EMAIL, to=list(email.to)
    )
    if email.html_body:
        message.attach_alternative(email.html_body, "text/html")
    try:
        message.send()
    except Exception as exc:  # noqa: BLE001 - any transport failure is recorded and retried
        log.warning("Sending email %s failed (attempt %s): %s", email_id, email.attempts, exc)
        OutboundEmail.objects.filter(pk=email_id).update(status=Status.FAILED, last_error=str(exc)[:2000])
        _retry_later(email_id, email.attempts)
        return "failed"
    OutboundEmail.objects.filter(pk=email_id).update(status=Status.SENT, sent_at=timezone.now(), last_error="")
    return "sent"

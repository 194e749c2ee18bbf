"""Background tasks of the core app."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db.models import F, Q
from django.utils import timezone
from django_tasks import task

from sigap.core.models import OutboundEmail

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# Written on a row whose lease ran out while it was being sent: whether that attempt reached the
# mail server is unknown, so the next one goes out with the same Message-ID.
UNKNOWN_OUTCOME = (
    "The worker sending this email stopped before recording the outcome; sent again with the same Message-ID."
)


def _retry_later(email_id: str, attempts: int) -> None:
    """Try again after 1, 4, 16, 64 minutes, while attempts remain and the backend can defer."""
    if attempts >= MAX_ATTEMPTS or not send_email.get_backend().supports_defer:
        return
    delay = timedelta(minutes=4 ** (attempts - 1))
    send_email.using(run_after=timezone.now() + delay).enqueue(email_id)


def claimable(now: datetime) -> Q:
    """Rows a worker may claim: waiting, failed, or "sending" under a lease that has run out (its
    worker died). A row from before leases existed has none and counts as run out."""
    Status = OutboundEmail.Status
    expired = Q(claimed_until__lt=now) | Q(claimed_until__isnull=True)
    return Q(status__in=[Status.QUEUED, Status.FAILED]) | (Q(status=Status.SENDING) & expired)


def _claim(email_id: str) -> bool:
    """Take the row with a lease, in one conditional update (two workers cannot both win)."""
    now = timezone.now()
    lease = now + timedelta(seconds=settings.SIGAP_EMAIL_LEASE_SECONDS)
    Status = OutboundEmail.Status
    # A lapsed "sending" row first notes that its last attempt's outcome is unknown.
    OutboundEmail.objects.filter(claimable(now), pk=email_id, status=Status.SENDING).update(last_error=UNKNOWN_OUTCOME)
    claimed = OutboundEmail.objects.filter(claimable(now), pk=email_id, attempts__lt=MAX_ATTEMPTS).update(
        status=Status.SENDING, attempts=F("attempts") + 1, claimed_until=lease, updated_at=now
    )
    if not claimed:
        # Out of attempts with the last outcome unknown: stop retrying and say so.
        OutboundEmail.objects.filter(claimable(now), pk=email_id, status=Status.SENDING).update(
            status=Status.FAILED, claimed_until=None, updated_at=now
        )
    return bool(claimed)


def _wait_for_lease(email_id: str) -> str:
    """Another worker holds the row (or held it and died): look again when its lease runs out."""
    email = OutboundEmail.objects.filter(pk=email_id, status=OutboundEmail.Status.SENDING).first()
    if email is None or email.claimed_until is None or not send_email.get_backend().supports_defer:
        return "skipped"
    send_email.using(run_after=email.claimed_until + timedelta(seconds=1)).enqueue(email_id)
    return "deferred"


@task()
def send_email(email_id: str) -> str:
    """Send one queued email. Claims the row first, so running twice sends once.

    The row is marked "sent" while the connection to the mail server is still open, right after the
    server accepted the message: only a crash between that acceptance and the update (milliseconds)
    makes the email go out twice, both times with the same Message-ID.
    """
    Status = OutboundEmail.Status
    if not _claim(email_id):
        return _wait_for_lease(email_id)
    email = OutboundEmail.objects.get(pk=email_id)
    connection = get_connection()
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=list(email.to),
        headers={"Message-ID": email.message_id},
        connection=connection,
    )
    if email.html_body:
        message.attach_alternative(email.html_body, "text/html")
    try:
        connection.open()
        try:
            message.send()
            OutboundEmail.objects.filter(pk=email_id).update(
                status=Status.SENT, sent_at=timezone.now(), claimed_until=None, last_error=""
            )
        finally:
            connection.close()
    except Exception as exc:  # noqa: BLE001 - any transport failure is recorded and retried
        if OutboundEmail.objects.filter(pk=email_id, status=Status.SENT).exists():
            return "sent"  # only closing the connection failed
        log.warning("Sending email %s failed (attempt %s): %s", email_id, email.attempts, exc)
        OutboundEmail.objects.filter(pk=email_id).update(
            status=Status.FAILED, claimed_until=None, last_error=str(exc)[:2000]
        )
        _retry_later(email_id, email.attempts)
        return "failed"
    return "sent"

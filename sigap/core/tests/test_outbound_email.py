from unittest import mock

import pytest
from django.core import mail
from django.db import transaction

from sigap.core.actions import queue_email
from sigap.core.models import OutboundEmail
from sigap.core.tasks import MAX_ATTEMPTS, send_email

pytestmark = pytest.mark.django_db(transaction=True)


def test_queued_email_is_sent_once_after_commit():
    with transaction.atomic():
        email = queue_email(to=["a@example.invalid"], subject="Hello\nthere", body="Body")
        assert len(mail.outbox) == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Hello there"
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT
    assert email.attempts == 1


def test_running_the_task_twice_sends_once():
    email = queue_email(to=["a@example.invalid"], subject="S", body="B")
    assert send_email.call(str(email.pk)) == "skipped"
    assert len(mail.outbox) == 1


def test_email_not_committed_is_never_sent():
    with pytest.raises(RuntimeError), transaction.atomic():
        queue_email(to=["a@example.invalid"], subject="S", body="B")
        raise RuntimeError("rolled back")
    assert len(mail.outbox) == 0
    assert not OutboundEmail.objects.exists()


def test_failed_send_is_recorded_and_can_be_retried_until_the_limit():
    with mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=OSError("smtp down")):
        email = queue_email(to=["a@example.invalid"], subject="S", body="B")
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.FAILED
    assert "smtp down" in email.last_error
    assert send_email.call(str(email.pk)) == "sent"
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT
    assert email.attempts == 2
    OutboundEmail.objects.filter(pk=email.pk).update(status=OutboundEmail.Status.FAILED, attempts=MAX_ATTEMPTS)
    assert send_email.call(str(email.pk)) == "skipped"


def test_failed_send_schedules_a_later_retry_on_the_database_backend(settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    email = queue_email(to=["a@example.invalid"], subject="S", body="B")
    with mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=OSError("smtp down")):
        assert send_email.call(str(email.pk)) == "failed"
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    # The backend stores "no delay" as a far-future sentinel; a retry is due within minutes.
    later = DBTaskResult.objects.filter(run_after__range=(now + timedelta(seconds=30), now + timedelta(minutes=2)))
    assert later.count() == 1
    assert later.get().args_kwargs["args"] == [str(email.pk)]

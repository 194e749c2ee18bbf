"""Work stranded by a dead worker is queued again once its lease expires, for every task kind; an
email whose sender died is sent again under a new lease, with the same Message-ID."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from sigap.core.actions import queue_email
from sigap.core.models import OutboundEmail, WorkerHeartbeat
from sigap.core.tasks import MAX_ATTEMPTS, UNKNOWN_OUTCOME, send_email
from sigap.core.worker import STRANDED_TOO_OFTEN, beat, requeue_stranded
from sigap.notifications.tasks import send_daily_digests_task
from sigap.online.tasks import remind_stale_takedowns
from sigap.referrals.tasks import expire_referrals

pytestmark = pytest.mark.django_db(transaction=True)

EVERY_KIND = [send_daily_digests_task, remind_stale_takedowns, expire_referrals]


@pytest.fixture(autouse=True)
def database_tasks(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.SIGAP_WORKER_LEASE_SECONDS = 60


def claim_as(worker_id: str, *, started: timedelta = timedelta(0)) -> DBTaskResult:
    """The next ready task, claimed the way db_worker claims it, ``started`` ago."""
    with transaction.atomic():
        row = DBTaskResult.objects.ready().get_locked()
        assert row is not None
        row.claim(worker_id)
    DBTaskResult.objects.filter(pk=row.pk).update(started_at=timezone.now() - started)
    return row


def run_ready_tasks() -> None:
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="the-other-worker",
        excluded_queue_names=[],
    ).run()


@pytest.mark.parametrize("kind", EVERY_KIND, ids=lambda t: t.name)
def test_a_task_of_a_worker_whose_heartbeat_stopped_is_queued_again_and_finished_by_another(kind):
    kind.enqueue()
    beat("dead-worker", now=timezone.now() - timedelta(seconds=61))
    row = claim_as("dead-worker")
    assert requeue_stranded().tasks == 1
    run_ready_tasks()
    row.refresh_from_db()
    assert row.status == TaskResultStatus.SUCCESSFUL
    assert row.worker_ids == ["dead-worker", "the-other-worker"]


@pytest.mark.parametrize("kind", EVERY_KIND, ids=lambda t: t.name)
def test_a_task_of_a_live_worker_is_left_running(kind):
    kind.enqueue()
    beat("live-worker", now=timezone.now() - timedelta(seconds=50))
    claim_as("live-worker", started=timedelta(hours=3))
    assert requeue_stranded().tasks == 0
    assert DBTaskResult.objects.get().status == TaskResultStatus.RUNNING


def test_a_task_of_a_worker_without_heartbeats_is_queued_again_only_after_an_hour():
    """A plain db_worker (or one from before heartbeats) gives no sign of life: an hour's grace."""
    expire_referrals.enqueue()
    claim_as("plain-db-worker", started=timedelta(minutes=59))
    assert requeue_stranded().tasks == 0
    DBTaskResult.objects.update(started_at=timezone.now() - timedelta(minutes=61))
    assert requeue_stranded().tasks == 1
    assert DBTaskResult.objects.get().status == TaskResultStatus.READY


def test_two_reapers_at_once_queue_a_stranded_task_once():
    expire_referrals.enqueue()
    beat("dead-worker", now=timezone.now() - timedelta(minutes=5))
    claim_as("dead-worker")
    assert requeue_stranded().tasks == 1
    assert requeue_stranded().tasks == 0


def test_the_requeue_command_reports_what_it_queued(capsys):
    remind_stale_takedowns.enqueue()
    beat("dead-worker", now=timezone.now() - timedelta(minutes=5))
    claim_as("dead-worker")
    call_command("requeue_stranded")
    assert "1 stranded tasks" in capsys.readouterr().out


def test_heartbeats_older_than_a_day_are_forgotten():
    beat("long-gone", now=timezone.now() - timedelta(days=2))
    beat("recent")
    requeue_stranded()
    assert list(WorkerHeartbeat.objects.values_list("worker_id", flat=True)) == ["recent"]


def stranded_email(*, lease_left: timedelta, attempts: int = 1) -> OutboundEmail:
    email = queue_email(to=["a@example.invalid"], subject="S", body="B")
    DBTaskResult.objects.all().delete()
    OutboundEmail.objects.filter(pk=email.pk).update(
        status=OutboundEmail.Status.SENDING, attempts=attempts, claimed_until=timezone.now() + lease_left
    )
    return email


def test_an_email_whose_lease_ran_out_is_sent_again_with_the_same_message_id_and_the_doubt_recorded():
    email = stranded_email(lease_left=-timedelta(seconds=1))
    assert send_email.call(str(email.pk)) == "sent"
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT
    assert email.attempts == 2
    assert email.claimed_until is None
    assert [m.extra_headers["Message-ID"] for m in mail.outbox] == [email.message_id]
    assert email.message_id == f"<{email.pk.hex}@localhost>"


def test_an_email_under_a_live_lease_is_not_sent_twice_but_looked_at_again_when_the_lease_ends():
    email = stranded_email(lease_left=timedelta(minutes=2))
    assert send_email.call(str(email.pk)) == "deferred"
    assert mail.outbox == []
    later = DBTaskResult.objects.get()
    assert later.run_after > timezone.now() + timedelta(minutes=1)


def test_an_email_out_of_attempts_with_an_unknown_outcome_is_marked_failed_not_left_sending():
    email = stranded_email(lease_left=-timedelta(seconds=1), attempts=MAX_ATTEMPTS)
    assert send_email.call(str(email.pk)) == "skipped"
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.FAILED
    assert email.last_error == UNKNOWN_OUTCOME
    assert mail.outbox == []


def test_an_email_stuck_sending_from_before_leases_is_sent_again():
    email = stranded_email(lease_left=timedelta(0))
    OutboundEmail.objects.filter(pk=email.pk).update(claimed_until=None)
    assert send_email.call(str(email.pk)) == "sent"


def test_an_email_whose_task_was_lost_gets_a_new_one_from_the_reaper():
    """The process died between the commit and the enqueue, or with the row "sending"."""
    queued = queue_email(to=["a@example.invalid"], subject="S", body="B")
    sending = stranded_email(lease_left=-timedelta(seconds=1))
    fresh = queue_email(to=["b@example.invalid"], subject="S", body="B")
    DBTaskResult.objects.all().delete()
    old = timezone.now() - timedelta(minutes=11)
    OutboundEmail.objects.filter(pk__in=[queued.pk, sending.pk]).update(updated_at=old)
    assert requeue_stranded().emails == 2
    assert requeue_stranded().emails == 0  # not again before the grace
    queued_again = sorted(t.args_kwargs["args"][0] for t in DBTaskResult.objects.all())
    assert queued_again == sorted([str(queued.pk), str(sending.pk)])
    assert str(fresh.pk) not in queued_again
    run_ready_tasks()
    assert OutboundEmail.objects.filter(status=OutboundEmail.Status.SENT).count() == 2
    assert len(mail.outbox) == 2


def test_a_failed_email_whose_retry_was_lost_is_tried_again_after_its_delay():
    email = queue_email(to=["a@example.invalid"], subject="S", body="B")
    DBTaskResult.objects.all().delete()
    OutboundEmail.objects.filter(pk=email.pk).update(
        status=OutboundEmail.Status.FAILED, attempts=2, updated_at=timezone.now() - timedelta(minutes=13)
    )
    assert requeue_stranded().emails == 0  # its retry is due 4 minutes after, plus the grace
    OutboundEmail.objects.filter(pk=email.pk).update(updated_at=timezone.now() - timedelta(minutes=15))
    assert requeue_stranded().emails == 1


def test_a_task_whose_workers_died_five_times_fails_instead_of_killing_another():
    expire_referrals.enqueue()
    beat("dead-worker", now=timezone.now() - timedelta(minutes=5))
    claim_as("dead-worker")
    DBTaskResult.objects.update(worker_ids=["w1", "w2", "w3", "w4", "dead-worker"])
    assert requeue_stranded().tasks == 0
    row = DBTaskResult.objects.get()
    assert row.status == TaskResultStatus.FAILED
    assert row.exception_class_path == STRANDED_TOO_OFTEN
    assert "died 5 times" in row.traceback

"""Background work that survives a crash: worker heartbeats and the reaper of stranded work.

django-tasks-db marks a task "running" when a worker claims it and never looks at it again, so a
worker killed mid-task (``kill -9``, out of memory, a lost machine) left it "running" for ever.
``manage.py worker`` (``db_worker`` plus a heartbeat) writes a ``WorkerHeartbeat`` every few
seconds; ``requeue_stranded`` puts a running task back in the queue once its worker's heartbeat is
older than the lease, and re-enqueues emails whose sending task was lost. Every task is idempotent
(emails by their row's claim, digests one per user and day, reminders and expiry by their state),
so work that runs again finishes once.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import OperationalError, close_old_connections, connection
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from sigap.core.models import OutboundEmail, WorkerHeartbeat

log = logging.getLogger(__name__)

# A task claimed by a worker that never sent a heartbeat (a plain ``db_worker``, or one from
# before heartbeats existed) is taken as stranded only after this long.
NO_HEARTBEAT_GRACE = timedelta(hours=1)
# A queued email with no worker on it for this long lost its task (the process died between
# the commit and the enqueue): it gets a new one. Extra tasks are harmless (the claim decides).
QUEUED_EMAIL_GRACE = timedelta(minutes=10)
# A task whose workers died this many times is probably what kills them (memory): it fails instead
# of taking down one worker after another.
MAX_CLAIMS = 5
STRANDED_TOO_OFTEN = "sigap.core.worker.StrandedTooOften"


def lease() -> timedelta:
    return timedelta(seconds=settings.SIGAP_WORKER_LEASE_SECONDS)


def beat(worker_id: str, *, now: datetime | None = None) -> None:
    """Record that ``worker_id`` is alive."""
    now = now or timezone.now()
    updated = WorkerHeartbeat.objects.filter(worker_id=worker_id).update(seen_at=now, updated_at=now)
    if not updated:
        WorkerHeartbeat.objects.get_or_create(worker_id=worker_id, defaults={"seen_at": now})


@dataclass
class Requeued:
    tasks: int = 0
    emails: int = 0


def requeue_stranded(*, now: datetime | None = None) -> Requeued:
    """Hand stranded work to the next free worker; safe to run from several workers at once."""
    now = now or timezone.now()
    result = Requeued(tasks=_requeue_tasks(now), emails=_requeue_emails(now))
    WorkerHeartbeat.objects.filter(seen_at__lt=now - timedelta(days=1)).delete()
    return result


def _requeue_tasks(now: datetime) -> int:
    running = list(
        DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).values(
            "id", "worker_ids", "started_at", "task_path"
        )
    )
    if not running:
        return 0
    owners = {row["worker_ids"][-1] for row in running if row["worker_ids"]}
    seen = dict(WorkerHeartbeat.objects.filter(worker_id__in=owners).values_list("worker_id", "seen_at"))
    requeued = 0
    for row in running:
        owner = row["worker_ids"][-1] if row["worker_ids"] else ""
        last_sign = seen.get(owner)
        if last_sign is not None:
            stranded = last_sign < now - lease()
        else:
            stranded = row["started_at"] is None or row["started_at"] < now - NO_HEARTBEAT_GRACE
        if not stranded:
            continue
        # Conditional on the claim we saw, so two reapers requeue it once and a live re-run stays.
        claim = DBTaskResult.objects.filter(pk=row["id"], status=TaskResultStatus.RUNNING, started_at=row["started_at"])
        if len(row["worker_ids"]) >= MAX_CLAIMS:
            claim.update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                exception_class_path=STRANDED_TOO_OFTEN,
                traceback=f"The workers running this task died {len(row['worker_ids'])} times; it is not run again.",
            )
            log.error("Task %s (%s) stranded %d times: marked failed", row["id"], row["task_path"], MAX_CLAIMS)
        elif claim.update(status=TaskResultStatus.READY):
            requeued += 1
            log.warning(
                "Task %s (%s) of worker %s was stranded and is queued again", row["id"], row["task_path"], owner
            )
    return requeued


def _requeue_emails(now: datetime) -> int:
    from sigap.core.tasks import MAX_ATTEMPTS, claimable, send_email

    Status = OutboundEmail.Status
    lost = OutboundEmail.objects.filter(claimable(now), attempts__lt=MAX_ATTEMPTS).filter(
        status__in=[Status.QUEUED, Status.SENDING], updated_at__lt=now - QUEUED_EMAIL_GRACE
    )
    # A failed row waits for its retry (1, 4, 16, 64 minutes); one whose retry task was lost too.
    failed = OutboundEmail.objects.filter(status=Status.FAILED, attempts__lt=MAX_ATTEMPTS)
    ids = list(lost.values_list("pk", flat=True))
    for email in failed.only("pk", "attempts", "updated_at"):
        if email.updated_at < now - timedelta(minutes=4 ** max(email.attempts - 1, 0)) - QUEUED_EMAIL_GRACE:
            ids.append(email.pk)
    for pk in ids:
        OutboundEmail.objects.filter(pk=pk).update(updated_at=now)  # not again before the grace
        send_email.enqueue(str(pk))
    if ids:
        log.warning("%d emails had lost their sending task and are queued again", len(ids))
    return len(ids)


class Heartbeat(threading.Thread):
    """Beats for ``worker_id`` every quarter lease and runs the reaper every lease, on its own
    database connection, until the process ends (a killed process stops beating: that is the point)."""

    def __init__(self, worker_id: str) -> None:
        super().__init__(name=f"heartbeat-{worker_id[:8]}", daemon=True)
        self.worker_id = worker_id
        self.stopped = threading.Event()

    def tick(self, *, reap: bool) -> None:
        try:
            close_old_connections()
            beat(self.worker_id)
            if reap:
                requeue_stranded()
        except OperationalError as exc:  # a busy or unreachable database: try again next beat
            log.warning("Worker heartbeat failed: %s", exc)
        finally:
            connection.close()

    def run(self) -> None:
        interval = max(lease().total_seconds() / 4, 0.2)
        beats = 0
        while not self.stopped.is_set():
            self.tick(reap=beats % 4 == 0)
            beats += 1
            self.stopped.wait(interval)

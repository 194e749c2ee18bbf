"""A worker killed (``kill -9``) in the middle of sending an email: another worker finishes the job.

Real ``manage.py worker`` subprocesses on a real database: on PostgreSQL the test database itself;
on SQLite the in-memory test database copied to a file (the online backup API) and copied back for
the assertions. The email backend is ``sigap.core.tests.mailbox.FileMailbox``, which counts
deliveries in a file and can hang just before or just after delivering.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from sigap.core.actions import queue_email
from sigap.core.models import OutboundEmail

pytestmark = pytest.mark.django_db(transaction=True)

LEASE_SECONDS = 2


class WorkerDatabase:
    """The test database as a worker subprocess sees it."""

    def __init__(self, tmp_path: Path) -> None:
        self.sqlite_file = tmp_path / "worker.sqlite3" if connection.vendor == "sqlite" else None

    def url(self) -> str:
        if self.sqlite_file is not None:
            return f"sqlite:///{self.sqlite_file}"
        s = connection.settings_dict
        auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
        return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"

    def hand_over(self) -> None:
        """Make what the test wrote visible to the subprocess."""
        if self.sqlite_file is not None:
            connection.ensure_connection()
            target = sqlite3.connect(self.sqlite_file)
            connection.connection.backup(target)
            target.close()

    def take_back(self) -> None:
        """Make what the subprocesses wrote visible to the test's ORM."""
        if self.sqlite_file is not None:
            connection.ensure_connection()
            source = sqlite3.connect(self.sqlite_file)
            source.backup(connection.connection)
            source.close()

    def email_status(self, pk: Any) -> str:
        if self.sqlite_file is None:
            return OutboundEmail.objects.get(pk=pk).status
        with sqlite3.connect(self.sqlite_file) as db:
            return db.execute("SELECT status FROM core_outboundemail WHERE id = ?", [pk.hex]).fetchone()[0]


@pytest.fixture
def worker_db(tmp_path: Path) -> WorkerDatabase:
    return WorkerDatabase(tmp_path)


@pytest.fixture
def mailbox(tmp_path: Path) -> Path:
    return tmp_path / "mailbox.jsonl"


def start_worker(db: WorkerDatabase, mailbox: Path, log: Path, *, hang: str = "") -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": db.url(),
        "SIGAP_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "EMAIL_BACKEND": "sigap.core.tests.mailbox.FileMailbox",
        "SIGAP_TEST_MAILBOX": str(mailbox),
        "SIGAP_TEST_MAIL_HANG": hang,
        "SIGAP_WORKER_LEASE_SECONDS": str(LEASE_SECONDS),
        "SIGAP_EMAIL_LEASE_SECONDS": str(LEASE_SECONDS),
    }
    command = [sys.executable, "manage.py", "worker", "--interval", "0.2", "--no-startup-delay", "--no-reload"]
    with log.open("ab") as out:
        return subprocess.Popen(command, cwd=django_settings.BASE_DIR, env=env, stdout=out, stderr=out)  # noqa: S603


def wait_for(predicate: Any, what: str, log: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what}; worker log:\n{log.read_text(errors='replace')[-3000:]}")


def deliveries(mailbox: Path) -> list[dict[str, Any]]:
    if not mailbox.exists():
        return []
    return [json.loads(line) for line in mailbox.read_text().splitlines()]


@pytest.fixture
def database_tasks(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def kill_mid_send(
    worker_db: WorkerDatabase, mailbox: Path, tmp_path: Path, *, hang: str
) -> tuple[OutboundEmail, DBTaskResult]:
    email = queue_email(to=["survivor@example.invalid"], subject="Appointment", body="Tomorrow at ten.")
    worker_db.hand_over()
    log = tmp_path / "workers.log"
    first = start_worker(worker_db, mailbox, log, hang=hang)
    try:
        wait_for(mailbox.with_name(mailbox.name + ".hanging").exists, "the first worker to hang mid-send", log)
        os.kill(first.pid, signal.SIGKILL)
        first.wait(10)
    finally:
        if first.poll() is None:
            first.kill()
    assert worker_db.email_status(email.pk) == OutboundEmail.Status.SENDING  # stranded, as in the trial
    second = start_worker(worker_db, mailbox, log)
    try:
        wait_for(lambda: worker_db.email_status(email.pk) == OutboundEmail.Status.SENT, "the second worker", log)
    finally:
        second.send_signal(signal.SIGTERM)
        try:
            second.wait(20)
        except subprocess.TimeoutExpired:
            second.kill()
            second.wait(10)
    worker_db.take_back()
    email.refresh_from_db()
    finished = DBTaskResult.objects.filter(status=TaskResultStatus.SUCCESSFUL, return_value="sent")
    (task,) = [t for t in finished if t.args_kwargs["args"] == [str(email.pk)]]
    return email, task


def test_a_worker_killed_before_the_mail_server_took_the_email_leaves_it_to_another_that_sends_it_once(
    worker_db, mailbox, tmp_path, database_tasks
):
    email, task = kill_mid_send(worker_db, mailbox, tmp_path, hang="before")
    assert [d["message_id"] for d in deliveries(mailbox)] == [email.message_id]
    assert email.attempts == 2
    assert email.sent_at is not None
    assert len(set(task.worker_ids)) == 2  # claimed by the killed worker, finished by the other
    assert task.return_value == "sent"
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).exists()


def test_a_worker_killed_after_the_mail_server_took_the_email_is_followed_by_one_resend_with_the_same_message_id(
    worker_db, mailbox, tmp_path, database_tasks
):
    """The one window that remains: accepted by the server, killed before the row learnt it. The
    email goes out again (at least once), with the same Message-ID, so it can be recognised."""
    email, task = kill_mid_send(worker_db, mailbox, tmp_path, hang="after")
    ids = [d["message_id"] for d in deliveries(mailbox)]
    assert ids == [email.message_id, email.message_id]
    assert email.status == OutboundEmail.Status.SENT
    assert email.last_error == ""
    assert len(set(task.worker_ids)) == 2
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).exists()

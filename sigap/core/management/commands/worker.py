"""``manage.py worker``: django-tasks-db's ``db_worker`` with a heartbeat, so work survives a crash."""

from __future__ import annotations

import os
from typing import Any

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands import db_worker

from sigap.core.worker import Heartbeat


class Command(db_worker.Command):
    help = (
        "Run background tasks (as db_worker) with a heartbeat; tasks of workers that died are run again "
        "once their lease (SIGAP_WORKER_LEASE_SECONDS) expires."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        reloader_parent = options.get("reload") and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true"
        if not reloader_parent:  # with --reload only the child process runs tasks
            heartbeat = Heartbeat(options["worker_id"])
            heartbeat.tick(reap=True)
            heartbeat.start()
        super().handle(*args, **options)

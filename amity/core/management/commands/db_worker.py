"""``db_worker`` of django-tasks-db that outlives a transient database error.

The stock worker exits when the database is locked at the wrong moment (SQLite under a long
write) or the connection drops (PostgreSQL restarted): imports, reports and reminders then stop
until someone restarts it. This one logs the error, closes its connections and goes on after a
pause that doubles up to ``MAX_PAUSE`` seconds. Run it under a supervisor anyway (systemd
``Restart=always``, README).

A worker killed while it ran a task leaves that task "running" in the queue for ever. Each worker
here is named after its host and process (``host:pid:random``) and, when it starts, fails the
running tasks of workers of the same host whose process is gone; Amity's import, erasure and report
jobs say what happened to their own work (``import_jobs_expire``, ``reports_expire_jobs``).
"""

import logging
import os
import socket
import time

from django.db import DatabaseError, connections
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks.base import TaskResultStatus
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger("amity.worker")

FIRST_PAUSE = 1.0
MAX_PAUSE = 30.0
#: After this many seconds without an error the pause starts again from ``FIRST_PAUSE``.
CALM_AFTER = 300.0


class WorkerLost(Exception):
    """The worker running the task stopped (killed, or its machine restarted) before it finished."""


def worker_name() -> str:
    """A worker id that says where the worker runs, so another one on the same host can tell
    whether it still lives (ids are at most 64 characters)."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{get_random_string(8)}"


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive
        return True
    return True


def lost_tasks_fail(*, host: str | None = None) -> list[DBTaskResult]:
    """Fail the tasks left running by dead workers of ``host`` (this one by default). Workers of
    other hosts, and ids not of the ``host:pid:random`` form, are left alone: nothing here can tell
    whether they live."""
    host = host or socket.gethostname()[:40]
    lost = []
    for result in DBTaskResult.objects.running().filter(worker_ids__isnull=False):
        last = (result.worker_ids or [""])[-1].split(":")
        if len(last) != 3 or last[0] != host or not last[1].isdigit() or _process_alive(int(last[1])):
            continue
        # conditional: a worker that finished the task meanwhile keeps its result
        if DBTaskResult.objects.filter(pk=result.pk, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.FAILED,
            finished_at=timezone.now(),
            return_value=None,
            exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
            traceback=f"{WorkerLost.__name__}: worker {':'.join(last)} stopped while it ran this task",
        ):
            logger.warning("Task %s (%s) failed: its worker %s stopped", result.pk, result.task_path, last[1])
            lost.append(result)
    return lost


class RetryingWorker(db_worker.Worker):
    def run(self) -> None:
        lost_tasks_fail()
        pause, last_error = FIRST_PAUSE, 0.0
        while True:
            try:
                return super().run()
            except DatabaseError:
                now = time.monotonic()
                if now - last_error > CALM_AFTER:
                    pause = FIRST_PAUSE
                last_error = now
                logger.exception("Database error in the task worker; retrying in %.0f s", pause)
                connections.close_all()
                if not self.running:
                    return None
                time.sleep(pause)
                pause = min(pause * 2, MAX_PAUSE)


class Command(db_worker.Command):
    help = db_worker.Command.help + " Transient database errors are logged and retried."

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(worker_id=worker_name())

    def handle(self, *args, **options):
        original = db_worker.Worker
        db_worker.Worker = RetryingWorker  # the stock handle() builds the worker by this name
        try:
            return super().handle(*args, **options)
        finally:
            db_worker.Worker = original

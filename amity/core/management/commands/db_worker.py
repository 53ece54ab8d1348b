"""``db_worker`` of django-tasks-db that outlives a transient database error.

The stock worker exits when the database is locked at the wrong moment (SQLite under a long
write) or the connection drops (PostgreSQL restarted): imports, reports and reminders then stop
until someone restarts it. This one logs the error, closes its connections and goes on after a
pause that doubles up to ``MAX_PAUSE`` seconds. A task whose result could not be recorded stays
"running" in the queue; the import and report jobs expire by themselves (``import_jobs_expire``,
``reports_expire_jobs``). Run it under a supervisor anyway (systemd ``Restart=always``, README).
"""

import logging
import time

from django.db import DatabaseError, connections
from django_tasks_db.management.commands import db_worker

logger = logging.getLogger("amity.worker")

FIRST_PAUSE = 1.0
MAX_PAUSE = 30.0
#: After this many seconds without an error the pause starts again from ``FIRST_PAUSE``.
CALM_AFTER = 300.0


class RetryingWorker(db_worker.Worker):
    def run(self) -> None:
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

    def handle(self, *args, **options):
        original = db_worker.Worker
        db_worker.Worker = RetryingWorker  # the stock handle() builds the worker by this name
        try:
            return super().handle(*args, **options)
        finally:
            db_worker.Worker = original

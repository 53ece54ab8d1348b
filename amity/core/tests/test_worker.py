"""The task worker goes on after a transient database error instead of exiting."""

from unittest import mock

from django.db import OperationalError
from django.test import TestCase
from django_tasks_db.models import DBTaskResult

from amity.core.management.commands import db_worker


class WorkerSurvivesDatabaseErrorsTests(TestCase):
    """``manage.py db_worker`` runs this worker (amity.core's command comes before django-tasks-db's)."""

    def test_the_command_is_ours(self):
        from django.core.management import get_commands

        self.assertEqual(get_commands()["db_worker"], "amity.core")

    def test_a_locked_database_and_a_dropped_connection_are_logged_and_retried(self):
        ready = DBTaskResult.objects.ready
        calls = []

        def flaky():
            calls.append(1)
            if len(calls) == 1:
                raise OperationalError("database is locked")
            if len(calls) == 2:
                raise OperationalError("server closed the connection unexpectedly")
            return ready()

        with (
            mock.patch.object(DBTaskResult.objects, "ready", side_effect=flaky),
            mock.patch.object(db_worker.time, "sleep") as slept,
            # not the test's own transaction and connection
            mock.patch.object(db_worker.connections, "close_all") as closed,
            mock.patch.object(db_worker.db_worker, "close_old_connections"),
            self.assertLogs("amity.worker", "ERROR") as logs,
        ):
            worker = db_worker.RetryingWorker(
                queue_names=["default"],
                interval=0,
                batch=True,
                backend_name="default",
                startup_delay=False,
                max_tasks=None,
                worker_id="test",
                excluded_queue_names=[],
            )
            worker.run()
        self.assertEqual(len(calls), 3)  # the third pass found the queue empty and the batch ended
        self.assertEqual([c.args[0] for c in slept.call_args_list], [1.0, 2.0])
        self.assertEqual(closed.call_count, 2)  # a fresh connection after each error
        self.assertEqual(len(logs.records), 2)
        self.assertIn("server closed the connection", logs.output[1])

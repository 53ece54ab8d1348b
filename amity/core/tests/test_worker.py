"""The task worker goes on after a transient database error instead of exiting."""

import os
import socket
import subprocess
import sys
from unittest import mock

from django.db import OperationalError
from django.test import TestCase, override_settings
from django.utils import timezone
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


class LostTasksTests(TestCase):
    """A worker killed while it ran a task left it "running" in the queue table for ever; the next
    worker started on the same host fails it, and leaves alone what it cannot judge."""

    def running(self, worker_id: str) -> DBTaskResult:
        return DBTaskResult.objects.create(
            task_path="amity.reports.tasks.render_report",
            args_kwargs={"args": [], "kwargs": {"job_id": 1}},
            status="RUNNING",
            worker_ids=["earlier-try", worker_id],
            backend_name="default",
            run_after=timezone.now(),
        )

    def test_the_tasks_of_a_dead_worker_of_this_host_fail_when_a_worker_starts(self):
        host = socket.gethostname()[:40]
        ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
        dead_pid = int(ended.stdout)  # that process has ended
        dead = self.running(f"{host}:{dead_pid}:abcdefgh")
        alive = self.running(f"{host}:{os.getpid()}:abcdefgh")
        elsewhere = self.running(f"another-host:{dead_pid}:abcdefgh")
        unknown = self.running("Zx81random32characterstockworkerid")
        with self.assertLogs("amity.worker", "WARNING"):
            lost = db_worker.lost_tasks_fail()
        self.assertEqual([r.pk for r in lost], [dead.pk])
        statuses = dict(DBTaskResult.objects.values_list("pk", "status"))
        self.assertEqual(
            [statuses[r.pk] for r in (dead, alive, elsewhere, unknown)], ["FAILED", "RUNNING", "RUNNING", "RUNNING"]
        )
        dead.refresh_from_db()
        self.assertEqual(dead.exception_class_path, "amity.core.management.commands.db_worker.WorkerLost")
        self.assertIsNotNone(dead.finished_at)
        self.assertEqual(db_worker.lost_tasks_fail(), [])  # once

    @override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
    def test_the_worker_is_named_after_its_host_and_process(self):
        from django.core.management import call_command

        with (
            mock.patch.object(db_worker.RetryingWorker, "run", autospec=True) as run,
            # the command's SIGTERM handler would outlive the test and turn a later SIGTERM into SystemExit
            mock.patch.object(db_worker.RetryingWorker, "configure_signals"),
        ):
            call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
        host, pid, rest = run.call_args.args[0].worker_id.split(":")
        self.assertEqual((host, int(pid), len(rest)), (socket.gethostname()[:40], os.getpid(), 8))

"""A worker that dies while committing an import: the job's state tells the truth and the file can
be imported again without duplicates."""

from datetime import timedelta
from unittest import mock

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone, translation

from amity.audit.models import ObjectChange
from amity.core.jobs import import_jobs_expire, job_queue_commit
from amity.core.testing import make_unit_tree, make_user

from .. import tasks
from ..models import Compatriot, ErasureJob, ImportJob
from .test_imports import csv_file

ROWS = ("Nguyễn Văn An,Nam,1975,,Bắc Giang,Séc,,15/01/2026", "Trần Thị Bình,Nữ,1980,,Hải Phòng,Ba Lan,,15/01/2026")


class Killed(BaseException):
    """What the process sees of a kill: nothing after this point runs (not even ``except Exception``)."""


class WorkerKilledDuringCommitTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.user = make_user("bn-editor", unit=cls.u["bac_ninh"])

    def checked_job(self) -> ImportJob:
        self.client.force_login(self.user)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        upload = SimpleUploadedFile("kieu-bao.csv", csv_file(*ROWS))
        self.client.post(reverse("diaspora:import"), {"file": upload, "unit": self.u["bac_ninh"].pk})
        job = ImportJob.objects.latest("pk")
        self.assertEqual(job.status, ImportJob.Status.CHECKED)
        job_queue_commit(actor=self.user, job=job)
        return job

    def test_killed_after_writing_the_rows_before_marking_the_job_done(self):
        job = self.checked_job()
        changes = ObjectChange.objects.count()
        real_finish = tasks.job_finish

        def die_when_done(model, pk, status, *args, **kwargs):
            if status == ImportJob.Status.DONE:
                raise Killed
            return real_finish(model, pk, status, *args, **kwargs)

        with self.assertRaises(Killed):
            tasks.job_finish = die_when_done
            try:
                tasks.commit_import.call(job.pk)
            finally:
                tasks.job_finish = real_finish
        job.refresh_from_db()
        # the rows went with the job's "done": neither was written
        self.assertEqual(job.status, ImportJob.Status.IMPORTING)
        self.assertEqual((Compatriot.objects.count(), ObjectChange.objects.count()), (0, changes))
        later = timezone.now() + timedelta(minutes=31)
        with translation.override("en"):
            self.assertEqual([j.pk for j in import_jobs_expire(now=later)], [job.pk])
        job.refresh_from_db()
        self.assertEqual(job.status, ImportJob.Status.FAILED)
        self.assertIn("Nothing was written", job.report["refused"])  # and that is true
        # the same file again goes in once
        again = self.checked_job()
        tasks.commit_import.call(again.pk)
        again.refresh_from_db()
        self.assertEqual((again.status, again.created_count), (ImportJob.Status.DONE, 2))
        self.assertEqual(Compatriot.objects.count(), 2)
        self.assertEqual(ObjectChange.objects.count(), changes + 2)
        # and a third time it is refused as already recorded, not doubled
        third = ImportJob.objects.create(
            unit=self.u["bac_ninh"], user=self.user, filename="kieu-bao.csv", content=csv_file(*ROWS), language="en"
        )
        tasks.check_import.call(third.pk)
        third.refresh_from_db()
        self.assertEqual((third.status, third.report["error_count"]), (ImportJob.Status.FAILED, 2))
        self.assertEqual(Compatriot.objects.count(), 2)


class ErasureReadsKeptFilesOutsideItsTransactionTests(TestCase):
    """Erasing a person is a job of the task worker. It reads the files waiting imports keep; while
    it reads, it holds no write transaction, so another province's writes go on (SQLite has one
    writer at a time)."""

    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.editor = make_user("bn-editor", unit=cls.u["bac_ninh"])
        cls.other = make_user("hp-editor", unit=cls.u["hai_phong"])

    def test_the_screen_queues_the_erasure_which_reads_files_before_its_transaction_while_another_province_writes(
        self,
    ):
        from django.db import connection

        from .. import services
        from .factories import compatriot

        person = compatriot(self.u["bac_ninh"], "Nguyễn Văn An")
        naming = ImportJob.objects.create(
            unit=self.u["bac_ninh"], user=self.editor, filename="a.csv", content=csv_file(ROWS[0]), status="checked"
        )
        other = ImportJob.objects.create(
            unit=self.u["bac_ninh"], user=self.editor, filename="b.csv", content=csv_file(ROWS[1]), status="checked"
        )
        depths, written, seen = [], [], []
        real = services._file_names
        other_province = Client()
        other_province.force_login(self.other)

        def reading(job, names):
            depths.append(len(connection.atomic_blocks))
            seen.append(ErasureJob.objects.values_list("status", "done", "total").get())
            # another province writes through its own screen meanwhile
            response = other_province.post(
                reverse("diaspora:compatriot_add"),
                {**_person_form(self.u["hai_phong"]), "full_name": f"Lê Văn {job.pk}"},
            )
            written.append(response.status_code)
            return real(job, names)

        self.client.force_login(self.editor)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        outside = len(connection.atomic_blocks)
        with mock.patch.object(services, "_file_names", side_effect=reading):
            response = self.client.post(
                reverse("diaspora:compatriot_erase", args=[person.pk]), {"requested_on": "01/02/2026"}
            )
        job = ErasureJob.objects.get()
        self.assertRedirects(response, reverse("diaspora:erasure", args=[job.pk]))
        self.assertEqual(depths, [outside, outside])  # both files read, neither inside a transaction
        self.assertEqual(seen, [("reading", 0, 2), ("reading", 1, 2)])  # progress on the job, file by file
        self.assertEqual(written, [302, 302])
        self.assertEqual(Compatriot.objects.filter(unit=self.u["hai_phong"]).count(), 2)
        self.assertEqual((job.status, job.done, job.total, job.user), ("done", 1, 1, self.editor))
        person.refresh_from_db()
        self.assertEqual(person.full_name, services.ERASED)
        naming.refresh_from_db()
        other.refresh_from_db()
        self.assertEqual((naming.status, bytes(naming.content)), (ImportJob.Status.FAILED, b""))
        self.assertEqual(other.status, ImportJob.Status.CHECKED)  # a file without them stays
        self.assertTrue(bytes(other.content))
        page = self.client.get(response.url)
        self.assertContains(page, "The personal data were erased")
        self.assertContains(page, person.get_absolute_url())
        # the change is the requester's, made by the task
        event = ObjectChange.objects.get(event="diaspora.erased")
        self.assertEqual((event.actor, event.source), (self.editor, "task"))


class ErasureWorkerKilledTests(TestCase):
    """A worker that dies inside the erasure's transaction: nothing erased, the job shown as stopped
    (after the jobs' timeout, without writing on a read) and run again from its page, once."""

    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.editor = make_user("bn-editor", unit=cls.u["bac_ninh"])

    def test_killed_while_erasing_then_run_again_from_the_page(self):
        from .. import services
        from .factories import compatriot

        person = compatriot(self.u["bac_ninh"], "Nguyễn Văn An", phone="0912345678")
        changes = ObjectChange.objects.count()
        self.client.force_login(self.editor)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        url = reverse("diaspora:compatriot_erase", args=[person.pk])
        real = services._scrub_log

        def die(*args, **kwargs):
            raise Killed

        with mock.patch.object(services, "_scrub_log", side_effect=die):
            self.client.post(url, {"requested_on": "01/02/2026"})  # the task dies (the test backend records it)
        job = ErasureJob.objects.get()
        person.refresh_from_db()
        self.assertEqual((person.full_name, person.phone, person.erased_at), ("Nguyễn Văn An", "0912345678", None))
        self.assertEqual(ObjectChange.objects.count(), changes)  # no event, no half-scrubbed log
        self.assertEqual(job.status, "reading")  # what the worker last committed before its transaction
        page = reverse("diaspora:erasure", args=[job.pk])
        self.assertNotContains(self.client.get(page), 'data-erasure="stopped"')  # not yet given up
        self.assertEqual(self.client.post(page).status_code, 409)  # nor can it be run twice meanwhile
        later = timezone.now() + timedelta(minutes=settings.IMPORT_JOB_TIMEOUT_MINUTES + 1)
        with mock.patch("django.utils.timezone.now", return_value=later):
            shown = self.client.get(page)
            self.assertContains(shown, 'data-erasure="stopped"')
            self.assertContains(shown, "nothing was erased")
            job.refresh_from_db()
            self.assertEqual(job.status, "reading")  # the read wrote nothing
            self.assertRedirects(self.client.post(page), page)  # run again: the worker erases now
        self.assertEqual(real, services._scrub_log)
        job.refresh_from_db()
        person.refresh_from_db()
        self.assertEqual((job.status, person.full_name, person.phone), ("done", services.ERASED, ""))
        self.assertEqual(ObjectChange.objects.filter(event="diaspora.erased").count(), 1)
        self.assertEqual(self.client.post(page).status_code, 409)  # a finished erasure is not run again


def _person_form(unit) -> dict:
    from amity.geo.models import Country

    return {
        "unit": unit.pk,
        "country": Country.objects.get(iso_alpha2="PL").pk,
        "consent_on": "2026-01-15",
        "purpose": "Giữ liên lạc",
        "legal_basis": "consent",
    }


def _person(unit) -> dict:
    from datetime import date

    from amity.geo.models import Country

    return {
        "unit": unit,
        "full_name": "Lê Văn Khác",
        "country": Country.objects.get(iso_alpha2="PL"),
        "consent_on": date(2026, 1, 15),
    }


SEED = """
from amity.core.context import Source, change_context
from amity.core.roles import UnitKind
from amity.core.testing import make_user
from amity.units.models import Unit

with change_context(source=Source.COMMAND):
    union = Unit.objects.create(name="Liên hiệp các tổ chức hữu nghị tỉnh Bắc Ninh", kind=UnitKind.PROVINCIAL)
    make_user("bn-editor", unit=union)
print(union.pk)
"""


class CommandKilledDuringCommitTests(TestCase):
    """``kill -9`` of ``diaspora_import --commit`` while it writes: the database has all the rows or
    none (each with its change-log row), and running the command again gives each person once."""

    ROWS = 6000

    @classmethod
    def setUpClass(cls):
        import os
        import shutil
        import subprocess
        import sys
        import tempfile
        from pathlib import Path

        from amity.core.testing import committed_database_copy

        cls.tmp = Path(tempfile.mkdtemp(prefix="amity-kill-"))
        cls.addClassCleanup(shutil.rmtree, cls.tmp, ignore_errors=True)
        cls.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "amity.settings.test",
            "AMITY_VAR_DIR": str(cls.tmp),
            **committed_database_copy(cls.tmp, cls.addClassCleanup),
        }
        cls.root = Path(settings.BASE_DIR)
        seeded = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", SEED],
            cwd=cls.root,
            env=cls.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        if seeded.returncode:
            raise AssertionError(seeded.stderr)
        cls.unit_id = int(seeded.stdout.split()[-1])
        rows = [f"Người Thứ {i},Nam,{1940 + i % 60},,Bắc Giang,Séc,,15/01/2026" for i in range(cls.ROWS)]
        cls.file = cls.tmp / "kieu-bao.csv"
        cls.file.write_bytes(csv_file(*rows))
        super().setUpClass()

    def command(self):
        import sys

        return [
            sys.executable,
            "manage.py",
            "diaspora_import",
            str(self.file),
            "--unit",
            str(self.unit_id),
            "--user",
            "bn-editor",
            "--commit",
        ]

    def counts(self) -> tuple[int, int]:
        import subprocess
        import sys

        script = (
            "from amity.diaspora.models import Compatriot; from amity.audit.models import ObjectChange; "
            "print(Compatriot.all_objects.count(), ObjectChange.objects.filter(content_type__model='compatriot').count())"
        )
        done = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", script],
            cwd=self.root,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        people, changes = done.stdout.split()[-2:]
        return int(people), int(changes)

    def test_kill_during_the_write_then_run_again(self):
        import signal
        import subprocess

        process = subprocess.Popen(
            self.command(), cwd=self.root, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        seen = b""
        while b"write" not in seen and process.poll() is None:  # the progress bar of the write stage
            seen += process.stderr.read1(4096)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        people, changes = self.counts()
        self.assertIn(people, (0, self.ROWS))  # nothing half-written
        self.assertEqual(changes, people)  # each record with its change-log row
        again = subprocess.run(self.command(), cwd=self.root, env=self.env, capture_output=True, timeout=300)
        if people == 0:
            self.assertEqual(again.returncode, 0, again.stderr)
        else:  # the kill came after the commit: the file's people are already there
            self.assertIn(b"Already in the registry", again.stdout)
        self.assertEqual(self.counts(), (self.ROWS, self.ROWS))

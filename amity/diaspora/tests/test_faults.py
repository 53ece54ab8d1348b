"""A worker that dies while committing an import: the job's state tells the truth and the file can
be imported again without duplicates."""

import time
from datetime import timedelta
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone, translation

from amity.audit.models import ObjectChange
from amity.core.jobs import import_jobs_expire, job_queue_commit
from amity.core.testing import KilledProcessTestCase
from amity.units.testing import make_unit_tree, make_user

from .. import tasks
from ..models import Compatriot, ErasureJob, ImportJob
from .test_imports import already_in_registry, csv_file

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


def server_rows(count: int) -> list[str]:
    return [f"Người Hải Phòng {i},Nam,{1940 + i % 60},,Bắc Giang,Séc,,15/01/2026" for i in range(count)]


SEED = """
from datetime import date

from django.test import Client

from amity.core.context import Source, change_context
from amity.core.roles import UnitKind
from amity.units.testing import make_user
from amity.diaspora import services, tasks
from amity.diaspora.models import Compatriot, Contribution, ImportJob
from amity.diaspora.tests.test_faults import server_rows
from amity.diaspora.tests.test_imports import csv_file
from amity.geo.models import Country
from amity.units.models import Unit

with change_context(source=Source.COMMAND):
    unions = [
        Unit.objects.create(name=f"Liên hiệp các tổ chức hữu nghị tỉnh {name}", kind=UnitKind.PROVINCIAL)
        for name in ("Bắc Ninh", "Hải Phòng", "Hà Nội")
    ]
    editors = [make_user(name, unit=union) for name, union in zip(("bn-editor", "hp-editor", "hn-editor"), unions)]
    # Hải Phòng: a file checked on its page, whose commit the server will run
    rows = server_rows(%(rows)d)
    job = ImportJob.objects.create(
        unit=unions[1], user=editors[1], filename="hai-phong.csv", content=csv_file(*rows), language="en"
    )
    tasks.run_check(job)
    # Hà Nội: a person with many gifts (each gift's log is rewritten: a long transaction), a waiting
    # import's file to read first, and their erasure queued for the worker
    person = services.compatriot_create(actor=editors[2], data={
        "unit": unions[2], "full_name": "Nguyễn Thị Xóa", "phone": "0912345678",
        "country": Country.objects.get(iso_alpha2="CZ"), "consent_on": date(2026, 1, 15),
    })
    Contribution.objects.bulk_create(
        Contribution(unit=unions[2], compatriot=person, amount=100_000 + i, received_on=date(2025, 1, 1))
        for i in range(%(gifts)d)
    )
    kept = ImportJob.objects.create(
        unit=unions[2], user=editors[2], filename="khac.csv", content=csv_file(rows[0]), status="checked"
    )
    erasure = services.erasure_request(actor=editors[2], compatriot=person, requested_on=date(2026, 2, 1))
    tasks.erase_compatriot.enqueue(erasure.pk)
client = Client()
client.force_login(editors[1])
print(*(u.pk for u in unions), job.pk, person.pk, erasure.pk, client.cookies["sessionid"].value)
"""

COMPATRIOT_CHANGES = (
    "SELECT COUNT(*) FROM audit_objectchange c JOIN django_content_type t ON t.id = c.content_type_id "
    "WHERE t.app_label = 'diaspora' AND t.model = 'compatriot' AND c.unit_id = %s"
)


class KilledDuringCommitOrErasureTests(KilledProcessTestCase):
    """``kill -9`` while rows or an erasure are being written, of the three processes that write
    them: ``diaspora_import --commit``, a server committing an import in its request (tasks run at
    once, as without a worker), the task worker erasing a person. Each time the database holds all
    or nothing (each record with its change-log row), the job's state says which, and running the
    work again gives each person once."""

    ROWS = 6000
    SERVER_ROWS = 3000
    GIFTS = 4000
    SEED = SEED % {"rows": SERVER_ROWS, "gifts": GIFTS}
    SEED_WORKER = True  # the erasure is queued for a real worker

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bac_ninh, cls.hai_phong, cls.ha_noi, cls.import_job, cls.person, cls.erasure = map(int, cls.seeded[:6])
        cls.session = cls.seeded[6]
        rows = [f"Người Thứ {i},Nam,{1940 + i % 60},,Bắc Giang,Séc,,15/01/2026" for i in range(cls.ROWS)]
        cls.file = cls.tmp / "kieu-bao.csv"
        cls.file.write_bytes(csv_file(*rows))

    def counts(self, unit_id: int) -> tuple[int, int]:
        """Persons of the unit and their change-log rows."""
        [(people,)] = self.rows("SELECT COUNT(*) FROM diaspora_compatriot WHERE unit_id = %s", [unit_id])
        [(changes,)] = self.rows(COMPATRIOT_CHANGES, [unit_id])
        return people, changes

    def import_command(self) -> list[str]:
        return ["diaspora_import", str(self.file), "--unit", str(self.bac_ninh), "--user", "bn-editor", "--commit"]

    def test_kill_the_command_during_the_write_then_run_again(self):
        process = self.start(*self.import_command())
        seen = b""
        while b"write" not in seen and process.poll() is None:  # the progress bar of the write stage
            seen += process.stderr.read1(4096)
        self.kill_when(process, lambda: True)
        people, changes = self.counts(self.bac_ninh)
        self.assertIn(people, (0, self.ROWS))  # nothing half-written
        self.assertEqual(changes, people)  # each record with its change-log row
        again = self.manage(*self.import_command(), timeout=300)
        if people == 0:
            self.assertEqual(again.returncode, 0, again.stderr)
        else:  # the kill came after the commit: the file's people are already there
            self.assertIn(already_in_registry(), again.stdout)
        self.assertEqual(self.counts(self.bac_ninh), (self.ROWS, self.ROWS))

    def test_kill_the_server_while_it_commits_an_import_then_upload_again(self):
        import socket
        import threading
        import urllib.error
        import urllib.request

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        gunicorn = str(Path(self.python).with_name("gunicorn"))
        server = self.start(gunicorn, "--bind", f"127.0.0.1:{port}", "--workers", "1", "--timeout", "300", "amity.wsgi")
        url = f"http://127.0.0.1:{port}" + reverse("diaspora:import_job", args=[self.import_job])
        csrf = "k" * 32
        headers = {"Cookie": f"sessionid={self.session}; csrftoken={csrf}; django_language=en"}
        deadline = time.monotonic() + 60
        while True:  # wait for the server to answer
            try:
                page = urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=60)
                break
            except OSError:  # not listening yet
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.2)
        self.assertIn(b"Import all rows", page.read())  # the file is checked, ready to commit
        commit = urllib.request.Request(url, data=f"csrfmiddlewaretoken={csrf}".encode(), headers=headers)
        answers: list = []

        def post():
            try:
                answers.append(urllib.request.urlopen(commit, timeout=300).status)
            except OSError as exc:
                answers.append(exc)

        poster = threading.Thread(target=post)
        poster.start()
        status = "SELECT status FROM diaspora_importjob WHERE id = %s"
        self.kill_when(server, lambda: self.rows(status, [self.import_job])[0][0] in ("importing", "done"))
        poster.join(timeout=30)
        self.assertNotEqual(answers, [302])  # the request died with the server
        people, changes = self.counts(self.hai_phong)
        [(job_status,)] = self.rows(status, [self.import_job])
        self.assertIn(people, (0, self.SERVER_ROWS))  # nothing half-written
        self.assertEqual(changes, people)
        self.assertEqual(job_status, "done" if people else "importing")  # the job says which
        # once its timeout passed the job is failed with the truth, and the file goes in again once
        upload = self.tmp / "hai-phong.csv"
        upload.write_bytes(csv_file(*server_rows(self.SERVER_ROWS)))
        again = self.manage(
            "shell",
            "-c",
            "from django.core.management import call_command; from amity.core.jobs import import_jobs_expire; "
            "from amity.diaspora.models import ImportJob; import_jobs_expire(); "
            f"job = ImportJob.objects.get(pk={self.import_job}); print(job.status, job.report.get('refused', '')); "
            f"call_command('diaspora_import', '{upload}', unit={self.hai_phong}, user='hp-editor', commit=True)",
            AMITY_IMPORT_JOB_TIMEOUT="0",
            timeout=300,
        )
        self.assertEqual(again.returncode, 0, again.stderr)
        if people == 0:
            self.assertIn("failed The job stopped", again.stdout)
            self.assertIn("Nothing was written", again.stdout)
        else:
            self.assertIn(already_in_registry(), again.stdout)
        self.assertEqual(self.counts(self.hai_phong), (self.SERVER_ROWS, self.SERVER_ROWS))

    def test_kill_the_worker_while_it_erases_then_run_the_erasure_again_from_its_page(self):
        worker = self.start("db_worker", "--batch", "--no-startup-delay", worker=True)
        job = "SELECT status, done, total FROM diaspora_erasurejob WHERE id = %s"

        def erasing() -> bool:  # the files are read: the erasure's transaction begins
            status, done, total = self.rows(job, [self.erasure])[0]
            return status in ("erasing", "done") or (status == "reading" and total and done == total)

        self.kill_when(worker, erasing)
        person = "SELECT full_name, phone, erased_at IS NOT NULL FROM diaspora_compatriot WHERE id = %s"
        events = "SELECT COUNT(*) FROM audit_objectchange WHERE event = 'diaspora.erased' AND object_id = %s"
        [(name, phone, erased)] = self.rows(person, [self.person])
        [(status, _done, _total)] = self.rows(job, [self.erasure])
        [(logged,)] = self.rows(events, [str(self.person)])
        if erased:  # all: the person, the event, the job's "done"
            self.assertEqual((name, phone, logged, status), ("[erased]", "", 1, "done"))
        else:  # nothing: the job still says the worker was at it
            self.assertEqual((name, phone, logged), ("Nguyễn Thị Xóa", "0912345678", 0))
            self.assertIn(status, ("reading", "erasing"))
        # its page, once the jobs' timeout passed, says it stopped and runs it again
        again = self.manage(
            "shell",
            "-c",
            "from django.test import Client; from django.test.utils import setup_test_environment; "
            "from django.contrib.auth import get_user_model; setup_test_environment(); "
            f"c = Client(); c.force_login(get_user_model().objects.get(username='hn-editor')); "
            f"url = '{reverse('diaspora:erasure', args=[self.erasure])}'; page = c.get(url).content.decode(); "
            "print('stopped' if 'data-erasure=\"stopped\"' in page else 'not-stopped', c.post(url).status_code)",
            AMITY_IMPORT_JOB_TIMEOUT="0",
        )
        self.assertEqual(again.returncode, 0, again.stderr)
        self.assertEqual(again.stdout.split()[-2:], ["not-stopped", "409"] if erased else ["stopped", "302"])
        [(name, phone, erased)] = self.rows(person, [self.person])
        self.assertEqual((name, phone, erased), ("[erased]", "", True))
        self.assertEqual(self.rows(events, [str(self.person)]), [(1,)])  # erased once
        self.assertEqual(self.rows(job, [self.erasure])[0][0], "done")

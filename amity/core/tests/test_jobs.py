"""The import jobs of aid and diaspora share one mechanism (core.jobs): queueing once, progress,
and expiry (a lost worker's job fails and its page stops polling; a file left unimported is dropped)."""

import io
from datetime import timedelta
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone, translation

from amity.aid.models import AidImportJob
from amity.aid.services import sectors_load
from amity.aid.tests.factories import make_donor
from amity.core.import_rows import job_progress
from amity.core.jobs import TqdmProgress, import_job_create, import_jobs_expire
from amity.diaspora.models import Compatriot, ImportJob
from amity.diaspora.tests.test_imports import csv_file
from amity.units.testing import make_unit_tree, make_user

ROW = "Nguyễn Văn An,Nam,1975,,Bắc Giang,Séc,0912345678,15/01/2026"


def age(job, **delta) -> None:
    """Make a job look as if its last sign of life was ``delta`` ago."""
    type(job).objects.filter(pk=job.pk).update(updated=timezone.now() - timedelta(**delta))


@override_settings(IMPORT_JOB_TIMEOUT_MINUTES=30, IMPORT_FILE_DAYS=7)
class ImportJobExpiryTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        sectors_load()
        cls.u = make_unit_tree()
        cls.aid_editor = make_user("hp-editor", unit=cls.u["hai_phong"])
        cls.bn_editor = make_user("bn-editor", unit=cls.u["bac_ninh"])
        make_donor(cls.u["hai_phong"], "Hands of Friendship")

    def aid_job(self, status, **fields) -> AidImportJob:
        job = import_job_create(
            model=AidImportJob,
            actor=self.aid_editor,
            unit=self.u["hai_phong"],
            filename="a.xlsx",
            content=b"PK-file",
            language="en",
        )
        AidImportJob.objects.filter(pk=job.pk).update(status=status, **fields)
        job.refresh_from_db()
        return job

    def diaspora_upload(self, *rows: str, user=None) -> ImportJob:
        self.client.force_login(user or self.bn_editor)
        upload = SimpleUploadedFile("kieu-bao.csv", csv_file(*rows))
        self.client.post(reverse("diaspora:import"), {"file": upload, "unit": self.u["bac_ninh"].pk})
        return ImportJob.objects.latest("pk")

    def test_a_job_no_worker_picked_up_for_a_minute_says_so_on_its_page(self):
        job = self.aid_job(AidImportJob.Status.UPLOADED)
        self.client.force_login(self.aid_editor)
        url = reverse("aid:import_job", args=[job.pk])
        self.assertNotContains(self.client.get(url), "data-no-worker")  # just uploaded: nothing to say yet
        age(job, seconds=70)
        page = self.client.get(url, headers={"HX-Request": "true"})
        self.assertContains(page, "data-no-worker")
        self.assertContains(page, "manage.py db_worker")
        self.assertContains(page, 'hx-trigger="every 1s"')  # still waiting: it goes on when a worker starts
        AidImportJob.objects.filter(pk=job.pk).update(status=AidImportJob.Status.CHECKING)
        self.assertNotContains(self.client.get(url), "data-no-worker")  # a worker took it, however long ago

    def test_stuck_aid_job_fails_with_the_reason_and_its_page_stops_polling(self):
        job = self.aid_job(AidImportJob.Status.CHECKING, done=40, total=5000)
        self.client.force_login(self.aid_editor)
        url = reverse("aid:import_job", args=[job.pk])
        self.assertContains(self.client.get(url), 'hx-trigger="every 1s"')  # alive: still polling
        age(job, minutes=31)
        response = self.client.get(url, headers={"HX-Request": "true"})
        self.assertNotContains(response, "hx-get")  # shown as failed at once, cron or not
        self.assertContains(response, "no progress for 30 minutes")
        job.refresh_from_db()
        self.assertEqual(job.status, AidImportJob.Status.CHECKING)  # a read writes nothing
        call_command("import_jobs_expire", verbosity=0)  # the periodic expiry does
        job.refresh_from_db()
        self.assertEqual(job.status, AidImportJob.Status.FAILED)
        self.assertEqual(bytes(job.content), b"")
        self.assertIsNotNone(job.finished)
        self.assertIn("no progress for 30 minutes", job.report["refused"])  # in the uploader's language
        self.assertNotContains(response, "hx-get")
        self.assertContains(response, "no progress for 30 minutes")

    def test_job_no_worker_took_says_so_and_live_jobs_are_left_alone(self):
        waiting = self.aid_job(AidImportJob.Status.QUEUED)
        working = self.aid_job(AidImportJob.Status.IMPORTING)
        age(waiting, minutes=45)
        age(working, minutes=29)
        fresh_checked = self.aid_job(AidImportJob.Status.CHECKED, report={"rows": 3})
        self.assertEqual([j.pk for j in import_jobs_expire()], [waiting.pk])
        waiting.refresh_from_db()
        self.assertEqual(waiting.status, AidImportJob.Status.FAILED)
        self.assertIn("No background worker started this job within 30 minutes", waiting.report["refused"])
        for job in (working, fresh_checked):
            before = job.status
            job.refresh_from_db()
            self.assertEqual((job.status, bytes(job.content)), (before, b"PK-file"))

    def test_progress_keeps_a_long_job_alive(self):
        job = self.aid_job(AidImportJob.Status.CHECKING)
        age(job, minutes=40)
        job_progress(AidImportJob, job.pk)(100, 5000, "check")  # the worker reports
        self.assertEqual(import_jobs_expire(), [])
        job.refresh_from_db()
        self.assertEqual((job.status, job.done), (AidImportJob.Status.CHECKING, 100))

    def test_checked_aid_job_never_committed_loses_its_file_after_the_limit(self):
        job = self.aid_job(AidImportJob.Status.CHECKED, report={"rows": 3, "warnings": []})
        age(job, days=6)
        self.assertEqual(import_jobs_expire(), [])
        age(job, days=8)
        out = io.StringIO()
        call_command("import_jobs_expire", stdout=out)
        self.assertEqual(out.getvalue().strip(), "1 import job(s) expired")
        job.refresh_from_db()
        self.assertEqual((job.status, bytes(job.content)), (AidImportJob.Status.FAILED, b""))
        self.assertIn("not imported within 7 days", job.report["refused"])
        self.assertEqual(job.report["rows"], 3)  # aid reports hold no personal values: kept
        self.client.force_login(self.aid_editor)
        response = self.client.post(reverse("aid:import_job", args=[job.pk]))
        self.assertEqual(response.status_code, 409)  # nothing left to import

    def test_abandoned_diaspora_job_loses_its_file_and_the_personal_values_read_from_it(self):
        job = self.diaspora_upload(ROW)
        self.assertEqual(job.status, ImportJob.Status.CHECKED)
        self.assertEqual(job.report["preview"][0]["full_name"], "Nguyễn Văn An")
        age(job, days=8)
        import_jobs_expire()
        job.refresh_from_db()
        self.assertEqual((job.status, bytes(job.content)), (ImportJob.Status.FAILED, b""))
        for key in ("preview", "conversions", "errors"):
            self.assertNotIn(key, job.report)
        self.assertNotIn("Nguyễn Văn An", str(job.report))
        self.assertEqual(job.report["valid"], 1)  # the counts stay
        page = self.client.get(reverse("diaspora:import_job", args=[job.pk]))
        self.assertNotContains(page, "Nguyễn Văn An")
        self.assertNotContains(page, "hx-get")
        self.client.post(reverse("diaspora:import_job", args=[job.pk]))
        self.assertFalse(Compatriot.objects.exists())

    def test_refused_diaspora_job_keeps_its_errors_for_the_limit_only(self):
        job = self.diaspora_upload(ROW, "Trần Thị Bình,Nữ,khoảng 1980,,Bắc Giang,Séc,,15/01/2026")
        self.assertEqual(job.status, ImportJob.Status.FAILED)
        self.assertNotIn("preview", job.report)  # refused: no preview rows kept
        self.assertTrue(job.report["errors"])  # the user needs them to correct the file
        age(job, days=8)
        self.assertEqual([j.pk for j in import_jobs_expire()], [job.pk])
        job.refresh_from_db()
        self.assertNotIn("errors", job.report)
        self.assertEqual(job.report["error_count"], 1)
        self.assertNotIn("not imported within", job.report.get("refused", ""))  # its own reason stays
        self.assertEqual(import_jobs_expire(), [])  # nothing left to drop

    def test_diaspora_job_waiting_for_columns_loses_its_file_after_the_limit(self):
        self.client.force_login(self.bn_editor)
        upload = SimpleUploadedFile("x.csv", "Cột lạ,Khác\nA,B\n".encode())
        self.client.post(reverse("diaspora:import"), {"file": upload, "unit": self.u["bac_ninh"].pk})
        job = ImportJob.objects.latest("pk")
        self.assertEqual(job.status, ImportJob.Status.MAPPING)
        age(job, days=8)
        import_jobs_expire()
        job.refresh_from_db()
        self.assertEqual((job.status, bytes(job.content)), (ImportJob.Status.FAILED, b""))

    def test_every_task_start_expires_the_lost_jobs_first(self):
        lost = ImportJob.objects.create(
            unit=self.u["bac_ninh"], user=self.bn_editor, filename="b.csv", content=b"x", status="importing"
        )
        age(lost, hours=2)
        self.diaspora_upload(ROW)  # runs check_import
        lost.refresh_from_db()
        self.assertEqual((lost.status, bytes(lost.content)), (ImportJob.Status.FAILED, b""))

    def test_a_job_that_moved_on_meanwhile_is_not_overwritten(self):
        job = self.aid_job(AidImportJob.Status.CHECKING)
        age(job, minutes=31)
        stale = AidImportJob.objects.filter(pk=job.pk)
        real_filter = AidImportJob.objects.filter

        # the worker reports progress between the expiry's read and its write
        def filter_then_progress(*args, **kwargs):
            if "updated" in kwargs:
                job_progress(AidImportJob, job.pk)(10, 20, "check")
            return real_filter(*args, **kwargs)

        with mock.patch.object(AidImportJob.objects, "filter", side_effect=filter_then_progress):
            self.assertEqual(import_jobs_expire(jobs=stale), [])
        job.refresh_from_db()
        self.assertEqual((job.status, job.done), (AidImportJob.Status.CHECKING, 10))


class DiasporaQueueOnceTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.user = make_user("bn-editor", unit=cls.u["bac_ninh"])

    def test_commit_is_queued_once_and_the_page_uses_the_shared_progress(self):
        self.client.force_login(self.user)
        with translation.override("en"):
            upload = SimpleUploadedFile("kieu-bao.csv", csv_file(ROW))
            self.client.post(reverse("diaspora:import"), {"file": upload, "unit": self.u["bac_ninh"].pk})
        job = ImportJob.objects.get()
        url = reverse("diaspora:import_job", args=[job.pk])
        page = self.client.get(url)
        self.assertContains(page, 'role="progressbar"')
        self.assertContains(page, 'data-status="checked"')
        self.assertRedirects(self.client.post(url), url)
        again = self.client.post(url)  # a double click
        self.assertEqual(again.status_code, 409)
        self.assertEqual(Compatriot.objects.count(), 1)
        job.refresh_from_db()
        self.assertEqual((job.status, job.created_count), (ImportJob.Status.DONE, 1))

    def test_another_users_checked_job_cannot_be_queued(self):
        job = ImportJob.objects.create(
            unit=self.u["bac_ninh"], user=self.user, filename="a.csv", content=b"x", status="checked"
        )
        other = make_user("bn-editor-2", unit=self.u["bac_ninh"])
        self.client.force_login(other)
        self.assertEqual(self.client.post(reverse("diaspora:import_job", args=[job.pk])).status_code, 404)
        job.refresh_from_db()
        self.assertEqual(job.status, ImportJob.Status.CHECKED)


class TqdmProgressTests(TestCase):
    def test_one_bar_a_stage_following_the_counts(self):
        out = io.StringIO()
        progress = TqdmProgress(file=out)
        progress(0, 10)
        progress(10, 10)
        self.assertEqual(progress.bars["check"].n, 10)
        progress.stage = "write"
        progress(4, 8)
        self.assertEqual(list(progress.bars), ["write"])
        self.assertEqual((progress.bars["write"].n, progress.bars["write"].total), (4, 8))
        progress.close()
        self.assertEqual(progress.bars, {})
        self.assertIn("write:  50%", out.getvalue())


class ImportUploadTests(TestCase):
    """The aid, contribution and compatriot imports record an upload the same way: one service."""

    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.editor = make_user("hp-editor", unit=cls.u["hai_phong"])

    def test_each_import_records_its_upload_through_one_service_in_the_uploaders_language(self):
        from amity.aid import views as aid_views
        from amity.diaspora import views as diaspora_views
        from amity.diaspora.models import ContributionImportJob

        unit = self.u["hai_phong"].pk
        uploads = (
            ("aid:import", aid_views, AidImportJob, {}, {}),
            ("diaspora:contribution_import", diaspora_views, ContributionImportJob, {"unit": unit}, {}),
            (
                "diaspora:import",
                diaspora_views,
                ImportJob,
                {"unit": unit, "consent_on": "15/01/2026", "skip_existing": "on"},
                {"options": {"consent_on": "2026-01-15", "skip_existing": True}},
            ),
        )
        self.client.force_login(self.editor)
        self.client.cookies["django_language"] = "ru"
        self.addCleanup(translation.deactivate)  # the pages leave Russian active in this thread
        for url, views, model, data, fields in uploads:
            with self.subTest(url=url), mock.patch.object(views, "tasks"):  # the check is not the point here
                content = csv_file(ROW)
                upload = SimpleUploadedFile("danh-sach.csv", content)
                with mock.patch.object(views, "import_job_create", wraps=import_job_create) as create:
                    response = self.client.post(reverse(url), {"file": upload, **data})
                create.assert_called_once()
                job = model.objects.get()
                self.assertRedirects(response, job.get_absolute_url(), fetch_redirect_response=False)
                recorded = (job.user, job.unit_id, job.filename, bytes(job.content), job.language, job.status)
                self.assertEqual(recorded, (self.editor, unit, "danh-sach.csv", content, "ru", "uploaded"))
                for name, value in fields.items():
                    self.assertEqual(getattr(job, name), value)

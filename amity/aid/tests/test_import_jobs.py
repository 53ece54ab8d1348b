"""The aid import as background jobs: check, all-or-nothing commit, progress, who may see a job."""

import io
from unittest import mock

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, connections
from django.test import TestCase, TransactionTestCase
from django.urls import reverse
from django.utils import translation

from amity.aid import tasks
from amity.aid.models import AidImportJob, AidItem, AidTransaction
from amity.aid.services import sectors_load
from amity.audit.bulk import ChangeRows
from amity.audit.models import ObjectChange
from amity.core.jobs import JobProgress, import_job_create
from amity.units.testing import make_unit_tree, make_user

from .factories import make_donor
from .test_exchange import GOOD, xlsx

Status = AidImportJob.Status


class ImportJobTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        sectors_load()
        cls.u = make_unit_tree()
        cls.editor = make_user("hp-editor", unit=cls.u["hai_phong"])
        cls.colleague = make_user("hp-editor-2", unit=cls.u["hai_phong"])
        cls.viewer = make_user("hp-viewer", unit=cls.u["hai_phong"], role="viewer")
        make_donor(cls.u["hai_phong"], "Hands of Friendship")

    def upload(self, content: bytes, name="list.xlsx", user=None):
        self.client.force_login(user or self.editor)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        response = self.client.post(reverse("aid:import"), {"file": SimpleUploadedFile(name, content)})
        self.assertEqual(response.status_code, 302)
        return AidImportJob.objects.latest("pk")

    def test_bad_file_job_is_refused_with_every_row_error_and_writes_nothing(self):
        bad = [
            {**GOOD[0], "committed_amount": "-5", "kind": "grant"},
            {**GOOD[1], "decision_date": "32/13/2020"},
            GOOD[0],
        ]
        changes = ObjectChange.objects.count()
        job = self.upload(xlsx(bad))
        self.assertEqual(job.status, Status.FAILED)
        self.assertEqual(job.user, self.editor)
        self.assertEqual(job.unit, self.u["hai_phong"])
        self.assertEqual(bytes(job.content), b"")  # the file is not kept
        self.assertEqual((job.done, job.total), (3, 3))
        errors = {(row, column) for row, column, _label, _message in job.report["errors"]}
        self.assertEqual(
            errors,
            {(2, "committed_amount"), (2, "kind"), (3, "decision_date"), (3, "committed_date"), (4, "reference")},
        )
        page = self.client.get(job.get_absolute_url())
        self.assertContains(page, "Unknown kind grant.")
        self.assertContains(page, "5 errors; nothing will be imported")
        self.assertNotContains(page, 'name="commit"')
        # a refused job cannot be committed, even by posting to it
        response = self.client.post(job.get_absolute_url(), {"commit": "1"})
        self.assertEqual(response.status_code, 409)
        self.assertEqual((AidItem.objects.count(), ObjectChange.objects.count()), (0, changes))

    def test_malformed_workbook_is_refused_at_upload_and_not_kept(self):
        self.client.force_login(self.editor)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        upload = SimpleUploadedFile("broken.xlsx", b"PK\x03\x04 not really a workbook")
        response = self.client.post(reverse("aid:import"), {"file": upload})
        self.assertContains(response, "broken.xlsx: the file is damaged", status_code=400)
        self.assertFalse(AidImportJob.objects.exists())

    def test_good_file_is_checked_then_committed_and_reimport_changes_nothing(self):
        job = self.upload(xlsx(GOOD))
        self.assertEqual(job.status, Status.CHECKED)
        self.assertEqual(job.report["rows"], 2)
        self.assertFalse(AidItem.objects.exists())
        page = self.client.get(job.get_absolute_url())
        self.assertContains(page, 'name="commit"')
        self.assertContains(page, "2 rows are ready to import")
        response = self.client.post(job.get_absolute_url(), {"commit": "1"})
        self.assertRedirects(response, job.get_absolute_url())
        job.refresh_from_db()
        self.assertEqual(job.status, Status.DONE)
        self.assertEqual((job.created_count, job.updated_count, job.unchanged_count), (2, 0, 0))
        self.assertEqual((job.done, job.total), (2, 2))
        self.assertEqual(bytes(job.content), b"")
        self.assertEqual(AidItem.objects.filter(unit=self.u["hai_phong"]).count(), 2)
        self.assertEqual(AidTransaction.objects.count(), 3)
        self.assertContains(self.client.get(job.get_absolute_url()), "Imported: 2 new, 0 updated, 0 unchanged.")
        # committing the same job twice does nothing more
        self.assertEqual(self.client.post(job.get_absolute_url(), {"commit": "1"}).status_code, 409)
        again = self.upload(xlsx(GOOD))
        self.client.post(again.get_absolute_url(), {"commit": "1"})
        again.refresh_from_db()
        self.assertEqual((again.status, again.created_count, again.unchanged_count), (Status.DONE, 0, 2))
        self.assertEqual(AidItem.objects.count(), 2)
        listing = self.client.get(reverse("aid:import"))
        self.assertContains(listing, "2 new, 0 updated")

    def test_another_users_job_is_not_found(self):
        job = self.upload(xlsx(GOOD))
        self.client.force_login(self.colleague)
        self.assertEqual(self.client.get(job.get_absolute_url()).status_code, 404)
        self.assertEqual(self.client.post(job.get_absolute_url(), {"commit": "1"}).status_code, 404)
        self.assertNotContains(self.client.get(reverse("aid:import")), "list.xlsx")
        job.refresh_from_db()
        self.assertEqual(job.status, Status.CHECKED)
        self.assertFalse(AidItem.objects.exists())

    def test_user_who_cannot_add_cannot_upload(self):
        self.client.force_login(self.viewer)
        response = self.client.post(reverse("aid:import"), {"file": SimpleUploadedFile("a.xlsx", xlsx(GOOD))})
        self.assertEqual(response.status_code, 403)
        self.assertFalse(AidImportJob.objects.exists())

    def test_failure_mid_commit_writes_nothing_and_the_job_says_why(self):
        job = self.upload(xlsx(GOOD))
        changes = ObjectChange.objects.count()
        # the change log is written last: the items, links and money before it are undone too
        with mock.patch.object(ChangeRows, "write", side_effect=DatabaseError("disk full")):
            response = self.client.post(job.get_absolute_url(), {"commit": "1"})
        self.assertEqual(response.status_code, 302)
        job.refresh_from_db()
        self.assertEqual(job.status, Status.FAILED)
        self.assertIn("nothing was written", job.report["refused"])
        self.assertIn("disk full", job.report["refused"])
        self.assertEqual(bytes(job.content), b"")
        self.assertEqual((AidItem.objects.count(), AidTransaction.objects.count()), (0, 0))
        self.assertEqual(ObjectChange.objects.count(), changes)
        self.assertContains(self.client.get(job.get_absolute_url()), "disk full")

    def test_file_changed_rows_between_check_and_commit_is_checked_again(self):
        """The commit checks the stored file again against today's registry: a donor removed since
        the check refuses the commit with the row's error."""
        job = self.upload(xlsx(GOOD))
        from amity.registry.models import Organisation

        Organisation.objects.filter(name="Hands of Friendship").update(name="Renamed NGO", name_original="Renamed NGO")
        self.client.post(job.get_absolute_url(), {"commit": "1"})
        job.refresh_from_db()
        self.assertEqual(job.status, Status.FAILED)
        self.assertIn([2, "donors", "Donors", "Unknown: Hands of Friendship."], job.report["errors"])
        self.assertFalse(AidItem.objects.exists())

    def test_progress_is_reported_while_checking_and_writing(self):
        job = import_job_create(
            model=AidImportJob, actor=self.editor, unit=self.u["hai_phong"], filename="a.xlsx", content=xlsx(GOOD * 1)
        )
        seen = []
        real = JobProgress.__call__

        def spy(self, done, total, stage):
            seen.append((done, total, stage))
            real(self, done, total, stage)

        with mock.patch.object(JobProgress, "__call__", spy):
            tasks.check_aid_import.enqueue(job.pk)
            AidImportJob.objects.filter(pk=job.pk).update(status=Status.QUEUED)
            tasks.commit_aid_import.enqueue(job.pk)
        self.assertEqual(seen[0], (0, 2, "check"))
        self.assertIn((2, 2, "check"), seen)
        self.assertEqual(seen[-1], (2, 2, "write"))
        self.assertIn((0, 2, "write"), seen)


class ImportCommandTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        sectors_load()
        cls.u = make_unit_tree()
        cls.editor = make_user("hp-editor", unit=cls.u["hai_phong"])
        make_donor(cls.u["hai_phong"], "Hands of Friendship")

    def run_command(self, content: bytes, *args):
        import tempfile
        from pathlib import Path

        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "list.xlsx"
            path.write_bytes(content)
            out = io.StringIO()
            call_command(
                "aid_import",
                str(path),
                "--unit",
                str(self.u["hai_phong"].pk),
                "--user",
                "hp-editor",
                *args,
                stdout=out,
                stderr=io.StringIO(),
            )
            return out.getvalue()

    def test_check_only_writes_nothing_commit_writes_all(self):
        out = self.run_command(xlsx(GOOD))
        self.assertIn("2 rows valid", out)
        self.assertFalse(AidItem.objects.exists())
        out = self.run_command(xlsx(GOOD), "--commit")
        self.assertIn("2 new, 0 updated, 0 unchanged", out)
        self.assertEqual(AidItem.objects.filter(unit=self.u["hai_phong"]).count(), 2)

    def test_errors_are_listed_and_nothing_is_written(self):
        with self.assertRaisesMessage(CommandError, "1 errors; nothing imported"):
            self.run_command(xlsx([{**GOOD[0], "committed_currency": "XYZ"}]), "--commit")
        self.assertFalse(AidItem.objects.exists())

    def test_user_without_rights_on_the_unit_is_refused(self):
        make_user("bg-editor", unit=self.u["bac_giang"])
        import tempfile
        from pathlib import Path

        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "list.xlsx"
            path.write_bytes(xlsx(GOOD))
            with self.assertRaises(CommandError):
                call_command(
                    "aid_import",
                    str(path),
                    "--unit",
                    str(self.u["hai_phong"].pk),
                    "--user",
                    "bg-editor",
                    "--commit",
                    stdout=io.StringIO(),
                    stderr=io.StringIO(),
                )
        self.assertFalse(AidItem.objects.exists())


class ImportJobLanguageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        sectors_load()
        cls.u = make_unit_tree()
        cls.editor = make_user("hp-editor", unit=cls.u["hai_phong"])

    def test_report_is_written_in_the_uploaders_language_not_the_workers(self):
        bad = xlsx([{**GOOD[0], "donors": "", "kind": "grant"}])
        for language, expected in (("en", "Unknown kind grant."), ("vi", "Không xác định được loại hình grant.")):
            job = import_job_create(
                model=AidImportJob,
                actor=self.editor,
                unit=self.u["hai_phong"],
                filename="a.xlsx",
                content=bad,
                language=language,
            )
            with translation.override("ru"):
                tasks.check_aid_import.enqueue(job.pk)
            job.refresh_from_db()
            self.assertEqual(job.status, Status.FAILED)
            self.assertTrue(job.report["errors"][0][3].startswith(expected), job.report["errors"])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has one writer: progress shows at the end")
class ImportProgressVisibleTests(TransactionTestCase):
    """While the commit's transaction is open, another connection (the polling page) sees the progress.

    Transactional (it needs a real commit), so pytest-django runs it after the TestCase tests."""

    def test_progress_written_during_the_commit_is_visible_to_other_connections(self):
        sectors_load()
        unit = make_unit_tree()["hai_phong"]
        editor = make_user("hp-editor", unit=unit)
        make_donor(unit, "Hands of Friendship")
        rows = [{**GOOD[0], "reference": f"R-{n}"} for n in range(5)]
        job = import_job_create(model=AidImportJob, actor=editor, unit=unit, filename="a.xlsx", content=xlsx(rows))
        tasks.check_aid_import.enqueue(job.pk)
        AidImportJob.objects.filter(pk=job.pk).update(status=Status.QUEUED)
        seen = []
        real = JobProgress.__call__

        def spy(self, done, total, stage):
            real(self, done, total, stage)
            if stage == "write":
                other = connections.create_connection("default")
                try:
                    with other.cursor() as cursor:
                        cursor.execute(
                            f"SELECT status, done, total FROM {AidImportJob._meta.db_table} WHERE id = %s", [job.pk]
                        )
                        seen.append(cursor.fetchone())
                        cursor.execute("SELECT count(*) FROM aid_aiditem")
                        seen.append(cursor.fetchone())
                finally:
                    other.close()

        with (
            mock.patch("amity.aid.imports.BATCH", 2),
            mock.patch.object(JobProgress, "__call__", spy),
        ):
            tasks.commit_aid_import.enqueue(job.pk)
        job.refresh_from_db()
        self.assertEqual((job.status, job.created_count), (Status.DONE, 5))
        self.assertIn(("importing", 2, 5), seen)
        self.assertIn(("importing", 4, 5), seen)
        # nothing of the import is visible to others before it commits
        self.assertEqual({n for (n,) in seen[1::2]}, {0})

"""The compatriot import job's commit writes the rows its check kept when nothing they were checked
against has changed (the same file, columns, options and language, the same countries, provinces,
associations and persons recorded); any change between the two, and the file is checked again."""

from datetime import date
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from amity.audit.models import ObjectChange
from amity.geo.models import Country
from amity.units.testing import make_unit_tree, make_user

from .. import imports
from ..models import Compatriot, ImportJob
from .factories import compatriot
from .test_imports import csv_file

ROWS = ("Nguyễn Văn An,Nam,1975,,Bắc Giang,Séc,,15/01/2026", "Trần Thị Bình,Nữ,1980,02/03/1980,Bắc Ninh,Đức,,")


class KeptCheckTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.unit = cls.u["bac_ninh"]
        cls.user = make_user("bn-plan-editor", unit=cls.unit)

    def upload(self, *rows: str, **options) -> ImportJob:
        self.client.force_login(self.user)
        upload = SimpleUploadedFile("kieu-bao.csv", csv_file(*rows))
        self.client.post(
            reverse("diaspora:import"),
            {"file": upload, "unit": self.unit.pk, "consent_on": "15/01/2026", **options},
        )
        job = ImportJob.objects.latest("pk")
        self.assertEqual(job.status, "checked", job.report)
        return job

    def commit(self, job: ImportJob) -> tuple[ImportJob, int]:
        """Commit through the page and the worker's task; the job and how often the file was checked."""
        with mock.patch.object(imports, "check", wraps=imports.check) as check:
            self.client.post(reverse("diaspora:import_job", args=[job.pk]))
        job.refresh_from_db()
        return job, check.call_count

    def test_nothing_changed_the_checked_rows_are_written_without_checking_the_file_again(self):
        job, checks = self.commit(self.upload(*ROWS))
        self.assertEqual((job.status, job.created_count, checks), ("done", 2, 0))
        people = {p.full_name: p for p in Compatriot.objects.filter(unit=self.unit)}
        self.assertEqual(
            {name: (p.birth_year, p.country.iso_alpha2, p.consent_on) for name, p in people.items()},
            {
                "Nguyễn Văn An": (1975, "CZ", date(2026, 1, 15)),
                "Trần Thị Bình": (1980, "DE", date(2026, 1, 15)),  # the upload's consent date filled in
            },
        )
        logged = ObjectChange.objects.filter(source="import", content_type__model="compatriot")
        self.assertEqual(sorted(logged.values_list("object_id", flat=True)), sorted(str(p.pk) for p in people.values()))

    def test_a_person_recorded_meanwhile_has_the_file_checked_again_and_refused(self):
        job = self.upload(*ROWS)
        compatriot(self.unit, "Nguyễn Văn An", country="CZ", birth_year=1975)  # on screen, between check and commit
        job, checks = self.commit(job)
        self.assertEqual((job.status, job.created_count, checks), ("failed", 0, 1))
        self.assertEqual(job.report["errors"][0][0], 2)  # the file's row 2: already in the registry
        self.assertEqual(Compatriot.objects.filter(unit=self.unit).count(), 1)

    def test_a_country_renamed_meanwhile_has_the_file_checked_again(self):
        job = self.upload(*ROWS)
        Country.objects.filter(iso_alpha2="CZ").update(name_vi="Cộng hòa Séc")  # "Séc" no longer names it
        job, checks = self.commit(job)
        self.assertEqual((job.status, checks), ("failed", 1))
        self.assertEqual([row for row, *_rest in job.report["errors"]], [2])
        self.assertFalse(Compatriot.objects.filter(unit=self.unit).exists())

    def test_a_check_kept_for_another_job_is_not_used(self):
        first = self.upload(ROWS[0])
        second = self.upload(ROWS[1])  # the worker keeps one file's rows: the second's
        first, checks = self.commit(first)
        self.assertEqual((first.status, first.created_count, checks), ("done", 1, 1))
        second, checks = self.commit(second)  # checked again: the first file's person was recorded since
        self.assertEqual((second.status, second.created_count, checks), ("done", 1, 1))

"""Query counts of the import pages the generic count cannot open (they need an uploaded file):
each importer's job page at its mapping step, at its preview (every row ready) and with an error in
every row asks no more queries for a file of 3N rows than for one of N."""

from datetime import date, timedelta

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, reset_queries
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from amity.aid.imports import COLUMNS as AID_COLUMNS
from amity.aid.models import AidImportJob
from amity.aid.services import sectors_load
from amity.aid.tests.factories import make_donor
from amity.aid.tests.test_exchange import GOOD, xlsx
from amity.diaspora.models import ContributionImportJob, ImportJob
from amity.diaspora.tests.factories import compatriot
from amity.diaspora.tests.test_contribution_import import workbook
from amity.diaspora.tests.test_imports import csv_file
from amity.units.testing import make_unit_tree, make_user

N = 2


def aid_rows(count: int, *, bad: bool = False) -> bytes:
    rows = [
        {**GOOD[0], "reference": f"HP-Q-{i}", "committed_amount": "năm trăm" if bad else "1.500.000"}
        for i in range(count)
    ]
    return xlsx(rows, columns=AID_COLUMNS)


def contribution_rows(count: int, *, bad: bool = False) -> bytes:
    first = date(2026, 1, 1)
    return workbook(
        [
            ["Nguyễn Thị Lan", "05/03/1970", f"{first + timedelta(days=i):%d/%m/%Y}", "mười" if bad else "5.000.000"]
            + ["VND", None, None, None, None]
            for i in range(count)
        ]
    )


def compatriot_rows(count: int, *, bad: bool = False) -> bytes:
    year = "năm" if bad else "{year}"
    return csv_file(
        *(f"Nguyễn Văn Số {i},Nam,{year.format(year=1950 + i)},,Bắc Giang,Séc,,15/01/2026" for i in range(count))
    )


class ImportPageQueryCountTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        sectors_load()
        cls.u = make_unit_tree()
        cls.unit = cls.u["hai_phong"]
        cls.editor = make_user("counts-import-editor", unit=cls.unit)
        make_donor(cls.unit, "Hands of Friendship")
        compatriot(cls.unit, "Nguyễn Thị Lan", birth_date=date(1970, 3, 5))

    def setUp(self):
        self.client.force_login(self.editor)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"

    def job_page_queries(self, upload_url: str, model, content: bytes, name: str, status: str, shows: str) -> int:
        response = self.client.post(upload_url, {"file": SimpleUploadedFile(name, content), "unit": self.unit.pk})
        self.assertEqual(response.status_code, 302)
        job = model.objects.latest("pk")
        self.assertEqual(job.status, status, job.report)
        self.client.get(job.get_absolute_url())  # warm-up: process-wide caches filled
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            page = self.client.get(job.get_absolute_url())
        self.assertContains(page, shows)  # the page shows the file's last row
        return len(queries)

    def assert_constant(self, upload_url, model, rows, name, status, *, shows, **kwargs):
        few = self.job_page_queries(upload_url, model, rows(N, **kwargs), name, status, shows(N - 1))
        many = self.job_page_queries(upload_url, model, rows(3 * N, **kwargs), name, status, shows(3 * N - 1))
        self.assertEqual(many, few, f"{model.__name__} at {status}: {few} queries for {N} rows, {many} for {3 * N}")

    def test_the_aid_import_preview_and_its_errors(self):
        url = reverse("aid:import")
        for status, bad in ((AidImportJob.Status.CHECKED, False), (AidImportJob.Status.FAILED, True)):
            self.assert_constant(url, AidImportJob, aid_rows, "vien-tro.xlsx", status, shows="HP-Q-{}".format, bad=bad)

    def test_the_contribution_import_preview_and_its_errors(self):
        url, model = reverse("diaspora:contribution_import"), ContributionImportJob

        def shows(i: int) -> str:
            return f"{date(2026, 1, 1) + timedelta(days=i):%d/%m/%Y}"

        for status, bad in ((model.Status.CHECKED, False), (model.Status.FAILED, True)):
            self.assert_constant(url, model, contribution_rows, "dong-gop.xlsx", status, shows=shows, bad=bad)

    def test_the_compatriot_import_preview_and_its_errors(self):
        url = reverse("diaspora:import")
        shown = "Nguyễn Văn Số {}".format
        self.assert_constant(url, ImportJob, compatriot_rows, "kieu-bao.csv", ImportJob.Status.CHECKED, shows=shown)
        error_row = "<tr><td>{}</td>".format  # the refused file lists each error by row (the heading is row 1)
        self.assert_constant(
            url,
            ImportJob,
            compatriot_rows,
            "kieu-bao.csv",
            ImportJob.Status.FAILED,
            shows=lambda i: error_row(i + 2),
            bad=True,
        )

    def test_the_mapping_step_of_each_import(self):
        def unmapped(count: int) -> bytes:  # headings no import recognises
            return workbook([[f"HP-{i}", f"Cầu dân sinh {i}"] for i in range(count)], header=["Mã số", "Tên cầu"])

        for url, model in (
            (reverse("aid:import"), AidImportJob),
            (reverse("diaspora:contribution_import"), ContributionImportJob),
            (reverse("diaspora:import"), ImportJob),
        ):
            with self.subTest(model=model.__name__):
                self.assert_constant(
                    url, model, unmapped, "danh-sach.xlsx", model.Status.MAPPING, shows=lambda i: "Tên cầu"
                )

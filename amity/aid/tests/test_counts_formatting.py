"""The aid pages write their counts as numbers of the reader's language: the transactions left out
for want of a rate, the previous term's items, the donors' pages, the imports' rows and errors. A
central union's aid runs to tens of thousands of items and half a million transactions."""

import dataclasses
from types import SimpleNamespace
from unittest import mock

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.paginator import Paginator
from django.test import TestCase

from amity.aid import selectors
from amity.aid.models import AidImportJob
from amity.aid.tests.factories import AidItemFactory
from amity.core.testing import THOUSANDS_SEPARATORS, pages_in_languages, written_in
from amity.units.testing import make_unit_tree, make_user

BESIDE = selectors.aid_figures_beside  # the selector itself, before the widget's is replaced
MISSING = [("USD", 2024, 1_234)]  # transactions without a rate: currency, year, count


def previous_term_in_thousands(**scope):
    """``aid_figures_beside`` with the previous term's items past a thousand."""
    figures, earlier = BESIDE(**scope)
    return figures, [dataclasses.replace(totals, items=2_345) for totals in earlier]


class AidCountsWrittenAsNumbersTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.unit = make_unit_tree()["hai_phong"]
        cls.user = make_user("hp-aid-numbers", unit=cls.unit)
        AidItemFactory(unit=cls.unit)

    def setUp(self):
        self.client.force_login(self.user)

    def test_the_figures_page_and_widget_count_the_transactions_without_a_rate(self):
        with (
            mock.patch("amity.aid.views.selectors.missing_rates_summary", return_value=MISSING),
            mock.patch("amity.aid.dashboard.selectors.missing_rates_summary", return_value=MISSING),
            mock.patch("amity.aid.dashboard.selectors.aid_figures_beside", previous_term_in_thousands),
        ):
            for url in ("/aid/figures/", "/dashboard/aid/"):
                for language, html, written in pages_in_languages(self.client, url, 1_234, 2_345):
                    with self.subTest(url=url, language=language):
                        self.assertRegex(
                            html, f'data-figure="missing-rates">.*\n<ul class="mb-0"><li>[^<]*{written(1_234)}'
                        )
                        if url == "/dashboard/aid/":
                            self.assertIn(f'data-figure="previous-items">{written(2_345)}<', html)

    def test_the_donors_pages(self):
        with mock.patch.object(Paginator, "count", 123_456):  # 1,235 pages of 100 donors
            for language, html, written in pages_in_languages(self.client, "/aid/figures/donors/", 1_235):
                with self.subTest(language):
                    self.assertIn(f'<span class="page-link">1 / {written(1_235)}</span>', html)

    def job(self, **fields):
        return AidImportJob.objects.create(
            unit=self.unit, user=self.user, filename="vien-tro.xlsx", content=b"", **fields
        )

    def test_the_imports_rows_and_errors(self):
        done = self.job(status="done", created_count=1_234, updated_count=2_345)
        self.job(status="failed", report={"errors": [[2, "A", "B", "?"]] * 3_456})
        for url in ("/aid/import/", f"/aid/import/{done.pk}/"):
            for language, html, written in pages_in_languages(self.client, url, 1_234, 2_345, 3_456):
                with self.subTest(url=url, language=language):
                    self.assertRegex(html, f"{written(1_234)}[^<\\d]*{written(2_345)}")
                    if url == "/aid/import/":
                        self.assertRegex(html, f"<td>[^<]*{written(3_456)}[^<]*</td>")

    def test_an_iati_import_s_message(self):
        imported = SimpleNamespace(created=1_234, updated=2_345)
        for language in THOUSANDS_SEPARATORS:
            with self.subTest(language), mock.patch("amity.aid.views.iati.activities_import", return_value=imported):
                self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
                upload = SimpleUploadedFile("iati.xml", b"<iati-activities/>")
                response = self.client.post("/aid/iati/import/", {"file": upload}, follow=True)
                message = str(next(iter(response.context["messages"])))
                self.assertIn(written_in(language, 1_234), message)
                self.assertIn(written_in(language, 2_345), message)

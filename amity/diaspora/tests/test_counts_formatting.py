"""The diaspora's statistics, its widget, its import pages and the duplicates search write their
counts as numbers of the reader's language: a central union counts a million compatriots, and an
import or a search runs to tens of thousands of rows."""

import dataclasses
from decimal import Decimal
from unittest import mock

from django.test import TestCase
from django.utils import timezone

from amity.core.testing import pages_in_languages
from amity.diaspora import selectors
from amity.diaspora.models import ContributionImportJob, DuplicateScan, ImportJob
from amity.diaspora.tests.factories import CompatriotFactory
from amity.units.testing import make_unit_tree, make_user

FIGURES = selectors.diaspora_figures  # the selector itself, before the pages' is replaced


def figures_in_thousands(**scope):
    """``diaspora_figures`` with a country's count, an association's members, the countries and a
    missing rate's contributions past a thousand."""
    figures = FIGURES(**scope)
    return dataclasses.replace(
        figures,
        total=9_999,
        countries=1_234,
        rows=[{**row, "count": 2_345} for row in figures.rows],
        associations=[{"id": 1, "name": "Hội đồng hương", "members": 3_456}],
        missing_rates=[{"currency": "USD", "year": 2024, "count": 4_567, "amount": Decimal(10)}],
    )


class DiasporaCountsWrittenAsNumbersTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.unit = make_unit_tree()["hai_phong"]
        cls.user = make_user("hp-diaspora-numbers", unit=cls.unit)
        CompatriotFactory(unit=cls.unit)

    def setUp(self):
        self.client.force_login(self.user)

    def test_the_statistics_and_the_widget(self):
        with (
            mock.patch("amity.diaspora.views.selectors.diaspora_figures", figures_in_thousands),
            mock.patch("amity.diaspora.dashboard.selectors.diaspora_figures", figures_in_thousands),
        ):
            pages = pages_in_languages(self.client, "/diaspora/statistics/", 2_345, 3_456, 4_567)
            for language, html, written in pages:
                with self.subTest(page="statistics", language=language):
                    self.assertIn(f"<td>{written(2_345)}</td>", html)
                    self.assertIn(f'<td data-members="1">{written(3_456)}</td>', html)
                    self.assertIn(f"USD ({written(4_567)})", html)
            for language, html, written in pages_in_languages(self.client, "/dashboard/diaspora/", 1_234):
                with self.subTest(page="widget", language=language):
                    self.assertIn(f'data-figure="countries">{written(1_234)}<', html)

    def job(self, model, **fields):
        return model.objects.create(unit=self.unit, user=self.user, filename="danh-sach.xlsx", content=b"", **fields)

    def test_a_compatriot_import_s_report(self):
        done = self.job(ImportJob, status="done", created_count=1_234, total=1_234, done=1_234)
        for language, html, written in pages_in_languages(self.client, f"/diaspora/import/{done.pk}/", 1_234):
            with self.subTest(job="done", language=language):
                self.assertRegex(html, f'data-report="done">[^<]*{written(1_234)}')
                self.assertIn(f"{written(1_234)} / {written(1_234)}</div>", html)
        report = {"skipped_count": 2_345, "skipped": [], "unresolved": 3_456, "error_count": 4_567}
        report["errors"] = [[2, "Họ và tên", "?"]]
        checked = self.job(ImportJob, status="checked", report=report)
        counts = (2_345, 3_456, 4_567)
        for language, html, written in pages_in_languages(self.client, f"/diaspora/import/{checked.pk}/", *counts):
            with self.subTest(job="checked", language=language):
                self.assertRegex(html, f'data-report="skipped">[^<]*{written(2_345)}')
                self.assertRegex(html, f'data-report="unresolved">[^<]*{written(3_456)}')
                self.assertRegex(html, f'<h2 class="h5">[^<]*{written(4_567)}')

    def test_a_contribution_import_s_pages(self):
        done = self.job(ContributionImportJob, status="done", created_count=1_234, updated_count=2_345)
        refused = self.job(ContributionImportJob, status="failed", report={"errors": [[2, "A", "B", "?"]] * 3_456})
        for url in ("/diaspora/contributions/import/", f"/diaspora/contributions/import/{done.pk}/"):
            for language, html, written in pages_in_languages(self.client, url, 1_234, 2_345):
                with self.subTest(url=url, language=language):
                    self.assertRegex(html, f"{written(1_234)}[^<\\d]*{written(2_345)}")
        for url in ("/diaspora/contributions/import/", f"/diaspora/contributions/import/{refused.pk}/"):
            for language, html, written in pages_in_languages(self.client, url, 3_456):
                with self.subTest(url=url, language=language):
                    self.assertRegex(html, f">[^<]*{written(3_456)}")

    def test_the_duplicates_search_says_how_many_persons_it_compared(self):
        DuplicateScan.objects.create(user=self.user, status="done", persons=12_345, finished=timezone.now())
        for language, html, written in pages_in_languages(self.client, "/diaspora/duplicates/", 12_345):
            with self.subTest(language):
                self.assertRegex(html, f'data-scan="done">[^<]*{written(12_345)}')

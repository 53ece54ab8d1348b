"""A report is found in the search box by its number or title however many the union keeps: the
search reads the reports' own search column, not the newest rows it scores
(``core.matching.CANDIDATES``, made 3 here)."""

from unittest import mock

from django.test import TestCase

from amity.core.testing import search_links
from amity.units.testing import make_unit_tree, make_user

from .factories import ReportFactory


@mock.patch("amity.core.matching.CANDIDATES", 3)
class OldestReportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        hai_phong = make_unit_tree()["hai_phong"]
        cls.editor = make_user("hp-editor", unit=hai_phong)
        cls.oldest = ReportFactory(unit=hai_phong, number="25/BC-LHHN", title="Báo cáo sơ kết giao lưu với Kurashiki")
        ReportFactory.create_batch(4, unit=hai_phong)

    def test_the_oldest_is_found_by_title_without_diacritics_and_by_number(self):
        self.client.force_login(self.editor)
        for query in ("bao cao so ket kurashiki", "25/bc-lhhn"):
            with self.subTest(query=query):
                self.assertIn(self.oldest.get_absolute_url(), search_links(self.client, query))

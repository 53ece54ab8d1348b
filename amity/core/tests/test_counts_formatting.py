"""The generic screens write their counts as numbers of the reader's language: a record's count
fields, a list's "N records" (exact or estimated), its page links, the deleted records' count and
pages. A central union's lists run to a million records and twenty thousand pages."""

from unittest import mock

from django.core.paginator import Paginator
from django.test import TestCase

from amity.core.pagination import EstimatingPaginator
from amity.core.roles import Role
from amity.core.testing import pages_in_languages
from amity.registry.tests.factories import OrganisationFactory
from amity.units.testing import make_unit_tree, make_user

RECORDS = 123_456
PAGES = 2_470  # of 50 records
NEXT_PAGE = {"vi": "Trang sau", "en": "Next page", "ru": "Следующая страница"}


class ListCountsWrittenAsNumbersTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        units = make_unit_tree()
        cls.province = make_user("numbers-editor", unit=units["hai_phong"])
        cls.centre = make_user("numbers-centre", unit=units["vufo"], role=Role.VIEWER)
        cls.organisation = OrganisationFactory(unit=units["hai_phong"], member_count=1_234)
        OrganisationFactory(unit=units["hai_phong"]).delete()

    def test_a_list_counted_exactly_writes_its_count_and_page_links(self):
        self.client.force_login(self.province)
        with mock.patch.object(EstimatingPaginator, "count", RECORDS):
            for language, html, written in pages_in_languages(self.client, "/registry/organisations/", RECORDS, PAGES):
                with self.subTest(language):
                    self.assertIn(f'<p class="text-muted small">{written(RECORDS)} ', html)
                    self.assertRegex(html, rf">\s*{written(PAGES)}\s*</a>")  # the last page's link
                    self.assertRegex(html, rf'rel="next">{NEXT_PAGE[language]} <')  # django-tables2 has no Vietnamese

    def test_an_estimated_count_is_written_as_a_number(self):
        self.client.force_login(self.centre)
        with mock.patch("amity.core.pagination.table_estimate", return_value=1_234_567):
            for language, html, written in pages_in_languages(self.client, "/registry/organisations/", 1_200_000):
                with self.subTest(language):
                    self.assertRegex(html, f"<span data-count-estimated>[^<\\d]*{written(1_200_000)} ")

    def test_the_deleted_records_count_and_pages(self):
        self.client.force_login(self.province)
        with mock.patch.object(Paginator, "count", RECORDS):
            for language, html, written in pages_in_languages(self.client, "/registry/organisations/deleted/", RECORDS):
                with self.subTest(language):
                    self.assertIn(f'<p class="text-muted small">{written(RECORDS)} ', html)
                    self.assertIn(f"1 / {written(PAGES)}</span>", html)

    def test_a_record_s_page_writes_its_count_fields_as_numbers(self):
        self.client.force_login(self.province)
        url = self.organisation.get_absolute_url()
        for language, html, written in pages_in_languages(self.client, url, 1_234):
            with self.subTest(language):
                self.assertIn(f"<td>{written(1_234)}</td>", html)

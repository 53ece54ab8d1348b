"""A congress's elected bodies, an elected body's page and a stated figure's page write their counts
as numbers of the reader's language (a national congress elects hundreds; a figure computed from
records counts thousands of them)."""

import dataclasses
from unittest import mock

from django.test import TestCase

from amity.core.testing import pages_in_languages
from amity.union import selectors
from amity.union.tests.factories import CongressFactory, ElectedBodyFactory, StatedFigureFactory
from amity.units.testing import make_unit_tree, make_user

COMPARED = selectors.figure_comparison  # the selector itself, before the page's is replaced


def computed_from_thousands(**kwargs):
    """``figure_comparison`` with its value computed from 12,345 records (not 2,345: a congress of
    the factories opens its term in 2020 + 5n, and the page writes that year)."""
    comparison = COMPARED(**kwargs)
    computed = dataclasses.replace(comparison.computed, records=12_345)
    return dataclasses.replace(comparison, computed=computed)


class UnionCountsWrittenAsNumbersTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        unit = make_unit_tree()["hai_phong"]
        cls.user = make_user("hp-union-numbers", unit=unit)
        cls.congress = CongressFactory(unit=unit)
        cls.body = ElectedBodyFactory(congress=cls.congress, size=1_234)
        cls.figure = StatedFigureFactory(unit=unit, congress=cls.congress)

    def setUp(self):
        self.client.force_login(self.user)

    def test_a_congress_and_its_body_write_the_members_elected(self):
        for url in (self.congress.get_absolute_url(), self.body.get_absolute_url()):
            for language, html, written in pages_in_languages(self.client, url, 1_234):
                with self.subTest(url=url, language=language):
                    self.assertRegex(html, f'<span class="badge bg-secondary"[^>]*>[^<]*{written(1_234)}')

    def test_a_stated_figure_counts_the_records_its_computed_value_comes_from(self):
        with mock.patch("amity.union.views.selectors.figure_comparison", computed_from_thousands):
            for language, html, written in pages_in_languages(self.client, self.figure.get_absolute_url(), 12_345):
                with self.subTest(language):
                    self.assertRegex(
                        html, f'data-figure="computed">.*<small class="text-muted">\\([^<]*{written(12_345)}'
                    )

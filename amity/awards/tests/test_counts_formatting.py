"""The award figures page and widget write their counts as numbers of the reader's language (grouped
thousands), as the roll-up table beside them does: a central union's totals are in the tens of thousands."""

import re
from unittest import mock

from django.test import TestCase

from amity.awards import selectors
from amity.awards.tests.factories import AwardFactory
from amity.core.roles import Role
from amity.core.testing import pages_in_languages
from amity.units.testing import make_unit_tree, make_user

THOUSANDS = 1000
COUNTED = selectors.award_counts  # the selector itself, before the page's is replaced


def counted_in_thousands(**scope) -> dict:
    """``award_counts`` with every count (not the years) a thousand times larger."""
    counts = COUNTED(**scope)
    counts["total"] *= THOUSANDS
    counts["by_type"] = [(name, n * THOUSANDS) for name, n in counts["by_type"]]
    counts["by_type_and_kind"] = [
        (name, {kind: n * THOUSANDS for kind, n in by_kind.items()}, n * THOUSANDS)
        for name, by_kind, n in counts["by_type_and_kind"]
    ]
    for key in ("by_kind", "by_origin"):
        counts[key] = [(code, label, n * THOUSANDS) for code, label, n in counts[key]]
    counts["by_year"] = [(year, n * THOUSANDS) for year, n in counts["by_year"]]
    return counts


class CountsWrittenAsNumbersTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        unit = make_unit_tree()["hai_phong"]
        cls.user = make_user("hp-numbers", unit=unit, role=Role.EDITOR)
        AwardFactory(decision__unit=unit)
        AwardFactory(decision__unit=unit)

    def test_the_page_groups_thousands_in_the_language(self):
        self.client.force_login(self.user)
        with mock.patch("amity.awards.views.selectors.award_counts", counted_in_thousands):
            for language, html, written in pages_in_languages(self.client, "/awards/counts/", 2000):
                with self.subTest(language):
                    self.assertRegex(html, f'data-figure="total">{written(2000)}<')
                    by_year = re.search(r"<td>(\d{4})</td><td>([^<]+)</td>", html)
                    self.assertEqual(by_year.group(2), written(2000))  # the year itself stays as it is

"""The activity figures page writes every count as a number of the reader's language (grouped thousands), as
its total and the roll-up table beside it do: a central union's delegations and countries run to thousands."""

from datetime import date
from unittest import mock

from django.test import TestCase
from django.utils import timezone

from amity.activities import selectors
from amity.activities.tests.factories import ActivityFactory
from amity.core.roles import Role
from amity.core.testing import pages_in_languages
from amity.union.testing import FiguresQueryChecks
from amity.units.testing import make_unit_tree, make_user

THOUSANDS = 1000
COUNTED = selectors.activity_figures  # the selector itself, before the page's is replaced


def counted_in_thousands(**scope) -> dict:
    """``activity_figures`` with the delegations and the countries' and partners' counts a thousand times larger."""
    figures = COUNTED(**scope)
    for side in figures["delegations"].values():
        side["count"] *= THOUSANDS
        side["people"] *= THOUSANDS
    figures["by_country"] = [(name, n * THOUSANDS) for name, n in figures["by_country"]]
    figures["by_partner"] = [(name, n * THOUSANDS) for name, n in figures["by_partner"]]
    return figures


class FiguresWrittenAsNumbersTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        unit = make_unit_tree()["hai_phong"]
        cls.user = make_user("hp-activity-numbers", unit=unit, role=Role.EDITOR)
        ActivityFactory(unit=unit, participants=2, start_date=timezone.localdate())  # in the page's default year

    def test_the_page_groups_thousands_in_the_language(self):
        self.client.force_login(self.user)
        with mock.patch("amity.activities.views.selectors.activity_figures", counted_in_thousands):
            for language, html, written in pages_in_languages(self.client, "/activities/figures/", 1000, 2000):
                with self.subTest(language):
                    self.assertIn(f'data-figure="in-count">{written(1000)}<', html)
                    self.assertIn(f'data-figure="in-people">{written(2000)}<', html)
                    self.assertIn('data-figure="out-count">0<', html)
                    self.assertIn(f"<td>{written(1000)}</td>", html)  # each country's and partner's count


class FiguresQueryTests(FiguresQueryChecks, TestCase):
    """The page opens on the current calendar year; the previous term's link shows its activities."""

    url = "/activities/figures/"
    opened, previous, empty_tables = 0, 2, 2  # the tables by country and by partner

    @classmethod
    def setUpTestData(cls):
        unit = make_unit_tree()["hai_phong"]
        cls.user = make_user("hp-activity-terms", unit=unit, role=Role.EDITOR)
        ActivityFactory.create_batch(2, unit=unit, start_date=date(2022, 5, 1))

    def counted(self, response) -> int:
        return response.context["figures"]["total"]

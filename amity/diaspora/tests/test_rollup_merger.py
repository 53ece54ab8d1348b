"""Compatriot figures by the union of a day that records them: every row and the total, before the
2025 merger and today, in the selector, the API and the statistics page."""

from django.test import TestCase

from amity.core.roles import Role
from amity.diaspora.selectors import diaspora_figures
from amity.diaspora.tests.factories import compatriot
from amity.units.testing import BEFORE_MERGER, make_merged_unions, make_user


def rows(figures):
    return [(r["label"], r["count"]) for r in figures.by_unit]


class CompatriotRollupTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = u = make_merged_unions()
        cls.central = make_user("dia-central", unit=u["vufo"], role=Role.VIEWER)
        cls.hp_viewer = make_user("dia-hp", unit=u["hai_phong"], role=Role.VIEWER)
        for key, n in (("bac_giang", 4), ("bg_japan", 1), ("bac_ninh", 2), ("hai_duong", 3), ("hai_phong", 1)):
            for i in range(n):
                compatriot(cls.u[key], f"{key} {i}")

    def test_grouped_by_the_unions_of_2024(self):
        figures = diaspora_figures(user=self.central, day=BEFORE_MERGER)
        self.assertEqual(rows(figures), [("Bắc Giang", 5), ("Hải Dương", 3), ("Bắc Ninh", 2), ("Hải Phòng", 1)])
        self.assertEqual(figures.total, 11)

    def test_grouped_by_todays_unions(self):
        figures = diaspora_figures(user=self.central)
        self.assertEqual(rows(figures), [("Bắc Ninh", 7), ("Hải Phòng", 4)])
        self.assertEqual(figures.total, 11)

    def test_a_unions_figures_of_a_past_day_hold_its_own_records(self):
        own = diaspora_figures(user=self.hp_viewer, unit=self.u["hai_phong"], day=BEFORE_MERGER)
        self.assertEqual((own.total, rows(own)), (1, [("Hải Phòng", 1)]))
        self.assertEqual(diaspora_figures(user=self.hp_viewer, unit=self.u["hai_phong"]).total, 4)

    def test_the_api_and_the_page_take_the_day(self):
        self.client.force_login(self.central)
        body = self.client.get("/api/diaspora/figures/", {"day": "2024-01-01"}).json()
        self.assertEqual(
            [(r["label"], r["count"]) for r in body["by_unit"]],
            rows(diaspora_figures(user=self.central, day=BEFORE_MERGER)),
        )
        self.assertEqual((body["total"], body["day"]), (11, "2024-01-01"))
        bad = self.client.get("/api/diaspora/figures/", {"day": "2024-02-30"})
        self.assertEqual((bad.status_code, list(bad.json())), (400, ["day"]))
        page = self.client.get("/diaspora/statistics/", {"day": "2024-01-01"}).content.decode()
        self.assertIn(
            f'<tr data-unit="{self.u["hai_duong"].pk}"><td>Hải Dương</td><td data-figure="count">3</td>', page
        )

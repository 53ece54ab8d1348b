"""Activity figures grouped by the unions of a day: every row and the total, before the 2025 merger
and today, on the figures page and in the API."""

from datetime import date

from django.test import TestCase

from amity.activities.models import Activity
from amity.activities.selectors import activity_figures
from amity.core.roles import Role
from amity.units.testing import BEFORE_MERGER, make_merged_unions, make_user


def rows(figures):
    return [(r["label"], r["count"]) for r in figures["by_unit"]]


class ActivityRollupTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = u = make_merged_unions()
        cls.central = make_user("act-central", unit=u["vufo"], role=Role.VIEWER)
        cls.hp_viewer = make_user("act-hp", unit=u["hai_phong"], role=Role.VIEWER)
        for key, n in (("bac_giang", 3), ("bg_japan", 1), ("bac_ninh", 2), ("hai_duong", 1), ("hai_phong", 5)):
            for i in range(n):
                Activity.objects.create(unit=u[key], type="other", title=f"{key} {i}", start_date=date(2022, 3, 1 + i))

    def figures(self, user=None, **kwargs):
        return activity_figures(user=user or self.central, start=date(2018, 1, 1), end=date(2023, 12, 31), **kwargs)

    def test_grouped_by_the_unions_of_2024(self):
        figures = self.figures(day=BEFORE_MERGER)
        self.assertEqual(rows(figures), [("Hải Phòng", 5), ("Bắc Giang", 4), ("Bắc Ninh", 2), ("Hải Dương", 1)])
        self.assertEqual(figures["total"], 12)

    def test_grouped_by_todays_unions(self):
        figures = self.figures()
        self.assertEqual(rows(figures), [("Bắc Ninh", 6), ("Hải Phòng", 6)])
        self.assertEqual(figures["total"], 12)

    def test_a_unions_figures_of_a_past_day_hold_its_own_records(self):
        own = self.figures(user=self.hp_viewer, unit=self.u["hai_phong"], day=BEFORE_MERGER)
        self.assertEqual((own["total"], rows(own)), (5, [("Hải Phòng", 5)]))
        merged = self.figures(user=self.hp_viewer, unit=self.u["hai_phong"])
        self.assertEqual((merged["total"], rows(merged)), (6, [("Hải Phòng", 6)]))

    def test_the_api_and_the_page_take_the_day(self):
        self.client.force_login(self.central)
        params = {"start": "2018-01-01", "end": "2023-12-31", "day": "2024-01-01"}
        body = self.client.get("/api/activities/figures/", params).json()
        self.assertEqual([(r["label"], r["count"]) for r in body["by_unit"]], rows(self.figures(day=BEFORE_MERGER)))
        self.assertEqual(body["total"], 12)
        bad = self.client.get("/api/activities/figures/", {**params, "day": "2024-13-01"})
        self.assertEqual((bad.status_code, list(bad.json())), (400, ["day"]))
        page = self.client.get("/activities/figures/", params).content.decode()
        self.assertIn(
            f'<tr data-unit="{self.u["hai_duong"].pk}"><td>Hải Dương</td><td data-figure="count">1</td>', page
        )

"""Aid figures grouped by the unions of a day: every row and the total, before the 2025 merger and
today; a union's own figures as they were (Hải Phòng's 2018–2023 items without Hải Dương's)."""

from decimal import Decimal

from django.test import TestCase

from amity.aid.selectors import aid_figures
from amity.aid.tests.factories import make_donor, make_item
from amity.core.roles import Role
from amity.units.testing import BEFORE_MERGER, make_merged_unions, make_user

START, END = BEFORE_MERGER.replace(year=2018), BEFORE_MERGER.replace(year=2023, month=12, day=31)


def rows(figures):
    return [(r.label, r.items, r.committed) for r in figures.by_unit]


class AidRollupTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = u = make_merged_unions()
        cls.central = make_user("aid-central", unit=u["vufo"], role=Role.VIEWER)
        cls.hp_viewer = make_user("aid-hp", unit=u["hai_phong"], role=Role.VIEWER)
        donor = make_donor(u["vufo"], "East Meets West")
        for unit, amounts in (
            ("bac_giang", ["300000", "200000"]),
            ("bg_japan", ["100000"]),
            ("bac_ninh", ["250000"]),
            ("hai_duong", ["100000"]),  # the 2020 item of the Hải Dương union
            ("hai_phong", ["4000000", "3000000", "2500000"]),
        ):
            for i, amount in enumerate(amounts):
                make_item(u[unit], f"{unit} {i}", donors=[donor], committed=(amount, "USD"))

    def test_grouped_by_the_unions_of_2024(self):
        figures = aid_figures(user=self.central, start=START, end=END, day=BEFORE_MERGER)
        self.assertEqual(
            rows(figures),
            [
                ("Hải Phòng", 3, Decimal("9500000")),
                ("Bắc Giang", 3, Decimal("600000")),
                ("Bắc Ninh", 1, Decimal("250000")),
                ("Hải Dương", 1, Decimal("100000")),
            ],
        )
        self.assertEqual((figures.items, figures.committed), (8, Decimal("10450000")))
        self.assertEqual(sum(r.items for r in figures.by_unit), figures.items)

    def test_grouped_by_todays_unions(self):
        figures = aid_figures(user=self.central, start=START, end=END)
        self.assertEqual(rows(figures), [("Hải Phòng", 4, Decimal("9600000")), ("Bắc Ninh", 4, Decimal("850000"))])
        self.assertEqual((figures.items, figures.committed), (8, Decimal("10450000")))

    def test_a_unions_own_figures_of_a_past_day_hold_only_its_own_records(self):
        hai_phong, hai_duong = self.u["hai_phong"], self.u["hai_duong"]
        own = aid_figures(user=self.hp_viewer, unit=hai_phong, start=START, end=END, day=END)
        self.assertEqual(
            (own.items, own.committed, rows(own)), (3, Decimal("9500000"), [("Hải Phòng", 3, Decimal("9500000"))])
        )
        merged = aid_figures(user=self.hp_viewer, unit=hai_phong, start=START, end=END)
        self.assertEqual((merged.items, merged.committed), (4, Decimal("9600000")))
        theirs = aid_figures(user=self.hp_viewer, unit=hai_duong, start=START, end=END, day=END)
        self.assertEqual(rows(theirs), [("Hải Dương", 1, Decimal("100000"))])

    def test_the_api_takes_the_day(self):
        self.client.force_login(self.hp_viewer)
        params = {"start": "2018-01-01", "end": "2023-12-31", "unit": self.u["hai_duong"].pk, "day": "2024-01-01"}
        body = self.client.get("/api/aid/items/figures/", params).json()
        self.assertEqual([(r["label"], r["items"]) for r in body["by_unit"]], [("Hải Dương", 1)])
        self.assertEqual((body["items"], body["day"]), (1, "2024-01-01"))
        bad = self.client.get("/api/aid/items/figures/", {**params, "day": "01-2024"})
        self.assertEqual((bad.status_code, list(bad.json())), (400, ["day"]))

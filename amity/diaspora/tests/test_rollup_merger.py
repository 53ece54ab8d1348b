"""Compatriot figures by the union of a day that records them: every row and the total, before the
2025 merger and today, in the selector, the API and the statistics page."""

from django.test import TestCase
from django.utils import translation

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


class OneReadForEveryGroupingTests(TestCase):
    """The figures count the compatriots once, by unit and country, and sum every grouping from
    those counts: each row and total equals the compatriots grouped directly, for the central
    union and for Hải Phòng, before the 2025 merger and today, with a deleted compatriot left out."""

    @classmethod
    def setUpTestData(cls):
        cls.u = u = make_merged_unions()
        cls.central = make_user("dia-one-central", unit=u["vufo"], role=Role.VIEWER)
        cls.hp_viewer = make_user("dia-one-hp", unit=u["hai_phong"], role=Role.VIEWER)
        people = (
            ("bac_giang", "JP", 3),
            ("bac_giang", "CZ", 1),
            ("bg_japan", "JP", 2),
            ("hai_duong", "DE", 2),
            ("hai_duong", "US", 1),
            ("hai_phong", "CZ", 2),
            ("hai_phong", "KR", 1),
        )
        for key, country, n in people:
            for i in range(n):
                compatriot(u[key], f"{key} {country} {i}", country=country)
        compatriot(u["hai_phong"], "gone", country="US").delete()

    def direct(self, user, unit, day, field):
        """(label, count) of the live compatriots in the scope grouped by ``field`` of their country."""
        from django.db.models import Count

        from amity.diaspora.models import Compatriot
        from amity.units.rollup import unit_rollup

        people = Compatriot.objects.restrict(user, "view")
        if unit is not None:
            people = people.filter(unit_id__in=unit_rollup(day=day).members_of(unit))
        return people, dict(people.values_list(field).annotate(n=Count("pk")))

    def test_every_grouping_and_total_equals_the_direct_count(self):
        from amity.geo.models import Country

        with translation.override("vi"):
            for user, unit in ((self.central, None), (self.hp_viewer, self.u["hai_phong"])):
                for day in (BEFORE_MERGER, None):
                    with self.subTest(user=user.username, day=day):
                        figures = diaspora_figures(
                            user=user, unit=unit, day=day, group_by=("country", "region", "sub_region", "group")
                        )
                        people, by_country = self.direct(user, unit, day, "country__iso_alpha2")
                        self.assertEqual(figures.total, people.count())
                        self.assertEqual(figures.total, sum(r["count"] for r in figures.by_unit))
                        self.assertEqual(figures.countries, people.values("country").distinct().count())
                        self.assertEqual({r["key"]: r["count"] for r in figures.grouped["country"]}, by_country)
                        names = {c.iso_alpha2: str(c.name) for c in Country.objects.filter(iso_alpha2__in=by_country)}
                        self.assertEqual(
                            {r["label"] for r in figures.grouped["country"]}, {names[k] for k in by_country}
                        )
                        _people, by_region = self.direct(user, unit, day, "country__sub_region__parent__code")
                        self.assertEqual({r["key"]: r["count"] for r in figures.grouped["region"]}, by_region)
                        _people, by_sub_region = self.direct(user, unit, day, "country__sub_region__code")
                        self.assertEqual({r["key"]: r["count"] for r in figures.grouped["sub_region"]}, by_sub_region)
                        self.assertEqual(sum(r["count"] for r in figures.grouped["group"]), figures.total)
                        _people, by_code = self.direct(user, unit, day, "country__iso_numeric")
                        self.assertEqual(figures.by_country_code, by_code)
                        self.assertEqual(figures.rows, figures.grouped["country"])
                        alone = diaspora_figures(user=user, unit=unit, day=day, group_by="region")
                        self.assertEqual(alone.rows, figures.grouped["region"])

from decimal import Decimal

from django.test import TestCase
from django.urls import reverse

from amity.core.demo import DemoContext
from amity.core.testing import make_user
from amity.units import demo as units_demo
from amity.units.choices import Role

from .. import demo, selectors
from ..models import Compatriot


class DemoFiguresTests(TestCase):
    """The Bắc Giang figures of the seed article come out of the selectors, dashboard and API."""

    @classmethod
    def setUpTestData(cls):
        ctx = DemoContext()
        units_demo.load(ctx)
        demo.load(ctx)
        demo.load(ctx)  # idempotent
        cls.ctx = ctx
        cls.bn_editor = ctx.users["bacninh-editor"]
        cls.vufo = make_user("vufo-viewer", unit=ctx.units["vufo"], role=Role.VIEWER)

    def test_shares_by_group_and_continent(self):
        for user in (self.bn_editor, self.vufo):
            groups = selectors.diaspora_figures(user=user, group_by="group")
            self.assertEqual((groups.total, groups.countries), (4000, 42))
            self.assertEqual(selectors.share_of(groups, "Đông Bắc Á"), 60.2)
            regions = selectors.diaspora_figures(user=user, group_by="region")
            self.assertEqual(selectors.share_of(regions, "Châu Âu"), 34.2)
        self.assertEqual(Compatriot.objects.count(), 4000)

    def test_home_province_today_and_before_the_merger(self):
        from datetime import date

        today = selectors.diaspora_figures(user=self.bn_editor, group_by="province")
        self.assertEqual([(r["label"], r["count"]) for r in today.rows], [("Bắc Ninh", 4000)])
        before = selectors.diaspora_figures(user=self.bn_editor, group_by="province", day=date(2022, 1, 1))
        self.assertEqual([(r["label"], r["count"]) for r in before.rows], [("Bắc Giang", 4000)])

    def test_contributions_and_remittances(self):
        figures = selectors.diaspora_figures(user=self.bn_editor)
        self.assertEqual(figures.contributions_total, Decimal("484000000"))
        self.assertEqual(figures.remittances[0]["amount"], Decimal("595750000"))
        self.assertEqual(figures.remittances[0]["period"], (2016, 2021))
        usd = selectors.diaspora_figures(user=self.bn_editor, currency="USD")
        self.assertEqual(usd.contributions_total, Decimal("20595.74"))

    def test_dashboard_and_api_show_the_shares(self):
        self.client.force_login(self.bn_editor)
        response = self.client.get(reverse("dashboard"))
        self.assertContains(response, 'data-share="Đông Bắc Á">60,2%')
        self.assertContains(response, 'data-share="Châu Âu">34,2%')
        self.assertContains(response, "<svg")
        api = self.client.get(reverse("diaspora-api:figures"), {"by": "region"}).json()
        self.assertEqual(api["total"], 4000)
        self.assertIn({"key": "150", "label": "Châu Âu", "count": 1368, "share": 34.2}, api["rows"])
        statistics = self.client.get(reverse("diaspora:statistics"), {"by": "country"})
        self.assertContains(statistics, 'data-figure="countries">42')

    def test_other_province_sees_nothing(self):
        hp = self.ctx.users["haiphong-editor"]
        self.assertEqual(selectors.diaspora_figures(user=hp).total, 0)

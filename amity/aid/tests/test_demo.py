from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.test import TestCase

from amity.aid import demo
from amity.aid.selectors import aid_figures
from amity.audit.models import ObjectChange
from amity.core.demo import DemoContext
from amity.units import demo as units_demo

TERM = {"start": date(2018, 1, 1), "end": date(2023, 12, 31)}


class DemoFiguresTests(TestCase):
    """The seed articles' headline figures, computed by the code the dashboard and the API use."""

    @classmethod
    def setUpTestData(cls):
        cls.ctx = DemoContext()
        units_demo.load(cls.ctx)
        demo.load(cls.ctx)
        cls.users = {u.username: u for u in get_user_model().objects.all()}

    def test_hai_phong_52_items_usd_9_5_million(self):
        f = aid_figures(user=self.users["haiphong-viewer"], unit=self.ctx.units["hai_phong"], currency="USD", **TERM)
        self.assertEqual((f.items, f.committed, f.complete), (52, Decimal("9500000.00"), True))
        self.assertEqual(
            {r.key for r in f.by_beneficiary}, {"women", "children", "hiv", "agent-orange", "disabilities"}
        )

    def test_phu_tho_146_projects_68_donors_usd_14_5_million(self):
        f = aid_figures(user=self.users["phutho-editor"], unit=self.ctx.units["phu_tho"], currency="USD", **TERM)
        self.assertEqual((f.items, f.projects, f.donors, f.committed), (146, 146, 68, Decimal("14500000.00")))

    def test_national_roll_up_and_vnd_reporting(self):
        f = aid_figures(user=self.users["vufo-admin"], unit=self.ctx.units["vufo"], currency="USD", **TERM)
        self.assertEqual((f.items, f.committed), (198, Decimal("24000000.00")))
        self.assertEqual(
            {r.label: r.committed for r in f.by_unit},
            {"Hải Phòng": Decimal("9500000.00"), "Phú Thọ": Decimal("14500000.00")},
        )
        vnd = aid_figures(user=self.users["vufo-admin"], unit=self.ctx.units["vufo"], currency="VND", **TERM)
        self.assertTrue(vnd.complete)
        self.assertGreater(vnd.committed, Decimal("500000000000"))

    def test_reload_changes_nothing(self):
        before = ObjectChange.objects.count()
        demo.load(self.ctx)
        self.assertEqual(ObjectChange.objects.count(), before)

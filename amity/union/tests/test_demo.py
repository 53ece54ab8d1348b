"""The seed articles' congresses, committees and stated figures in the demo, each beside the figure
the demo's records give, and a second load changes nothing."""

from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.utils import translation

from amity.aid import demo as aid_demo
from amity.audit.models import ObjectChange
from amity.core.demo import DemoContext
from amity.diaspora import demo as diaspora_demo
from amity.registry import demo as registry_demo
from amity.union import demo
from amity.union.models import Congress, StatedFigure
from amity.union.selectors import congress_bodies, figure_comparison, term_for
from amity.units import demo as units_demo


class UnionDemoTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.ctx = DemoContext()
        for module in (units_demo, registry_demo, aid_demo, diaspora_demo, demo):
            module.load(cls.ctx)
        cls.users = {u.username: u for u in get_user_model().objects.all()}

    def setUp(self):
        self.enterContext(translation.override("en"))

    def figure(self, unit_key, code):
        return StatedFigure.objects.get(unit=self.ctx.units[unit_key], metric__code=code)

    def compare(self, username, unit_key, code):
        c = figure_comparison(user=self.users[username], figure=self.figure(unit_key, code))
        return (
            c.figure.get_qualifier_display(),
            c.figure.value_display,
            c.figure.when,
            c.computed.value if c.computed is not None and c.computed.records else None,
            c.difference,
        )

    def test_hai_phong_5th_congress_term_chairman_and_52_items_usd_9_5_million(self):
        congress = Congress.objects.get(unit=self.ctx.units["hai_phong"])
        self.assertEqual((congress.ordinal, congress.term_label, congress.held_on_display), (5, "2018–2023", "2018"))
        self.assertEqual(term_for(self.ctx.units["hai_phong"], date(2020, 6, 1)).congress, congress)
        roles = [
            (b.kind, r.person.full_name, r.position)
            for b in congress_bodies(user=self.users["haiphong-editor"], congress=congress)
            for r in b.role_rows
        ]
        self.assertEqual(roles, [("executive", "Đỗ Văn Bình", "chair")])
        user = "haiphong-editor"
        self.assertEqual(
            self.compare(user, "hai_phong", "aid_items")[:3], ("exactly", "52", "January 1, 2018–December 31, 2023")
        )
        money = self.compare(user, "hai_phong", "aid_mobilised")
        self.assertEqual(money[:2], ("exactly", "USD\xa09,500,000"))
        self.assertEqual(money[3] + money[4], Decimal("9500000"))  # beside the records, never added to them

    def test_phu_tho_23_member_committee_and_its_stated_aid_beside_the_records(self):
        congress = Congress.objects.get(unit=self.ctx.units["phu_tho"])
        bodies = congress_bodies(user=self.users["phutho-editor"], congress=congress)
        self.assertEqual(
            [(b.kind, b.size, [r.person.full_name for r in b.role_rows]) for b in bodies],
            [("standing", 23, ["Đỗ Ngọc Dũng"])],
        )
        user = "phutho-editor"
        stated = {code: self.compare(user, "phu_tho", code) for code in ("donors", "aid_projects", "aid_mobilised")}
        self.assertEqual(
            {k: v[:3] for k, v in stated.items()},
            {
                "donors": ("exactly", "68", "2018"),
                "aid_projects": ("exactly", "146", "2018"),
                "aid_mobilised": ("exactly", "USD\xa014,500,000", "2018"),
            },
        )
        for code, (_q, _v, _w, computed, difference) in stated.items():  # beside, never added
            with self.subTest(code=code):
                self.assertEqual(computed + difference, self.figure("phu_tho", code).value)

    def test_bac_giang_figures_as_the_article_states_them(self):
        rows = {
            f.metric.code: (f.get_qualifier_display(), f.value_display, f.when)
            for f in StatedFigure.objects.filter(unit=self.ctx.units["bac_giang"])
        }
        self.assertEqual(
            rows,
            {
                "associations": ("exactly", "9", "November 19, 2022"),
                "branches": ("exactly", "85", "November 19, 2022"),
                "districts": ("exactly", "10", "November 19, 2022"),
                "members": ("nearly", "6,000", "November 19, 2022"),
                "compatriots": ("nearly", "4,000", "November 19, 2022"),
                "compatriot_countries": ("exactly", "42", "November 19, 2022"),
                "remittances": ("exactly", "USD\xa0595,750,000", "2016–2021"),
            },
        )
        remittances = self.compare("bacninh-editor", "bac_giang", "remittances")
        self.assertEqual(remittances[3:], (Decimal("595750000.00"), Decimal("0.00")))  # the diaspora module's record
        self.assertIsNone(self.compare("bacninh-editor", "bac_giang", "members")[3])  # no member records: stated only

    def test_a_second_load_changes_nothing(self):
        before = ObjectChange.objects.count()
        demo.load(self.ctx)
        self.assertEqual(ObjectChange.objects.count(), before)

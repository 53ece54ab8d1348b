import re
from datetime import date
from decimal import Decimal

from django.test import TestCase
from django.urls import reverse
from django.utils import translation

from amity.core.demo import DemoContext
from amity.core.models import ExchangeRate
from amity.core.roles import Role
from amity.core.testing import dashboard_page
from amity.union.testing import FiguresQueryChecks
from amity.units import demo as units_demo
from amity.units.testing import make_unit_tree, make_user

from .. import charts, demo, selectors
from ..models import Compatriot, Contribution
from .factories import ContributionFactory, compatriot


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
        rice = Contribution.objects.get(item="Gạo")
        self.assertEqual(
            (rice.quantity, rice.quantity_unit, rice.amount, rice.organisation.country.iso_alpha2),
            (Decimal(10), "tấn", Decimal(150_000_000), "CZ"),
        )

    def test_money_in_another_currency_goes_through_the_rate_table(self):
        usd = selectors.diaspora_figures(user=self.bn_editor, currency="USD")
        self.assertEqual((usd.contributions_total, usd.missing_rates[0]["amount"]), (0, Decimal(484_000_000)))
        ExchangeRate.objects.create(currency="USD", target="VND", rate=Decimal(23000), year=2021, source="test")
        usd = selectors.diaspora_figures(user=self.bn_editor, currency="USD")
        self.assertEqual((usd.contributions_total, usd.missing_rates), (Decimal("21043.48"), []))
        # a gift in a currency the table does not know is listed, not guessed, and breaks nothing
        Contribution.objects.create(
            unit=self.ctx.units["bac_giang"],
            organisation=Contribution.objects.get(item="Gạo").organisation,
            amount=Decimal("5000"),
            currency="CHF",
            received_on=date(2022, 3, 1),
        )
        vnd = selectors.diaspora_figures(user=self.bn_editor)
        self.assertEqual(vnd.contributions_total, Decimal("484000000"))
        self.assertEqual(vnd.contributions_by_year, [{"year": 2021, "count": 6, "amount": Decimal("484000000")}])
        self.assertEqual(vnd.missing_rates, [{"currency": "CHF", "year": 2022, "count": 1, "amount": Decimal("5000")}])
        self.client.force_login(self.bn_editor)
        self.assertContains(self.client.get(reverse("diaspora:statistics")), 'data-figure="missing-rates"')
        self.assertContains(dashboard_page(self.client), "Đông Bắc Á")
        api = self.client.get(reverse("diaspora-api:figures"), {"currency": "USD"}).json()
        self.assertEqual((api["contributions_total"], api["missing_rates"][0]["currency"]), ("21043.48", "CHF"))
        self.assertEqual(
            (api["missing_rates"][0]["amount"], api["contributions"][0]["amount"]), ("5000.00", "21043.48")
        )
        self.assertEqual(api["contributions_by_year"], [{"year": 2021, "count": 6, "amount": "21043.48"}])

    def test_period_day_and_unit_choices_in_the_api_and_the_screen(self):
        self.client.force_login(self.bn_editor)
        url = reverse("diaspora-api:figures")
        before = self.client.get(url, {"by": "province", "day": "2022-01-01"}).json()
        self.assertEqual([(r["label"], r["count"]) for r in before["rows"]], [("Bắc Giang", 4000)])
        later = self.client.get(url, {"since": "2022-01-01"}).json()
        self.assertEqual((later["contributions"], later["total"]), ([], 4000))
        self.assertEqual(self.client.get(url, {"until": "2021-12-31"}).json()["contributions_total"], "484000000.00")
        for bad in ({"by": "planet"}, {"currency": "XXX"}, {"since": "2022-01-01", "until": "2021-01-01"}):
            with self.subTest(bad=bad):
                self.assertEqual(self.client.get(url, bad).status_code, 400)
        # a unit outside the user's reach is not a choice; one inside narrows the figures
        self.assertEqual(self.client.get(url, {"unit": self.ctx.units["hai_phong"].pk}).status_code, 400)
        self.assertEqual(self.client.get(url, {"unit": self.ctx.units["bac_giang"].pk}).json()["total"], 4000)
        screen = self.client.get(reverse("diaspora:statistics"), {"by": "province", "day": "01/01/2022"})
        self.assertContains(screen, 'data-share="Bắc Giang"')
        screen = self.client.get(reverse("diaspora:statistics"), {"by": "province"})
        self.assertContains(screen, 'data-share="Bắc Ninh"')
        # the money is in dong when no currency is asked, and the box says so
        self.assertContains(screen, '<option value="VND" selected>VND</option>', html=True)

    def test_dashboard_and_api_show_the_shares(self):
        self.client.force_login(self.bn_editor)
        response = dashboard_page(self.client)
        self.assertContains(response, 'data-share="Đông Bắc Á">60,2%')
        self.assertContains(response, 'data-share="Châu Âu">34,2%')
        self.assertContains(response, "<svg")
        api = self.client.get(reverse("diaspora-api:figures"), {"by": "region"}).json()
        self.assertEqual(api["total"], 4000)
        self.assertIn({"key": "150", "label": "Châu Âu", "count": 1368, "share": 34.2}, api["rows"])
        groups = self.client.get(reverse("diaspora-api:figures"), {"by": "group"}).json()
        self.assertEqual(
            [(r["label"], r["count"], r["share"]) for r in groups["rows"]][:1], [("Đông Bắc Á", 2408, 60.2)]
        )
        self.assertEqual(
            [(r["period"], r["amount"], r["currency"]) for r in groups["remittances"]],
            [([2016, 2021], "595750000.00", "USD")],
        )
        gifts = self.client.get(reverse("diaspora-api:contribution-list"), {"kind": "in_kind"}).json()["results"]
        self.assertEqual(
            [(g["item"], g["quantity"], g["quantity_unit"], g["amount"], g["currency"]) for g in gifts],
            [("Gạo", "10.000", "tấn", "150000000.00", "VND")],
        )
        statistics = self.client.get(reverse("diaspora:statistics"), {"by": "country"})
        self.assertContains(statistics, 'data-figure="countries">42')
        czech = Contribution.objects.get(item="Gạo").organisation
        self.assertContains(statistics, f'data-members="{czech.pk}">60<')
        self.assertEqual(api["associations"], [{"id": czech.pk, "name": czech.name, "members": 60}])

    def test_other_province_sees_nothing(self):
        hp = self.ctx.users["haiphong-editor"]
        self.assertEqual(selectors.diaspora_figures(user=hp).total, 0)


def test_the_map_scale_is_written_in_the_readers_language():
    """The scale beside the world map: 10, 100, 1.000 as numbers (the log scale's own labels are TeX,
    which the SVG's plain text printed as "$\\mathdefault{10^{3}}$") and its title, in each language
    even when another language drew the same counts first."""
    counts = {"392": 2500, "840": 12}  # Japan, the United States
    with translation.override("vi"):
        vietnamese = charts.world_map_svg(counts)
    with translation.override("en"):
        english = charts.world_map_svg(counts)
    assert drawn_text(vietnamese) == ["100", "1.000", "số người"]
    assert drawn_text(english) == ["100", "1,000", "persons"]


def drawn_text(svg: str) -> list[str]:
    """The text a chart's SVG writes (matplotlib keeps it as text elements)."""
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)


class StatisticsQueryTests(FiguresQueryChecks, TestCase):
    """The statistics count every year's contributions unless a period is asked (``since``,
    ``until``); the term links give each term's. Shares are written in the reader's numbers."""

    url = "/diaspora/statistics/"
    period_params = ("since", "until")
    opened, previous, empty_tables = Decimal(1_000_000), Decimal(1_000_000), 0  # the compatriots are of no period

    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.user = make_user("hp-diaspora-terms", unit=cls.u["hai_phong"])
        people = [  # half of them in Czechia, 37.5 % in Germany, 12.5 % in Japan
            compatriot(cls.u["hai_phong"], f"Trần Thị Lan {n}", country=code)
            for n, code in enumerate(["CZ"] * 4 + ["DE"] * 3 + ["JP"])
        ]
        ContributionFactory.create_batch(
            2,
            unit=cls.u["hai_phong"],
            compatriot=people[0],
            amount=500_000,
            currency="VND",
            received_on=date(2022, 5, 1),
        )

    def counted(self, response) -> Decimal:
        return response.context["figures"].contributions_total

    def test_shares_are_written_in_the_readers_numbers(self):
        for language, written in (
            ("vi", ["50", "37,5", "12,5"]),
            ("en", ["50", "37.5", "12.5"]),
            ("ru", ["50", "37,5", "12,5"]),
        ):
            with self.subTest(language):
                page = self.figures_page("?by=country", language).content.decode()
                self.assertEqual(re.findall(r"data-share=[^>]*>([^<]*)<", page), written)  # a whole share as a count

    def test_a_unit_without_compatriots_says_none(self):
        self.user = make_user("bg-diaspora-none", unit=self.u["bac_giang"])
        self.assertContains(self.figures_page(), 'data-row="none"', count=1)

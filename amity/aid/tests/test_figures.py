from datetime import date
from decimal import Decimal

from django.conf import settings
from django.test import TestCase
from django.urls import reverse

from amity.aid.models import AidDonor, AidTransaction, BeneficiaryGroup, Sector
from amity.aid.selectors import aid_figures
from amity.aid.services import sectors_load
from amity.core.money import convert
from amity.geo.models import Country
from amity.geo.services import province_by_name
from amity.union.selectors import terms_for
from amity.union.testing import FiguresQueryChecks
from amity.units.testing import make_unit_tree, make_user

from .factories import make_donor, make_item, make_rate


class SectorLoadTests(TestCase):
    def test_sectors_come_from_the_published_code_list_and_reload_is_idempotent(self):
        count = sectors_load()
        self.assertGreater(count, 250)
        health = Sector.objects.get(code="12220")
        self.assertEqual((health.name, health.category_code), ("Basic health care", "122"))
        self.assertEqual(sectors_load(), count)


class FigureTests(FiguresQueryChecks, TestCase):
    """Aid figures of Hải Phòng (items A, B and C in the previous term of ``TODAY``) and its page,
    which opens on the current term."""

    url = "/aid/figures/"
    opened, previous, empty_tables = 0, 3, 6  # every breakdown

    @classmethod
    def setUpTestData(cls):
        sectors_load()
        cls.u = make_unit_tree()
        cls.vufo_user = make_user("vufo", unit=cls.u["vufo"])
        cls.hp_user = cls.user = make_user("hp", unit=cls.u["hai_phong"])
        cls.bn_user = make_user("bn", unit=cls.u["bac_ninh"])
        jp, de = Country.objects.get(iso_alpha2="JP"), Country.objects.get(iso_alpha2="DE")
        cls.ngo_jp = make_donor(cls.u["hai_phong"], "Japan NGO", country=jp)
        cls.ngo_de = make_donor(cls.u["hai_phong"], "German NGO", country=de)
        make_rate("USD", "VND", "23000", year=2020)
        make_rate("EUR", "USD", "1.10", year=2020)
        cls.a = make_item(
            cls.u["hai_phong"],
            "A",
            donors=[(cls.ngo_jp, Decimal("75")), (cls.ngo_de, Decimal("25"))],
            committed=("100000", "USD"),
        )
        cls.a.sectors.set(Sector.objects.filter(code__in=["12220", "11220"]))
        cls.a.beneficiary_groups.set(BeneficiaryGroup.objects.filter(code="women"))
        cls.b = make_item(cls.u["hai_phong"], "B", donors=[cls.ngo_de], committed=("230000000", "VND"))
        cls.c = make_item(cls.u["hai_phong"], "C", donors=[cls.ngo_de], committed=("20000", "EUR"))
        # outside the period, not approved, and another province: none of them count for Hải Phòng 2018–2023
        make_item(cls.u["hai_phong"], "Old", donors=[cls.ngo_jp], committed=("999", "USD"), decided=date(2015, 1, 1))
        make_item(cls.u["hai_phong"], "Proposed", status="proposed", committed=("999", "USD"))
        bg_ngo = make_donor(cls.u["bac_giang"], "BG NGO")
        cls.bg = make_item(
            cls.u["bac_giang"], "BG", donors=[bg_ngo], committed=("5000", "USD"), decided=date(2022, 3, 1)
        )

    def figures(self, user, **kw):
        return aid_figures(user=user, start=date(2018, 1, 1), end=date(2023, 12, 31), **kw)

    def test_totals_in_usd_convert_each_currency_and_state_the_rates(self):
        f = self.figures(self.hp_user, currency="USD")
        self.assertEqual((f.items, f.donors, f.donor_countries), (3, 2, 2))
        self.assertEqual(f.committed, Decimal("100000") + Decimal("10000") + Decimal("22000"))
        self.assertTrue(f.complete)
        self.assertEqual({(r["currency"], r["target"]) for r in f.rates_used}, {("USD", "VND"), ("EUR", "USD")})

    def test_breakdowns_add_up_to_the_total_and_follow_shares(self):
        f = self.figures(self.hp_user, currency="USD")
        for rows in (f.by_sector, f.by_donor, f.by_country, f.by_beneficiary, f.by_province, f.by_unit):
            self.assertEqual(sum(r.committed for r in rows), f.committed)
        donors = {r.label: r.committed for r in f.by_donor}
        self.assertEqual(donors, {"Japan NGO": Decimal("75000"), "German NGO": Decimal("57000")})
        self.assertEqual({r.key: r.committed for r in f.by_country}, {"JP": Decimal("75000"), "DE": Decimal("57000")})

    def test_the_breakdowns_asked_for_are_those_of_every_breakdown_and_the_totals_the_same(self):
        full = self.figures(self.hp_user, currency="USD")
        for asked in ((), ("donor", "sector"), ("donor", "sector", "beneficiary")):
            with self.subTest(asked=asked):
                part = self.figures(self.hp_user, currency="USD", breakdowns=asked)
                for name in ("items", "projects", "donors", "donor_countries", "committed", "disbursed", "complete"):
                    self.assertEqual(getattr(part, name), getattr(full, name), name)
                self.assertEqual(part.rates_used, full.rates_used)
                for dimension in ("sector", "donor", "country", "beneficiary", "province", "unit"):
                    rows = getattr(full, f"by_{dimension}") if dimension in asked else []
                    self.assertEqual(getattr(part, f"by_{dimension}"), rows, dimension)

    def test_figures_without_the_donors_counted_have_the_same_totals_and_say_the_donors_were_not_counted(self):
        # one donor of A without a share beside one with: mixed shares, found only when the donors are read
        AidDonor.objects.filter(item=self.a, organisation=self.ngo_de).update(share=None)
        full = self.figures(self.hp_user, currency="USD")
        self.assertTrue(full.mixed_shares)
        part = self.figures(self.hp_user, currency="USD", breakdowns=(), count_donors=False)
        for name in ("items", "projects", "committed", "disbursed", "complete", "disbursement_warnings", "missing"):
            self.assertEqual(getattr(part, name), getattr(full, name), name)
        self.assertEqual(part.rates_used, full.rates_used)
        self.assertEqual((part.donors, part.donor_countries, part.mixed_shares), (None, None, []))
        # a donor breakdown asked for counts them all the same
        donors = self.figures(self.hp_user, currency="USD", breakdowns=("donor",), count_donors=False)
        self.assertEqual((donors.donors, donors.donor_countries, donors.mixed_shares), (2, 2, full.mixed_shares))

    def test_missing_rate_is_reported_and_never_guessed(self):
        AidTransaction.objects.create(
            item=self.a, kind="disbursement", amount=Decimal("500"), currency="GBP", date=date(2020, 7, 1)
        )
        f = self.figures(self.hp_user, currency="USD")
        self.assertFalse(f.complete)
        self.assertEqual([(m["currency"], m["year"]) for m in f.missing], [("GBP", 2020)])
        self.assertEqual(f.disbursed, Decimal("0"))
        self.assertIsNotNone(convert(amount=Decimal("1"), currency="EUR", on=date(2020, 1, 1), target="USD").rate)
        result = convert(amount=Decimal("1"), currency="EUR", on=date(2021, 1, 1), target="USD")
        self.assertEqual((result.amount, result.missing), (None, ("EUR", "USD", 2021)))

    def test_vnd_reporting_uses_inverse_and_reports_missing_cross_rate(self):
        f = self.figures(self.hp_user, currency="VND")
        self.assertEqual(f.committed, Decimal("2300000000") + Decimal("230000000"))
        self.assertEqual([m["currency"] for m in f.missing], ["EUR"])

    def test_daily_rate_takes_precedence_over_the_yearly_one(self):
        make_rate("EUR", "USD", "1.20", day=date(2020, 5, 1))
        self.assertEqual(self.figures(self.hp_user).committed, Decimal("100000") + Decimal("10000") + Decimal("24000"))

    def test_central_union_adds_up_the_provinces_and_merged_unit_rolls_into_successor(self):
        f = self.figures(self.vufo_user)
        self.assertEqual(f.items, 4)
        by_unit = {r.label: r.committed for r in f.by_unit}
        self.assertEqual(by_unit["Bắc Ninh"], Decimal("5000"))
        self.assertEqual(by_unit["Hải Phòng"], Decimal("132000"))
        bn = self.figures(self.bn_user)
        self.assertEqual((bn.items, bn.committed), (1, Decimal("5000")))

    def test_locations_roll_up_into_todays_provinces(self):
        self.bg.locations.set([province_by_name("Bắc Giang", on=date(2022, 1, 1))])
        f = self.figures(self.vufo_user)
        self.assertIn(("Bắc Ninh", Decimal("5000")), [(r.label, r.committed) for r in f.by_province])

    def test_terms_compare(self):
        earlier = aid_figures(user=self.hp_user, start=date(2013, 1, 1), end=date(2017, 12, 31))
        self.assertEqual((earlier.items, earlier.committed), (1, Decimal("999")))
        self.client.force_login(self.hp_user)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        terms = {"a_start": "2013-01-01", "a_end": "2017-12-31", "b_start": "2018-01-01", "b_end": "2023-12-31"}
        page = self.client.get(reverse("aid:compare"), terms)
        self.assertEqual([(label, a, b) for label, a, b in page.context["rows"]][0][1:], (1, 3))
        self.assertContains(page, 'data-figure="a-4">999<')
        self.assertContains(page, 'data-figure="b-4">132,000<')
        reversed_b = self.client.get(reverse("aid:compare"), {**terms, "b_start": "2023-12-31", "b_end": "2018-01-01"})
        self.assertContains(reversed_b, "Second period: Until: The end of the period is before its start.")
        bad_a = self.client.get(reverse("aid:compare"), {**terms, "a_start": "2013-02-30"})
        self.assertContains(bad_a, "First period: From: Enter a valid date.")
        self.assertEqual(bad_a.context["rows"][3][2], Decimal("132000"))  # the second period still shown

    def test_compare_keeps_the_unit_asked_for_both_periods(self):
        """The central union comparing a province sees the province's figures, and "Show" keeps it."""
        self.client.force_login(self.vufo_user)
        terms = {"a_start": "2013-01-01", "a_end": "2017-12-31", "b_start": "2018-01-01", "b_end": "2023-12-31"}
        page = self.client.get(reverse("aid:compare"), {**terms, "unit": self.u["hai_phong"].pk, "currency": "VND"})
        hp = [
            aid_figures(user=self.hp_user, start=date(y, 1, 1), end=date(y + 4, 12, 31), currency="VND")
            for y in (2013, 2018)
        ]
        self.assertEqual([row[1:] for row in page.context["rows"]][3], (hp[0].committed, hp[1].committed))
        self.assertContains(page, f'<input type="hidden" name="unit" value="{self.u["hai_phong"].pk}">')
        self.assertContains(page, '<option value="VND" selected>')
        national = self.client.get(reverse("aid:compare"), terms)
        self.assertGreaterEqual(national.context["rows"][0][2], page.context["rows"][0][2])

    def counted(self, response) -> int:
        return response.context["figures"].items

    def test_the_previous_terms_money_and_the_compare_link_of_the_unit(self):
        previous, _current = terms_for(self.u["hai_phong"], self.TODAY)
        self.assertTrue(previous.start <= self.a.decision_date <= previous.end)
        earlier = self.figures_page(self.figures_page().context["asked"].term_links[1]["url"])
        self.assertEqual(earlier.context["figures"].committed, Decimal("132000"))
        self.assertNotContains(earlier, 'data-row="none"')
        chosen = self.figures_page(f"?unit={self.u['hai_phong'].pk}")
        self.assertContains(chosen, f'href="/aid/compare/?unit={self.u["hai_phong"].pk}"')

"""Stated figures: kept with their qualifier, period and source, shown beside the figure from records
(never added to it), refused with the field named when they cannot be right."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.test import TestCase
from rest_framework.test import APIClient

from amity.aid.tests.factories import make_donor, make_item, make_rate
from amity.core.access import unit_descendant_ids
from amity.core.once import reads_once
from amity.registry.models import Organisation
from amity.registry.tests.factories import OrganisationFactory, country
from amity.union import services
from amity.union.models import StatedFigure
from amity.union.selectors import figure_comparison, stated_beside, stated_rollup
from amity.units.testing import BEFORE_MERGER, make_merged_unions, make_unit_tree, make_user

from .factories import make_figure, metric


class StatedFigureInputTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.editor = make_user("hp", unit=cls.u["hai_phong"])

    def refused(self, field, **data):
        base = {"unit": self.u["hai_phong"], "metric": metric("aid_items"), "value": Decimal(52)}
        base.update(period_start=date(2018, 1, 1), period_end=date(2023, 12, 31))
        base.update(data)
        with self.assertRaises(ValidationError) as caught:
            services.stated_figure_create(actor=self.editor, data=base)
        self.assertIn(field, caught.exception.message_dict)
        self.assertFalse(StatedFigure.objects.exists())

    def test_money_without_currency_is_refused(self):
        self.refused("currency", metric=metric("aid_mobilised"), value=Decimal("9500000"))

    def test_a_count_with_a_currency_is_refused(self):
        self.refused("currency", currency="USD")

    def test_about_on_an_exact_metric_is_refused(self):
        self.refused("qualifier", qualifier="about")
        self.refused(
            "qualifier",
            metric=metric("branches"),
            qualifier="nearly",
            period_start=None,
            period_end=None,
            as_of=date(2022, 11, 19),
        )

    def test_month_precision_with_day_digits_is_refused(self):
        self.refused(
            "period_start", period_start=date(2023, 5, 12), period_start_precision="month", period_end=date(2023, 5, 31)
        )

    def test_no_period_or_both_a_period_and_a_date_are_refused(self):
        self.refused("period_start", period_start=None, period_end=None)
        self.refused("as_of", as_of=date(2023, 1, 1))
        self.refused("period_end", period_end=date(2017, 12, 31))

    def test_an_article_source_needs_its_address_or_title(self):
        self.refused("source_url", source_kind="article")

    def test_a_term_gives_the_period(self):
        from .factories import make_congress

        congress = make_congress(self.u["hai_phong"], 5, date(2018, 10, 20), date(2023, 10, 19))
        figure = services.stated_figure_create(
            actor=self.editor,
            data={
                "unit": self.u["hai_phong"],
                "metric": metric("aid_items"),
                "value": Decimal(52),
                "congress": congress,
            },
        )
        self.assertEqual((figure.period_start, figure.period_end), (date(2018, 10, 20), date(2023, 10, 19)))

    def test_api_refuses_with_the_field_named(self):
        client = APIClient()
        client.force_authenticate(self.editor)
        payload = {
            "unit": self.u["hai_phong"].pk,
            "metric": metric("members").pk,
            "qualifier": "about",
            "value": "6000",
            "as_of": "2022-11-01",
            "as_of_precision": "month",
            "currency": "USD",
        }
        response = client.post("/api/union/stated-figures/", payload, format="json")
        self.assertEqual(response.status_code, 400)
        self.assertIn("currency", response.json())
        payload["currency"] = ""
        response = client.post("/api/union/stated-figures/", payload, format="json")
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["when"], "tháng 11/2022")  # as Vietnamese documents write a month


class ComparisonTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.editor = make_user("hp", unit=cls.u["hai_phong"])
        cls.central = make_user("vufo", unit=cls.u["vufo"])
        ngo = make_donor(cls.u["hai_phong"], "Hands of Friendship")
        make_rate("USD", "VND", "25000", year=2019)
        make_item(
            cls.u["hai_phong"], "Nhà tình thương", donors=[ngo], committed=("1000", "USD"), decided=date(2019, 3, 1)
        )
        make_item(cls.u["hai_phong"], "Học bổng", donors=[ngo], committed=("50000000", "VND"), decided=date(2019, 6, 1))
        cls.items = make_figure(cls.u["hai_phong"], "aid_items", 52)
        cls.money = make_figure(cls.u["hai_phong"], "aid_mobilised", "9500000", currency="USD", qualifier="more_than")
        cls.members = make_figure(
            cls.u["hai_phong"], "members", 6000, qualifier="about", as_of=date(2023, 5, 1), as_of_precision="month"
        )

    def test_stated_beside_computed_with_the_difference_never_added(self):
        items = figure_comparison(user=self.editor, figure=self.items)
        self.assertEqual((items.computed.value, items.computed.records, items.difference), (Decimal(2), 2, Decimal(50)))
        money = figure_comparison(user=self.editor, figure=self.money)
        self.assertEqual(money.computed.value, Decimal("3000.00"))  # 1,000 USD + 50,000,000 VND at 25,000
        self.assertEqual(money.difference, Decimal("9497000.00"))
        members = figure_comparison(user=self.editor, figure=self.members)
        # no member association of the union in the registry: nothing to compare the stated figure with
        self.assertEqual((members.computed.records, members.difference), (0, None))

    def test_api_shows_the_comparison(self):
        client = APIClient()
        client.force_authenticate(self.editor)
        rows = {r["id"]: r for r in client.get("/api/union/stated-figures/").json()["results"]}
        self.assertEqual(
            rows[self.items.pk]["comparison"],
            {"computed": {"value": "2", "records": 2, "currency": "", "complete": True}, "difference": "50.00"},
        )
        self.assertEqual(rows[self.money.pk]["comparison"]["computed"]["value"], "3000.00")
        self.assertEqual(
            rows[self.members.pk]["comparison"],
            {"computed": {"value": "0", "records": 0, "currency": "", "complete": True}, "difference": None},
        )

    def test_period_filter_takes_a_month_precision_figure_in_its_month_and_refuses_end_before_start(self):
        client = APIClient()
        client.force_authenticate(self.editor)

        def ids(query):
            response = client.get("/api/union/stated-figures/?" + query)
            self.assertEqual(response.status_code, 200, response.content)
            return {r["id"] for r in response.json()["results"]}

        self.assertEqual(ids("start=2023-05-01&end=2023-05-31"), {self.members.pk})
        self.assertEqual(ids("start=2023-06-01&end=2023-12-31"), set())
        self.assertEqual(ids("start=2018-01-01&end=2018-12-31"), {self.items.pk, self.money.pk})
        response = client.get("/api/union/stated-figures/?start=2023-06-01&end=2023-05-01")
        self.assertEqual(response.status_code, 400)
        self.assertIn("end", response.json())
        beside = stated_beside(
            user=self.editor, unit=self.u["hai_phong"], start=date(2023, 1, 1), end=date(2023, 12, 31)
        )
        self.assertEqual([c.figure for c in beside], [self.members])

    def test_a_unit_stating_nothing_is_answered_from_the_units_stating(self):
        period = {"start": date(2018, 1, 1), "end": date(2023, 12, 31)}
        with reads_once():
            unit_descendant_ids(self.u["bac_ninh"])  # the unit table, read once a request anyway
            with self.assertNumQueries(1):  # which units state figures; no figure read
                self.assertEqual(stated_beside(user=self.central, unit=self.u["bac_ninh"], **period), [])
            with self.assertNumQueries(0):
                self.assertEqual(stated_beside(user=self.central, unit=self.u["bg_japan"], **period), [])
            beside = stated_beside(user=self.central, unit=self.u["hai_phong"], **period)
            self.assertEqual({c.figure for c in beside}, {self.items, self.money, self.members})
        stated = make_figure(self.u["bac_giang"], "aid_items", 30)  # a union merged into Bắc Ninh's
        beside = stated_beside(user=self.central, unit=self.u["bac_ninh"], **period)
        self.assertEqual([c.figure for c in beside], [stated])

    def test_central_rollup_uses_a_stated_figure_only_where_no_records_are_kept(self):
        make_figure(self.u["bac_ninh"], "aid_items", 30)
        rollup = stated_rollup(
            user=self.central, metric=metric("aid_items"), start=date(2018, 1, 1), end=date(2023, 12, 31)
        )
        rows = {row.unit.name: (row.used, row.uses_stated) for row in rollup.rows}
        self.assertEqual(
            rows,
            {
                "Liên hiệp các tổ chức hữu nghị TP Hải Phòng": (Decimal(2), False),  # records kept: computed, not 52
                "Liên hiệp các tổ chức hữu nghị tỉnh Bắc Ninh": (Decimal(30), True),  # none kept: stated, marked
            },
        )
        self.assertEqual(rollup.total, Decimal(32))

    def test_rollup_converts_stated_money_through_the_rate_table(self):
        make_rate("USD", "VND", "23000", year=2023)
        make_figure(self.u["bac_ninh"], "aid_mobilised", "1000", currency="USD")
        rollup = stated_rollup(
            user=self.central,
            metric=metric("aid_mobilised"),
            start=date(2018, 1, 1),
            end=date(2023, 12, 31),
            currency="VND",
        )
        rows = {row.unit.name: (row.used, row.uses_stated) for row in rollup.rows}
        self.assertEqual(rows["Liên hiệp các tổ chức hữu nghị tỉnh Bắc Ninh"], (Decimal("23000000.00"), True))
        self.assertEqual(rows["Liên hiệp các tổ chức hữu nghị TP Hải Phòng"], (Decimal("75000000.00"), False))
        self.assertEqual(rollup.total, Decimal("98000000.00"))


class StatedRollupAcrossTheMergerTests(TestCase):
    """The central union's roll-up of a metric over 2018–2023, grouped by the unions of a day before
    the 2025 merger and of today: each union of the period is its own row (its records, else its
    stated figure), merged-away unions sit under their successor's name after the merger, and the
    total is the sum of the rows either way."""

    @classmethod
    def setUpTestData(cls):
        cls.u = make_merged_unions()
        cls.central = make_user("vufo", unit=cls.u["vufo"])
        ngo = make_donor(cls.u["hai_phong"], "Hands of Friendship")
        make_item(cls.u["hai_phong"], "Học bổng", donors=[ngo], committed=("1000", "USD"), decided=date(2019, 3, 1))
        make_item(cls.u["hai_phong"], "Xe lăn", donors=[ngo], committed=("1000", "USD"), decided=date(2021, 3, 1))
        make_item(cls.u["hai_duong"], "Giếng nước", donors=[ngo], committed=("1000", "USD"), decided=date(2020, 5, 1))
        make_figure(cls.u["hai_duong"], "aid_items", 9)  # it keeps records: its stated figure is not counted
        make_figure(cls.u["bac_giang"], "aid_items", 5)
        make_figure(cls.u["bg_japan"], "aid_items", 2, period_start=date(2019, 1, 1), period_end=date(2019, 12, 31))
        make_figure(cls.u["bac_ninh"], "aid_items", 7)
        # members: Hải Phòng's and Hải Dương's member associations are in the registry (a foreign
        # partner's count is not their members), Bắc Giang and Bắc Ninh only state theirs
        for key, members in (("hai_phong", 200), ("hai_duong", 50)):
            Organisation.objects.create(
                unit=cls.u[key], name=f"Hội hữu nghị {key}", kind="friendship_association", member_count=members
            )
        OrganisationFactory(
            unit=cls.u["hai_phong"], kind="friendship_association", country=country("KR"), member_count=300
        )
        for key, members in (("bac_giang", 500), ("bac_ninh", 300), ("hai_phong", 999)):
            make_figure(cls.u[key], "members", members, as_of=date(2023, 12, 31))

    def rows(self, day, code="aid_items"):
        rollup = stated_rollup(
            user=self.central, metric=metric(code), start=date(2018, 1, 1), end=date(2023, 12, 31), day=day
        )
        rows = [(row.label, row.unit.pk, row.used, row.uses_stated) for row in rollup.rows]
        self.assertEqual(rollup.total, sum(row.used for row in rollup.rows))
        return rows, rollup.total

    def test_grouped_by_the_unions_before_the_merger_and_today(self):
        u = self.u
        rows, total = self.rows(BEFORE_MERGER)
        self.assertEqual(
            rows,
            [
                ("Bắc Giang", u["bac_giang"].pk, Decimal(5), True),  # its own widest figure, not its association's
                ("Bắc Ninh", u["bac_ninh"].pk, Decimal(7), True),
                ("Hải Dương", u["hai_duong"].pk, Decimal(1), False),
                ("Hải Phòng", u["hai_phong"].pk, Decimal(2), False),
            ],
        )
        self.assertEqual(total, Decimal(15))
        rows, total = self.rows(None)  # today: the same unions, under the names of today
        self.assertEqual(
            rows,
            [
                ("Bắc Ninh", u["bac_giang"].pk, Decimal(5), True),
                ("Bắc Ninh", u["bac_ninh"].pk, Decimal(7), True),
                ("Hải Phòng", u["hai_phong"].pk, Decimal(2), False),  # "thành phố" sorts before "tỉnh"
                ("Hải Phòng", u["hai_duong"].pk, Decimal(1), False),
            ],
        )
        self.assertEqual(total, Decimal(15))

    def test_members_from_the_registry_beside_the_stated_before_the_merger_and_today(self):
        u = self.u
        rows, total = self.rows(BEFORE_MERGER, "members")
        self.assertEqual(
            rows,
            [
                ("Bắc Giang", u["bac_giang"].pk, Decimal(500), True),
                ("Bắc Ninh", u["bac_ninh"].pk, Decimal(300), True),
                ("Hải Dương", u["hai_duong"].pk, Decimal(50), False),
                ("Hải Phòng", u["hai_phong"].pk, Decimal(200), False),  # its records, not its 999 stated
            ],
        )
        self.assertEqual(total, Decimal(1050))
        rows, total = self.rows(None, "members")
        self.assertEqual([(label, used) for label, _pk, used, _stated in rows], [
            ("Bắc Ninh", 500), ("Bắc Ninh", 300), ("Hải Phòng", 200), ("Hải Phòng", 50),
        ])  # fmt: skip
        self.assertEqual(total, Decimal(1050))
        stated = StatedFigure.objects.get(unit=u["hai_phong"], metric__code="members")
        comparison = figure_comparison(user=self.central, figure=stated)
        self.assertEqual((comparison.computed.value, comparison.difference), (Decimal(200), Decimal(799)))

    def test_the_screen_and_the_api_show_the_same_rows_and_total(self):
        self.client.force_login(self.central)
        query = {"start": "2018-01-01", "end": "2023-12-31", "day": "2024-01-01"}
        page = self.client.get("/union/rollup/", {**query, "metric": metric("aid_items").pk})
        self.assertEqual(page.context["rollup"].total, Decimal(15))
        self.assertContains(page, "Bắc Giang")
        api = APIClient()
        api.force_authenticate(self.central)
        data = api.get("/api/union/rollup/", {**query, "metric": "aid_items"}).json()
        rows = [(r["label"], Decimal(r["value"])) for r in data["rows"]]
        self.assertEqual(rows, [("Bắc Giang", 5), ("Bắc Ninh", 7), ("Hải Dương", 1), ("Hải Phòng", 2)])
        self.assertEqual(Decimal(data["total"]), 15)


class EveryFiguresPageShowsStatedFiguresTests(TestCase):
    """Each module's figures page lists the union's stated figures of its own metrics beside the
    value from records, and not those of other modules."""

    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.editor = make_user("hp", unit=cls.u["hai_phong"])
        for code in ("aid_items", "activities", "delegations_in", "awards_given", "compatriots"):
            make_figure(cls.u["hai_phong"], code, 12, period_start=date(2023, 1, 1), period_end=date(2023, 12, 31))

    def test_each_page_shows_its_own_metrics(self):
        self.client.force_login(self.editor)
        period = {"start": "2023-01-01", "end": "2023-12-31"}
        pages = {
            "/aid/figures/": {"aid_items"},
            "/activities/figures/": {"activities", "delegations_in"},
            "/awards/counts/": {"awards_given"},
            "/diaspora/statistics/": {"compatriots"},
        }
        for url, codes in pages.items():
            with self.subTest(url):
                page = self.client.get(url, {**period, "since": "2023-01-01", "until": "2023-12-31"})
                self.assertEqual(page.status_code, 200)
                shown = {c.figure.metric.code for c in page.context["comparisons"]}
                self.assertEqual(shown, codes)
                self.assertContains(page, 'data-table="stated-beside-computed"')

"""The figures page names the largest donors (``selectors.DONORS_NAMED``), sums the others in one
row and links to every donor, a page at a time, for the same unit, period and currency; the national
report's aid section likewise, from the same figures (``aid_figures(donors_named=...)``)."""

from collections import defaultdict
from datetime import date
from decimal import Decimal
from unittest import mock

from django.conf import settings
from django.test import SimpleTestCase, TestCase
from django.urls import reverse

from amity.aid import views
from amity.aid.selectors import DONORS_NAMED, AidFigures, _add_breakdowns, aid_figures
from amity.core.roles import Role
from amity.units.testing import make_unit_tree, make_user

from .factories import make_donor, make_item

TERM = {"start": "2018-01-01", "end": "2023-12-31", "currency": "USD"}


class FigureDonorsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.editor = make_user("donors-hp", unit=cls.u["hai_phong"])
        cls.central = make_user("donors-central", unit=cls.u["vufo"], role=Role.VIEWER)
        for i in range(DONORS_NAMED + 5):  # 1,000, 2,000 … 35,000 USD
            donor = make_donor(cls.u["hai_phong"], f"Donor {i + 1:02}")
            make_item(cls.u["hai_phong"], f"Item {i}", donors=[donor], committed=(str(1000 * (i + 1)), "USD"))
        make_item(cls.u["hai_phong"], "Later", donors=[donor], committed=("5", "USD"), decided=date(2025, 3, 1))

    def test_the_page_names_the_largest_donors_and_sums_the_others(self):
        self.client.force_login(self.central)
        page = self.client.get(reverse("aid:figures"), TERM)
        donors = next(rows for key, _h, rows, _c, _r in page.context["sections"] if key == "donor")
        rest = next(rest for key, _h, _rows, _c, rest in page.context["sections"] if key == "donor")
        self.assertEqual([r.label for r in donors], [f"Donor {n:02}" for n in range(35, 5, -1)])
        self.assertEqual((rest["count"], rest["committed"]), (5, Decimal(1000 + 2000 + 3000 + 4000 + 5000)))
        self.assertEqual(sum(r.committed for r in donors) + rest["committed"], page.context["figures"].committed)
        self.assertContains(page, 'data-row="other-donors"')
        url = f"{reverse('aid:figure_donors')}?start=2018-01-01&amp;end=2023-12-31&amp;currency=USD"
        self.assertContains(page, f'href="{url}" data-link="all-donors">Tất cả nhà tài trợ (35)<')

    def test_every_donor_a_page_at_a_time_with_the_same_figures(self):
        self.client.force_login(self.editor)
        figures = aid_figures(
            user=self.editor, unit=self.u["hai_phong"], start=date(2018, 1, 1), end=date(2023, 12, 31)
        )
        seen = []
        with mock.patch.object(views.AidFigureDonorsView, "paginate_by", 20):
            first = self.client.get(reverse("aid:figure_donors"), TERM)
            self.assertContains(first, 'data-pages="2"')
            self.assertContains(first, "start=2018-01-01&amp;end=2023-12-31&amp;currency=USD&amp;page=2")
            seen += first.context["rows"]
            second = self.client.get(reverse("aid:figure_donors"), {**TERM, "page": 2})
            seen += second.context["rows"]
        self.assertEqual(
            [(r.label, r.items, r.committed) for r in seen], [(r.label, r.items, r.committed) for r in figures.by_donor]
        )
        self.assertEqual(len(seen), 35)
        self.assertContains(
            second, f'href="{reverse("aid:figures")}?start=2018-01-01&amp;end=2023-12-31&amp;currency=USD"'
        )

    def test_a_few_donors_are_all_named_and_linked_to_their_page(self):
        self.client.force_login(self.editor)
        page = self.client.get(reverse("aid:figures"), {"start": "2025-01-01", "end": "2025-12-31"})
        self.assertNotContains(page, 'data-row="other-donors"')
        self.assertContains(page, 'data-link="all-donors">Tất cả nhà tài trợ (1)<')
        self.assertEqual(
            [r.label for key, _h, rows, _c, _r in page.context["sections"] if key == "donor" for r in rows],
            ["Donor 35"],
        )

    def test_the_tables_rows_are_written_as_the_readers_language_writes_numbers_and_escaped(self):
        donor = make_donor(self.u["hai_phong"], "Quỹ <A & B>")
        make_item(self.u["hai_phong"], "Escaped", donors=[donor], committed=("1234567.5", "USD"))
        self.client.force_login(self.editor)
        cell = '<td class="text-end">%s</td>'
        for language, label, committed, not_given, total in (
            ("vi", "Quỹ &lt;A &amp; B&gt;", "1.234.567,5", "(chưa có thông tin)", "1.864.567,5"),
            ("en", "Quỹ &lt;A &amp; B&gt;", "1,234,567.5", "(not given)", "1,864,567.5"),
            ("ru", "Quỹ &lt;A &amp; B&gt;", "1\xa0234\xa0567,5", "(не указано)", "1\xa0864\xa0567,5"),
        ):
            with self.subTest(language=language):
                self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
                page = self.client.get(reverse("aid:figures"), TERM)
                self.assertContains(page, f"<tr><td>{label}</td>{cell % 1}{cell % committed}{cell % 0}</tr>")
                # the items without a sector: the whole period's 36 items in one row
                self.assertContains(page, f"<tr><td>{not_given}</td>{cell % 36}{cell % total}{cell % 0}</tr>")

    # ``aid_figures(donors_named=n)`` reads only the largest donors' rows and the others' number and
    # money in the database: the same rows as every donor's, and the same sums

    def rows(self, breakdowns) -> list[tuple]:
        return [(b.key, b.label, b.items, b.committed, b.disbursed) for b in breakdowns]

    def test_the_largest_donors_and_the_others_equal_every_donors_rows(self):
        period = {"start": date(2018, 1, 1), "end": date(2023, 12, 31)}
        for user, unit in ((self.central, None), (self.editor, self.u["hai_phong"])):
            every = aid_figures(user=user, unit=unit, **period)
            self.assertEqual(len(every.by_donor), 35)
            for named in (DONORS_NAMED, 33, 34, 35, 1):
                with self.subTest(user=user.username, named=named):
                    figures = aid_figures(user=user, unit=unit, donors_named=named, **period)
                    others = every.by_donor[named:]
                    if len(others) > 1:
                        self.assertEqual(self.rows(figures.by_donor), self.rows(every.by_donor[:named]))
                        self.assertEqual(
                            (
                                figures.other_donors.donors,
                                figures.other_donors.committed,
                                figures.other_donors.disbursed,
                            ),
                            (len(others), sum(b.committed for b in others), sum(b.disbursed for b in others)),
                        )
                    else:  # a single other donor is named instead
                        self.assertEqual(self.rows(figures.by_donor), self.rows(every.by_donor))
                        self.assertIsNone(figures.other_donors)
                    others_committed = figures.other_donors.committed if figures.other_donors else 0
                    self.assertEqual(sum(b.committed for b in figures.by_donor) + others_committed, every.committed)
                    for name in ("items", "donors", "committed", "disbursed", "by_sector", "by_unit", "rates_used"):
                        self.assertEqual(getattr(figures, name), getattr(every, name), name)

    def test_the_national_reports_aid_section_names_the_largest_and_sums_the_others(self):
        from amity.reports.content import build_section
        from amity.reports.tests.factories import ReportFactory

        report = ReportFactory(
            unit=self.u["vufo"], kind="term", period_start=date(2018, 1, 1), period_end=date(2023, 12, 31)
        )
        table = build_section(report=report, user=self.central, key="aid").content.tables[0]
        self.assertEqual([row[0] for row in table.rows[:-1]], [f"Donor {n:02}" for n in range(35, 5, -1)])
        self.assertEqual(table.rows[-1][2:], [Decimal(1000 + 2000 + 3000 + 4000 + 5000), Decimal(0)])
        self.assertIn("5", table.rows[-1][0])
        province = ReportFactory(
            unit=self.u["hai_phong"], kind="term", period_start=date(2018, 1, 1), period_end=date(2023, 12, 31)
        )
        rows = build_section(report=province, user=self.editor, key="aid").content.tables[0].rows
        self.assertEqual(len(rows), 35)  # a province's report lists every donor

    def test_as_many_queries_with_three_times_the_donors(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        def count() -> int:
            with CaptureQueriesContext(connection) as queries:
                aid_figures(user=self.central, start=date(2018, 1, 1), end=date(2023, 12, 31), donors_named=30)
            return len(queries)

        count()
        before = count()
        for i in range(70):
            donor = make_donor(self.u["hai_phong"], f"More {i:03}")
            make_item(self.u["hai_phong"], f"More {i}", donors=[donor], committed=("7", "USD"))
        self.assertEqual(count(), before)


class DonorOrderTests(SimpleTestCase):
    def test_namesakes_of_the_same_money_keep_their_order_whatever_order_the_statement_gives(self):
        """The donors' page cuts its list into pages: two donors of one name and amount must not swap
        between requests, whichever comes first from the database."""
        rows = [("7", "Friends of Vietnam", None, 1, 50_000, 0), ("12", "Friends of Vietnam", None, 1, 50_000, 0)]
        orders = []
        for found_rows in (rows, rows[::-1]):
            figures = AidFigures(start=None, end=None, currency="USD")
            found = defaultdict(list, donor=found_rows, total=[("project", "", None, 2, 100_000, 0)])
            _add_breakdowns(figures, found, rollup=None, province_keys=[], donors_named=None)
            orders.append([row.key for row in figures.by_donor])
        self.assertEqual(orders[0], orders[1])

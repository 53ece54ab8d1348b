"""A unit's own congress drives "current term" and "previous term" on the aid dashboard, the aid
figures and comparison pages, and the term report's header and period."""

from datetime import date, timedelta

from django.conf import settings
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone, translation

from amity.aid.tests.factories import make_donor, make_item
from amity.core.dates import format_partial_date
from amity.core.roles import Role
from amity.reports import services as report_services
from amity.reports.choices import ReportKind
from amity.reports.content import build_document
from amity.union.selectors import term_for
from amity.units.testing import make_unit_tree, make_user

from .factories import make_congress, make_figure


class TermsEverywhereTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        hp = cls.u["hai_phong"]
        cls.admin = make_user("hp-admin", unit=hp, role=Role.ADMIN)
        cls.bn = make_user("bn-admin", unit=cls.u["bac_ninh"], role=Role.ADMIN)
        year = timezone.localdate().year - 2  # the 6th congress was two years ago, its term runs on
        cls.start5, cls.start6, cls.end6 = date(year - 5, 5, 10), date(year, 5, 10), date(year + 5, 5, 9)
        make_congress(hp, 5, cls.start5, cls.start6 - timedelta(days=1), place="Nhà hát lớn Hải Phòng")
        make_congress(hp, 6, cls.start6, cls.end6)
        ngo = make_donor(hp, "Hands of Friendship")
        for title, day in [
            ("Before", date(year, 3, 1)),
            ("After", date(year, 6, 1)),
            ("Also after", date(year + 1, 2, 1)),
        ]:
            make_item(hp, title, donors=[ngo], committed=("1000", "USD"), decided=day)
        make_figure(hp, "aid_items", 3, period_start=cls.start6, period_end=cls.end6)
        cls.label6 = f"{year}–{year + 5}"

    def get(self, user, url):
        self.client.force_login(user)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return self.client.get(url)

    def test_dashboard_compares_the_unions_own_terms(self):
        response = self.get(self.admin, reverse("dashboard_widgets", args=["aid"]))
        self.assertContains(response, f"Foreign non-governmental aid, term {self.label6}")
        self.assertContains(response, 'data-figure="items">2<')  # the two items after the 6th congress
        widget = next(w for w in response.context["widgets"] if w["template"] == "aid/widget_figures.html")
        self.assertEqual((widget["context"]["previous"].start, widget["context"]["previous"].items), (self.start5, 1))
        national = term_for(None)  # Bắc Ninh has no congress: the national default term
        self.assertContains(
            self.get(self.bn, reverse("dashboard_widgets", args=["aid"])),
            f"Foreign non-governmental aid, term {national.label}",
        )

    def test_figures_and_compare_pages_default_to_the_units_terms(self):
        figures = self.get(self.admin, reverse("aid:figures")).context["figures"]
        self.assertEqual((figures.start, figures.end, figures.items), (self.start6, self.end6, 2))
        compare = self.get(self.admin, reverse("aid:compare")).context
        self.assertEqual((compare["first"].start, compare["first"].items), (self.start5, 1))
        self.assertEqual((compare["second"].start, compare["second"].items), (self.start6, 2))

    def test_term_report_takes_its_period_and_header_from_the_congress(self):
        report = report_services.report_create(
            actor=self.admin,
            data={
                "unit": self.u["hai_phong"],
                "kind": ReportKind.TERM,
                "title": "Báo cáo nhiệm kỳ",
                "period_start": self.start6 + timedelta(days=400),  # any day of the term
                "period_end": self.start6 + timedelta(days=400),
            },
        )
        self.assertEqual((report.period_start, report.period_end), (self.start6, self.end6))
        with translation.override("en"):
            document = build_document(report=report, user=self.admin, charts=False)
        self.assertTrue(
            document.period_line.startswith(
                f"Term {self.label6}, opened by congress 6 of Liên hiệp các tổ chức hữu nghị TP Hải Phòng "
                f"({format_partial_date(self.start6, 'en')})"
            ),
            document.period_line,
        )
        stated = next(s.content for s in document.sections if s.content.key == "stated")
        self.assertEqual(
            stated.tables[0].rows,
            [
                [
                    "Aid projects and non-project items",
                    f"{format_partial_date(self.start6, 'en')}–{format_partial_date(self.end6, 'en')}",
                    "exactly 3",
                    2,
                    1,
                    "Report",
                ]
            ],
        )

    def test_term_report_of_a_unit_without_congress_says_the_national_default(self):
        report = report_services.report_create(
            actor=self.bn,
            data={
                "unit": self.u["bac_ninh"],
                "kind": ReportKind.TERM,
                "title": "Nhiệm kỳ",
                "issued_on": date(2026, 1, 5),
            },
        )
        self.assertEqual((report.period_start, report.period_end), (date(2024, 1, 1), date(2028, 12, 31)))
        with translation.override("en"):
            document = build_document(report=report, user=self.bn, charts=False)
        self.assertTrue(document.period_line.startswith("Term 2024–2028 (the national default)"), document.period_line)

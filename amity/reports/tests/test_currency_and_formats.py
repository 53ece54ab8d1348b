"""Reports in the currency the union chooses, listing the rates behind every converted amount, and
their figures written as the document's language writes them (Word, PDF and Excel alike)."""

import io
from datetime import date
from decimal import Decimal

import docx
import openpyxl
from django.test import TestCase
from django.utils import translation

from amity.aid.tests.factories import make_donor, make_item
from amity.core.models import ExchangeRate
from amity.registry.models import Organisation
from amity.reports import services
from amity.reports.choices import ReportKind
from amity.reports.content import build_document, figure_line, format_value
from amity.units.testing import make_unit_tree, make_user

from .test_reports import RenderMixin, pdf_text

NBSP = "\xa0"


class ReportCurrencyTests(RenderMixin, TestCase):
    """Hải Phòng's 2024: 232,034.72 USD and 1,500,000,000 VND committed, a 2024 rate of 25,000 VND
    to the dollar, and a friendship association of 10 members."""

    @classmethod
    def setUpTestData(cls):
        cls.units = make_unit_tree()
        hp = cls.units["hai_phong"]
        cls.editor = make_user("hp-editor", unit=hp)
        donor = make_donor(hp, "Tổ chức Đông Tây Hội ngộ")
        make_item(hp, "Nhà tình thương", donors=[donor], committed=("232034.72", "USD"), decided=date(2024, 3, 1))
        make_item(
            hp, "Xe lăn", donors=[donor], committed=("1500000000", "VND", date(2024, 4, 2)), decided=date(2024, 4, 2)
        )
        ExchangeRate.objects.create(currency="USD", target="VND", rate=Decimal("25000"), year=2024, source="NHNN")
        Organisation.objects.create(
            unit=hp, kind="friendship_association", name="Hội hữu nghị Việt – Nga", member_count=10
        )

    def report(self, *, currency: str, language: str = "vi", kind: str = ReportKind.ANNUAL):
        return services.report_create(
            actor=self.editor,
            data={
                "unit": self.units["hai_phong"],
                "kind": kind,
                "title": "Báo cáo năm 2024",
                "period_start": date(2024, 1, 1),
                "period_end": date(2024, 12, 31),
                "currency": currency,
                "language": language,
            },
        )

    def lines(self, report) -> dict:
        """The figure lines of the report as its files print them, and the document."""
        with translation.override(report.language):
            document = build_document(report=report, user=self.editor, charts=False)
            return {
                "figures": [figure_line(f) for s in document.sections for f in s.content.figures],
                "document": document,
            }

    def rates_rows(self, document) -> list[list]:
        """The rows of every "exchange rates used" table, as printed."""
        with translation.override(document.language):
            return [
                [format_value(v) for v in row]
                for s in document.sections
                for t in s.content.tables
                if t.title in {"Tỷ giá đã áp dụng", "Exchange rates used", "所用汇率", "Использованные курсы"}
                for row in t.rows
            ]

    def test_usd_report_converts_the_dong_and_lists_the_rate(self):
        result = self.lines(self.report(currency="USD"))
        # 232,034.72 + 1,500,000,000 / 25,000 = 232,034.72 + 60,000 = 292,034.72
        self.assertIn(f"Giá trị cam kết: 292.034,72{NBSP}USD", result["figures"])
        self.assertEqual(self.rates_rows(result["document"]), [["USD", "VND", "25.000", "2024", "NHNN"]])

    def test_vnd_report_converts_the_dollars_and_lists_the_same_rate(self):
        result = self.lines(self.report(currency="VND"))
        # 232,034.72 × 25,000 = 5,800,868,000 + 1,500,000,000
        self.assertIn(f"Giá trị cam kết: 7.300.868.000{NBSP}VND", result["figures"])
        self.assertEqual(self.rates_rows(result["document"]), [["USD", "VND", "25.000", "2024", "NHNN"]])

    def test_each_document_language_writes_money_and_people_its_own_way(self):
        expected = {
            "vi": (f"Giá trị cam kết: 292.034,72{NBSP}USD", "Hội viên: 10 người"),
            "en": (f"Committed: USD{NBSP}292,034.72", "Members: 10 people"),
            "zh-hans": (f"承诺金额: USD{NBSP}292,034.72", "会员: 10人"),
            "ru": (f"Обязательства: 292{NBSP}034,72{NBSP}USD", "Члены: 10 человек"),
        }
        for language, (money, members) in expected.items():
            with self.subTest(language=language):
                figures = self.lines(self.report(currency="USD", language=language))["figures"]
                self.assertIn(money, figures)
                self.assertIn(members, figures)
                self.assertNotIn("232.034,72 USD", " ".join(figures))

    def test_russian_counts_take_their_plural_forms(self):
        from amity.reports.sections import people

        with translation.override("ru"):
            self.assertEqual(
                [people(n) for n in (1, 3, 10, 21, 1000)],
                ["1 человек", "3 человека", "10 человек", "21 человек", f"1{NBSP}000 человек"],
            )

    def test_word_pdf_and_excel_carry_the_chosen_currency_and_the_rates(self):
        report = self.report(currency="VND")
        word = "\n".join(p.text for p in docx.Document(io.BytesIO(self.render(report, "docx", self.editor))).paragraphs)
        self.assertIn(f"- Giá trị cam kết: 7.300.868.000{NBSP}VND", word)
        self.assertIn("Tỷ giá đã áp dụng", word)
        pdf = pdf_text(self.render(report, "pdf", self.editor))
        self.assertIn("7.300.868.000", pdf)
        self.assertIn("Tỷ giá đã áp dụng", pdf)
        book = openpyxl.load_workbook(io.BytesIO(self.render(report, "xlsx", self.editor)))
        summary = {row[1]: (row[2], row[3]) for row in book.worksheets[0].iter_rows(values_only=True) if len(row) > 3}
        self.assertEqual(summary["Giá trị cam kết"], (7300868000, "VND"))
        rates = next(sheet for sheet in book.worksheets if "Tỷ giá" in sheet.title)
        header, row = list(rates.iter_rows(values_only=True))
        self.assertEqual(row, ("USD", "VND", 25000, "2024", "NHNN"))
        committed = next(cell for cell in book.worksheets[0]["C"] if cell.value == 7300868000)
        self.assertEqual(committed.number_format, "#,##0")  # a number the spreadsheet groups, no decimals

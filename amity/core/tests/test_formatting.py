"""Numbers, money, quantities and dates as a reader of each language sees them: the helpers, the
pages that use them (a list, a detail), and the cells of an export."""

import csv
import io
from datetime import date, datetime
from decimal import Decimal

import openpyxl
from babel.numbers import format_decimal
from django.conf import settings
from django.test import TestCase
from django.urls import reverse
from django.utils import formats, translation

from amity.aid.models import AidTransaction
from amity.aid.tests.factories import make_donor, make_item
from amity.core.formatting import (
    LOCALES,
    excel_format,
    format_day,
    format_field_number,
    format_moment,
    format_money,
    format_number,
    format_quantity,
)
from amity.diaspora.models import Contribution
from amity.diaspora.tests.factories import compatriot
from amity.units.testing import make_unit_tree, make_user

NBSP = "\xa0"
LANGUAGES = ("vi", "en", "zh-hans", "ru")


class HelperTests(TestCase):
    def check(self, function, value, expected: dict, *, name: str = "", **kwargs):
        arguments = (name, value) if name else (value,)
        for language in LANGUAGES:
            with self.subTest(language=language, value=value, name=name):
                self.assertEqual(function(*arguments, language=language, **kwargs), expected[language])

    def test_whole_numbers_have_no_decimals_and_others_no_trailing_zeros(self):
        self.check(format_number, Decimal("4.00"), dict.fromkeys(LANGUAGES, "4"))
        self.check(
            format_number,
            Decimal("150000000.00"),
            {"vi": "150.000.000", "en": "150,000,000", "zh-hans": "150,000,000", "ru": f"150{NBSP}000{NBSP}000"},
        )
        self.check(format_number, Decimal("9.50"), {"vi": "9,5", "en": "9.5", "zh-hans": "9.5", "ru": "9,5"})
        self.check(
            format_number,
            1234567,
            {"vi": "1.234.567", "en": "1,234,567", "zh-hans": "1,234,567", "ru": f"1{NBSP}234{NBSP}567"},
        )
        self.assertEqual(format_number(None), "")

    def test_numbers_written_without_babel_read_as_babel_writes_them(self):
        """A number with nothing to round is grouped by Python with the locale's signs: the same text
        as babel's pattern gives, rounded or not, negative or not, in every language."""
        values = [
            *(Decimal(n).scaleb(-e) for n in (0, 5, 12, 999, 1000, 123456, 1000000, 987654321012) for e in range(4)),
            Decimal("-1234.5"),
            Decimal("0.005"),
            Decimal("1E+3"),
            7,
            1234567,
            0.25,
        ]
        for language in LANGUAGES:
            locale = LOCALES[language]
            for value in values:
                for places in (0, 2, 3, 8):
                    number = Decimal(str(value))
                    whole = number == number.to_integral_value()
                    pattern = "#,##0" if whole else "#,##0." + "#" * places
                    expected = format_decimal(number, format=pattern, locale=locale).replace("\u202f", NBSP)
                    with self.subTest(language=language, value=value, places=places):
                        self.assertEqual(format_number(value, places=places, language=language), expected)

    def test_a_field_holding_a_year_or_a_number_is_written_as_it_is_and_an_amount_grouped(self):
        for name in ("birth_year", "year", "year_from", "resident_since", "number", "ordinal", "month"):
            self.check(format_field_number, 1990, dict.fromkeys(LANGUAGES, "1990"), name=name)
        self.check(
            format_field_number,
            1500,
            {"vi": "1.500", "en": "1,500", "zh-hans": "1,500", "ru": f"1{NBSP}500"},
            name="member_count",
        )
        self.check(
            format_field_number,
            Decimal("25432.125"),
            {"vi": "25.432,125", "en": "25,432.125", "zh-hans": "25,432.125", "ru": f"25{NBSP}432,125"},
            name="rate",
        )

    def test_money_puts_the_currency_code_where_each_language_writes_it(self):
        self.check(
            format_money,
            Decimal("232034.72"),
            {
                "vi": f"232.034,72{NBSP}USD",
                "en": f"USD{NBSP}232,034.72",
                "zh-hans": f"USD{NBSP}232,034.72",  # never "232.034,72 USD" in a Chinese report
                "ru": f"232{NBSP}034,72{NBSP}USD",
            },
            currency="USD",
        )
        self.check(
            format_money,
            Decimal("150000000.00"),
            {
                "vi": f"150.000.000{NBSP}VND",
                "en": f"VND{NBSP}150,000,000",
                "zh-hans": f"VND{NBSP}150,000,000",
                "ru": f"150{NBSP}000{NBSP}000{NBSP}VND",
            },
            currency="VND",
        )
        self.assertEqual(format_money(Decimal("1000.5"), "USD", language="vi"), f"1.000,50{NBSP}USD")  # cents kept
        self.assertEqual(format_money(Decimal("-5.5"), "USD", language="en"), f"-USD{NBSP}5.50")

    def test_a_quantity_keeps_its_unit_and_loses_the_database_zeros(self):
        self.check(format_quantity, Decimal("10.000"), dict.fromkeys(LANGUAGES, f"10{NBSP}tấn"), unit="tấn")
        self.check(
            format_quantity,
            Decimal("2.500"),
            {"vi": f"2,5{NBSP}tấn", "en": f"2.5{NBSP}tấn", "zh-hans": f"2.5{NBSP}tấn", "ru": f"2,5{NBSP}tấn"},
            unit="tấn",
        )

    def test_days_are_dd_mm_yyyy_in_vietnamese_and_each_languages_short_date_elsewhere(self):
        day = date(2026, 1, 25)
        self.check(format_day, day, {"vi": "25/01/2026", "en": "1/25/2026", "zh-hans": "2026/1/25", "ru": "25.01.2026"})
        moment = datetime(2026, 1, 5, 7, 30)  # naive: already local time
        self.assertEqual(format_moment(moment, language="vi"), "05/01/2026 07:30")

    def test_djangos_short_date_and_separators_follow_the_same_rules(self):
        """Forms, tables' date columns and ``|date:"SHORT_DATE_FORMAT"`` agree with the helpers."""
        day = date(2026, 1, 5)
        for language, _name in settings.LANGUAGES:
            with self.subTest(language=language), translation.override(language):
                self.assertEqual(formats.date_format(day, "SHORT_DATE_FORMAT"), format_day(day))
                self.assertEqual(
                    formats.number_format(Decimal("1234567.5"), 1, force_grouping=True),
                    format_number(Decimal("1234567.5")),
                )

    def test_spreadsheet_cells_get_a_grouping_format_without_decimals_on_whole_numbers(self):
        self.assertEqual(excel_format(Decimal("150000000.00")), "#,##0")
        self.assertEqual(excel_format(Decimal("232034.72")), "#,##0.00")
        self.assertEqual(excel_format(date(2026, 1, 25), language="vi"), "dd/mm/yyyy")
        self.assertEqual(excel_format(date(2026, 1, 25), language="ru"), "dd.mm.yyyy")
        self.assertIsNone(excel_format("150000000"))


class PagesAndExportsTests(TestCase):
    """A transaction of 150,000,000 VND and a gift of 10 tonnes of rice, on their pages and in the
    list's exports, in the four languages."""

    @classmethod
    def setUpTestData(cls):
        units = make_unit_tree()
        hp = units["hai_phong"]
        cls.editor = make_user("hp-editor", unit=hp)
        donor = make_donor(hp, "Tổ chức Đông Tây Hội ngộ")
        cls.item = make_item(hp, "Xe lăn", donors=[donor], committed=("150000000", "VND", date(2026, 1, 25)))
        cls.transaction = AidTransaction.objects.get(item=cls.item)
        person = compatriot(hp, "Nguyễn Văn An")
        Contribution.objects.create(
            unit=hp,
            compatriot=person,
            kind="in_kind",
            item="gạo",
            quantity=Decimal("10"),
            quantity_unit="tấn",
            amount=Decimal("150000000"),
            currency="VND",
            received_on=date(2026, 1, 25),
            purpose="disaster_relief",
        )

    def setUp(self):
        self.client.force_login(self.editor)

    def get(self, url: str, language: str):
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return response

    def test_transaction_list_and_item_page_show_the_amount_as_each_language_writes_it(self):
        expected = {
            "vi": ("150.000.000", f"150.000.000{NBSP}VND", "25/01/2026"),
            "en": ("150,000,000", f"VND{NBSP}150,000,000", "1/25/2026"),
            "zh-hans": ("150,000,000", f"VND{NBSP}150,000,000", "2026/1/25"),
            "ru": (f"150{NBSP}000{NBSP}000", f"150{NBSP}000{NBSP}000{NBSP}VND", "25.01.2026"),
        }
        for language, (listed, money, day) in expected.items():
            with self.subTest(language=language):
                listing = self.get(reverse("aid:aidtransaction_list"), language).content.decode()
                self.assertIn(f">{listed}<", listing)
                self.assertIn(day, listing)
                self.assertNotIn("150000000", listing)
                page = self.get(self.item.get_absolute_url(), language)
                self.assertContains(page, f'data-amount="{self.transaction.pk}">{money}<')

    def test_contribution_list_shows_ten_tonnes_not_ten_thousand(self):
        for language in LANGUAGES:
            with self.subTest(language=language):
                listing = self.get(reverse("diaspora:contribution_list"), language).content.decode()
                self.assertIn(f"10{NBSP}tấn", listing)
                self.assertNotIn("10.000", listing)
                self.assertNotIn("10,000", listing)

    def test_export_cells_hold_the_number_shown_grouped_without_decimals(self):
        url = reverse("aid:aidtransaction_list") + "?export=xlsx"
        book = openpyxl.load_workbook(io.BytesIO(self.get(url, "vi").content))
        sheet = book.worksheets[0]
        header = [c.value for c in sheet[1]]
        amount = sheet.cell(2, header.index("Số tiền") + 1)
        self.assertEqual((amount.value, amount.number_format), (150000000, "#,##0"))
        text = self.get(reverse("aid:aidtransaction_list") + "?export=csv", "en").content.decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text)))
        self.assertEqual(rows[1][rows[0].index("Amount")], "150000000")  # a plain number, no ",00"

    def test_a_records_page_writes_its_dates_and_yes_no_in_the_readers_language(self):
        from amity.aid.models import AidItem

        AidItem.objects.filter(pk=self.item.pk).update(decision_date=date(2026, 1, 25), recorded_afterwards=True)
        for language, (day, yes) in {"vi": ("25/01/2026", "Có"), "ru": ("25.01.2026", "Да")}.items():
            with self.subTest(language=language):
                page = self.get(self.item.get_absolute_url(), language).content.decode()
                self.assertIn(f"<td>{day}</td>", page)
                self.assertIn(f"<td>{yes}</td>", page)
                self.assertNotIn("2026-01-25", page)
                self.assertNotIn("<td>True</td>", page)

"""IATI sectors in the reader's language: every DAC category and every purpose code of the code list
translated, the code always shown, and the name found by what a Vietnamese user types."""

import io
import re
from datetime import date

import docx
import openpyxl
from django.conf import settings
from django.test import TestCase
from django.urls import reverse
from django.utils import translation

from amity.aid.codelists import codelist
from amity.aid.models import Sector, sector_label, sector_names
from amity.aid.services import CertificateCheck, sectors_load
from amity.aid.tests.factories import make_donor, make_item
from amity.registry.models import NGORegistration
from amity.reports import services as report_services
from amity.reports.choices import ReportKind
from amity.reports.content import build_document, format_value
from amity.reports.tests.test_reports import RenderMixin
from amity.units.testing import make_unit_tree, make_user

TRANSLATED = ("vi", "zh-hans", "ru")
#: What a name in each language is written with (a name left in English fails).
SCRIPT = {
    "vi": re.compile(r"[a-zA-Zà-ỹĐđ]"),
    "zh-hans": re.compile(r"[\u4e00-\u9fff]"),
    "ru": re.compile(r"[а-яА-ЯёЁ]"),
}


class SectorNamesTests(RenderMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        sectors_load()
        units = make_unit_tree()
        cls.hp = units["hai_phong"]
        cls.editor = make_user("hp-editor", unit=cls.hp)
        cls.donor = make_donor(cls.hp, "Tổ chức Đông Tây Hội ngộ")
        cls.item = make_item(
            cls.hp, "Trường tiểu học", donors=[cls.donor], committed=("1000", "USD"), decided=date(2024, 3, 1)
        )
        cls.item.sectors.set(Sector.objects.filter(code__in=["11220", "12262"]))

    def test_every_dac_category_of_the_code_list_has_its_three_translations(self):
        categories = {entry["category"] for entry in codelist("Sector").values()}
        names = sector_names()["categories"]
        missing = [(c, lang) for c in sorted(categories) for lang in TRANSLATED if not names.get(c, {}).get(lang)]
        self.assertEqual(missing, [])
        unknown = [code for code in sector_names()["sectors"] if code not in codelist("Sector")]
        self.assertEqual(unknown, [])  # translations only of codes that exist

    def test_every_purpose_code_of_the_code_list_has_a_name_in_every_language(self):
        names = sector_names()["sectors"]
        missing, untranslated = [], []
        for code, entry in codelist("Sector").items():
            for language in TRANSLATED:
                name = names.get(code, {}).get(language, "")
                if not name.strip():
                    missing.append((code, language))
                elif name == entry["name"] or not SCRIPT[language].search(name):
                    untranslated.append((code, language, name))
        self.assertEqual(missing, [])
        self.assertEqual(untranslated, [])
        with translation.override("vi"):  # no page shows a bare English name, nor the fallback
            labels = [str(sector) for sector in Sector.objects.all()]
        self.assertEqual(len(labels), len(codelist("Sector")))
        self.assertEqual([label for label in labels if " – " in label and label.isascii()], [])

    def test_a_sector_is_named_in_the_readers_language_with_its_code(self):
        primary, malaria = Sector.objects.get(code="11220"), Sector.objects.get(code="12262")
        expected = {
            "vi": ("11220 Giáo dục tiểu học", "12262 Phòng chống sốt rét"),
            "en": ("11220 Primary education", "12262 Malaria control"),
            "zh-hans": ("11220 初等教育", "12262 疟疾防控"),
            "ru": ("11220 Начальное образование", "12262 Борьба с малярией"),
        }
        for language, names in expected.items():
            with self.subTest(language=language), translation.override(language):
                self.assertEqual((str(primary), str(malaria)), names)

    def test_a_code_the_list_adds_later_keeps_its_english_name_after_its_translated_category(self):
        self.assertEqual(sector_label("12299", "New control", "122", "vi"), "12299 Y tế cơ bản – New control")
        self.assertEqual(sector_label("12299", "New control", "122", "en"), "12299 New control")

    def test_the_api_gives_every_sector_its_name_in_each_language(self):
        self.client.force_login(self.editor)
        rows, url = [], "/api/aid/sectors/"
        while url:
            page = self.client.get(url).json()
            rows, url = rows + page["results"], page["next"]
        self.assertEqual(len(rows), Sector.objects.count())
        primary = next(row for row in rows if row["code"] == "11220")
        self.assertEqual(
            (primary["name"], primary["name_vi"], primary["name_zh"], primary["name_ru"]),
            ("Primary education", "Giáo dục tiểu học", "初等教育", "Начальное образование"),
        )
        english_left = [
            (row["code"], field)
            for row in rows
            for field, language in (("name_vi", "vi"), ("name_zh", "zh-hans"), ("name_ru", "ru"))
            if not SCRIPT[language].search(row[field])
        ]
        self.assertEqual(english_left, [])

    def test_the_item_page_names_its_sectors_in_the_users_language(self):
        self.client.force_login(self.editor)
        for language in ("vi", "zh-hans", "ru"):
            with self.subTest(language=language):
                self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
                page = self.client.get(self.item.get_absolute_url())
                for code in ("11220", "12262"):
                    self.assertContains(page, f"{code} {sector_names()['sectors'][code][language]}")
                self.assertNotContains(page, "Primary education")
                self.assertNotContains(page, "Malaria control")

    def test_the_list_filter_shows_the_chosen_sector_in_the_users_language(self):
        self.client.force_login(self.editor)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
        sector = Sector.objects.get(code="12262")
        page = self.client.get(reverse("aid:aiditem_list"), {"sector": sector.pk})
        self.assertContains(page, "12262 Борьба с малярией")
        self.assertContains(page, "Trường tiểu học")

    def picked(self, query: str, language: str = "vi") -> list[str]:
        self.client.force_login(self.editor)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        response = self.client.get(reverse("autocomplete", args=["aid.sector"]), {"q": query})
        self.assertEqual(response.status_code, 200)
        return [row["text"] for row in response.json()["results"]]

    def test_the_picker_finds_sectors_by_their_vietnamese_names(self):
        clean_water = self.picked("nước sạch")
        self.assertEqual(
            sorted(clean_water[:2]), ["14030 Cấp nước sạch và vệ sinh cơ bản", "14031 Cấp nước sạch cơ bản"]
        )
        education = self.picked("giáo dục")
        self.assertGreaterEqual(len(education), 20)
        self.assertTrue(
            all(text[:2] in ("11", "12", "14", "21", "23", "24", "31", "33", "41", "43", "72") for text in education)
        )
        self.assertIn("11130 Đào tạo giáo viên", education)  # found by its category, "Giáo dục…"
        self.assertEqual(self.picked("giao duc tieu hoc")[0], "11220 Giáo dục tiểu học")  # no diacritics
        self.assertEqual(self.picked("sot ret")[0], "12262 Phòng chống sốt rét")

    def test_the_picker_finds_sectors_in_the_other_languages_and_answers_in_the_users(self):
        self.assertEqual(self.picked("туберкулёз", "ru")[0], "12263 Борьба с туберкулёзом")
        self.assertEqual(self.picked("malaria", "zh-hans")[0], "12262 疟疾防控")  # the English name still finds it
        self.assertEqual(self.picked("12262", "vi")[0], "12262 Phòng chống sốt rét")

    def test_the_lists_export_and_the_import_template_name_sectors_in_the_users_language(self):
        self.client.force_login(self.editor)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
        export = self.client.get(reverse("aid:aiditem_list"), {"export": "xlsx"})
        cells = [c for row in openpyxl.load_workbook(io.BytesIO(export.content)).active.values for c in row]
        self.assertIn("11220 Giáo dục tiểu học; 12262 Phòng chống sốt rét", cells)
        template = self.client.get(reverse("aid:import_template"))
        values = [c for ws in openpyxl.load_workbook(io.BytesIO(template.content)) for row in ws.values for c in row]
        self.assertIn("14031 Cấp nước sạch cơ bản", values)
        self.assertNotIn("14031 Basic drinking water supply", values)

    def test_a_certificate_field_in_vietnamese_covers_the_sectors_it_names(self):
        registration = NGORegistration.objects.create(
            organisation=self.donor,
            kind="operation",
            number="GĐK-07",
            valid_from=date(2020, 1, 1),
            valid_until=date(2030, 12, 31),
            fields_of_work="Giáo dục",
        )
        check = CertificateCheck([self.donor])
        education, malaria = Sector.objects.get(code="11220"), Sector.objects.get(code="12262")
        on = date(2025, 1, 1)
        self.assertEqual(check.warnings(donors=[self.donor], locations=[], sectors=[education], on=on), [])
        warnings = check.warnings(donors=[self.donor], locations=[], sectors=[malaria], on=on)
        self.assertEqual(len(warnings), 1, registration.number)

    def test_a_report_names_the_sectors_in_the_documents_language(self):
        for language, heading in (("vi", "11220 Giáo dục tiểu học"), ("zh-hans", "11220 初等教育")):
            report = report_services.report_create(
                actor=self.editor,
                data={
                    "unit": self.hp,
                    "kind": ReportKind.AID,
                    "title": "Viện trợ 2024",
                    "period_start": date(2024, 1, 1),
                    "period_end": date(2024, 12, 31),
                    "language": language,
                },
            )
            with self.subTest(language=language), translation.override("en"):  # whoever renders it
                with translation.override(report.language):
                    document = build_document(report=report, user=self.editor, charts=False)
                    cells = [
                        format_value(row[0]) for s in document.sections for t in s.content.tables for row in t.rows
                    ]
                self.assertIn(heading, cells)

    def test_the_word_report_names_the_sectors_with_their_codes(self):
        report = report_services.report_create(
            actor=self.editor,
            data={
                "unit": self.hp,
                "kind": ReportKind.AID,
                "title": "Отчёт о помощи 2024",
                "period_start": date(2024, 1, 1),
                "period_end": date(2024, 12, 31),
                "language": "ru",
            },
        )
        word = docx.Document(io.BytesIO(self.render(report, "docx", self.editor)))  # rendered from a Vietnamese page
        cells = {cell.text for table in word.tables for row in table.rows for cell in row.cells}
        self.assertIn("11220 Начальное образование", cells)
        self.assertIn("12262 Борьба с малярией", cells)
        self.assertFalse([text for text in cells if "Malaria control" in text or "Primary education" in text])

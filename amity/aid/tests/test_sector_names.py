"""IATI sectors in the reader's language: every DAC category translated, each purpose code named in
the reader's language where Amity has a translation, the code always shown."""

from datetime import date

from django.conf import settings
from django.test import TestCase
from django.utils import translation

from amity.aid.codelists import codelist
from amity.aid.models import Sector, sector_names
from amity.aid.services import sectors_load
from amity.aid.tests.factories import make_donor, make_item
from amity.reports import services as report_services
from amity.reports.choices import ReportKind
from amity.reports.content import build_document, format_value
from amity.units.testing import make_unit_tree, make_user

TRANSLATED = ("vi", "zh-hans", "ru")


class SectorNamesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        sectors_load()
        units = make_unit_tree()
        cls.hp = units["hai_phong"]
        cls.editor = make_user("hp-editor", unit=cls.hp)
        donor = make_donor(cls.hp, "Tổ chức Đông Tây Hội ngộ")
        cls.item = make_item(
            cls.hp, "Trường tiểu học", donors=[donor], committed=("1000", "USD"), decided=date(2024, 3, 1)
        )
        cls.item.sectors.set(Sector.objects.filter(code__in=["11220", "12262"]))

    def test_every_dac_category_of_the_code_list_has_its_three_translations(self):
        categories = {entry["category"] for entry in codelist("Sector").values()}
        names = sector_names()["categories"]
        missing = [(c, lang) for c in sorted(categories) for lang in TRANSLATED if not names.get(c, {}).get(lang)]
        self.assertEqual(missing, [])
        unknown = [code for code in sector_names()["sectors"] if code not in codelist("Sector")]
        self.assertEqual(unknown, [])  # translations only of codes that exist

    def test_a_sector_is_named_in_the_readers_language_with_its_code(self):
        primary, malaria = Sector.objects.get(code="11220"), Sector.objects.get(code="12262")
        expected = {
            "vi": ("11220 Giáo dục tiểu học", "12262 Y tế cơ bản – Malaria control"),
            "en": ("11220 Primary education", "12262 Malaria control"),
            "zh-hans": ("11220 初等教育", "12262 基本卫生 – Malaria control"),
            "ru": ("11220 Начальное образование", "12262 Базовое здравоохранение – Malaria control"),
        }
        for language, names in expected.items():
            with self.subTest(language=language), translation.override(language):
                self.assertEqual((str(primary), str(malaria)), names)

    def test_the_item_page_names_its_sectors_in_the_users_language(self):
        self.client.force_login(self.editor)
        for language in ("vi", "ru"):
            with self.subTest(language=language):
                self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
                page = self.client.get(self.item.get_absolute_url())
                primary = sector_names()["sectors"]["11220"][language]
                self.assertContains(page, f"11220 {primary}")
                self.assertNotContains(page, "11220 Primary education")

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

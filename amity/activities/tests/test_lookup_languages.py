"""The calendar's national days and foreign holidays in the reader's language: the national day
from Amity's table in vi/en/zh/ru; a holiday the library has in the reader's language as it names
it, otherwise said to be a public holiday with its name as given (never a bare English name on a
Vietnamese page); partner countries' other holidays only when asked for."""

from datetime import date

from django.conf import settings
from django.test import TestCase
from django.urls import reverse
from django.utils import translation

from amity.activities import services
from amity.activities.calendar_items import ItemKind, calendar_items
from amity.activities.models import NationalDay
from amity.geo.models import Country
from amity.registry.models import Organisation
from amity.units.testing import make_unit_tree, make_user


class CalendarLanguageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        services.national_days_load()
        units = make_unit_tree()
        cls.editor = make_user("hp", unit=units["hai_phong"])
        for code in ("LA", "RU"):
            Organisation.objects.create(
                unit=units["hai_phong"],
                kind="foreign_locality",
                name=f"Đối tác {code}",
                country=Country.objects.get(iso_alpha2=code),
            )

    def titles(self, language: str, start: date, end: date, kinds=None) -> list[str]:
        with translation.override(language):
            return [str(i.title) for i in calendar_items(user=self.editor, start=start, end=end, kinds=kinds)]

    def test_the_national_day_is_named_in_each_language_from_amitys_table(self):
        expected = {"vi": "Quốc khánh", "en": "National Day", "zh-hans": "国庆节", "ru": "Национальный праздник"}
        for language, name in expected.items():
            with self.subTest(language=language):
                titles = self.titles(language, date(2024, 12, 1), date(2024, 12, 31), kinds=[ItemKind.NATIONAL_DAY])
                self.assertEqual(len(titles), 1)
                self.assertTrue(titles[0].endswith(name), titles)
        russia = NationalDay.objects.get(country__iso_alpha2="RU")
        with translation.override("ru"):
            self.assertEqual(russia.display_name, "День России")

    def test_a_holiday_without_a_name_in_the_readers_language_says_what_it_is(self):
        lao_new_year = date(2024, 4, 14)
        vi = self.titles("vi", lao_new_year, lao_new_year, kinds=[ItemKind.HOLIDAY])
        self.assertTrue(vi and all("ngày nghỉ lễ (" in t for t in vi), vi)  # Laos: no Vietnamese names
        russian_christmas = date(2024, 1, 7)
        ru = self.titles("ru", russian_christmas, russian_christmas, kinds=[ItemKind.HOLIDAY])
        self.assertIn("Россия: Рождество Христово", ru)  # the library has Russian names
        en = self.titles("en", lao_new_year, lao_new_year, kinds=[ItemKind.HOLIDAY])
        self.assertTrue(en and not any("public holiday" in t for t in en), en)

    def test_the_calendar_shows_national_days_and_other_holidays_only_when_asked(self):
        self.client.force_login(self.editor)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
        url = reverse("activities:calendar")
        april = self.client.get(url, {"date": "2024-04-10"})
        self.assertNotContains(april, "ngày nghỉ lễ (")
        self.assertContains(april, 'name="holidays"')
        june = self.client.get(url, {"date": "2024-06-10"})
        self.assertContains(june, "Ngày nước Nga")  # 12 June, Russia's national day, always shown
        asked = self.client.get(url, {"date": "2024-04-10", "holidays": "1"})
        self.assertContains(asked, "ngày nghỉ lễ (")


class DelegationPeopleTests(TestCase):
    def test_the_dashboard_counts_delegation_members_in_each_languages_plural(self):
        from django.template.loader import render_to_string

        figures = {"total": 1200, "delegations": {"in": {"count": 2, "people": 3}, "out": {"count": 1, "people": 1021}}}
        expected = {
            "ru": ("(3 человека)", "(1\xa0021 человек)"),
            "en": ("(3 people)", "(1,021 people)"),
            "vi": ("(3 người)", "(1.021 người)"),
        }
        for language, (incoming, outgoing) in expected.items():
            with self.subTest(language=language), translation.override(language):
                html = render_to_string("activities/widget_figures.html", {"data": {"figures": figures}})
                self.assertIn(incoming, html)
                self.assertIn(outgoing, html)

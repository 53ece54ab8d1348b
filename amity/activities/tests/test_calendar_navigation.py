"""The calendar goes straight to a month or a year, and its year, month, week and list views keep
the unit and countries chosen when switching or paging."""

from datetime import date
from urllib.parse import parse_qs, urlsplit

from django.test import TestCase
from django.urls import reverse

from amity.activities.models import Activity
from amity.units.testing import make_unit_tree, make_user


class CalendarNavigationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.editor = make_user("hp", unit=cls.u["hai_phong"])
        cls.activity = Activity.objects.create(
            unit=cls.u["hai_phong"], type="delegation_in", title="Đoàn Osaka", start_date=date(2023, 9, 22)
        )

    def setUp(self):
        self.client.force_login(self.editor)

    def calendar(self, **params):
        response = self.client.get(reverse("activities:calendar"), params)
        self.assertEqual(response.status_code, 200)
        return response

    def test_a_month_and_year_chosen_in_the_form_open_that_month(self):
        response = self.calendar(view="month", date="2026-12-06", month="9", year="2023")
        self.assertEqual(response.context["day"], date(2023, 9, 1))
        self.assertContains(response, "Đoàn Osaka")

    def test_a_year_alone_keeps_the_month_and_nonsense_keeps_the_date(self):
        self.assertEqual(self.calendar(date="2026-03-15", year="2023").context["day"], date(2023, 3, 1))
        self.assertEqual(self.calendar(date="2026-03-15", year="20x3", month="13").context["day"], date(2026, 3, 15))

    def test_the_year_view_shows_twelve_months_counting_items_and_linking_each_month_and_busy_day(self):
        response = self.calendar(view="year", date="2023-05-10")
        months = response.context["grid"]
        self.assertEqual([m["first"] for m in months], [date(2023, n, 1) for n in range(1, 13)])
        self.assertEqual(months[8]["count"], 1)
        self.assertEqual(sum(m["count"] for m in months), 1)
        self.assertContains(response, "view=month&amp;date=2023-09-01")
        self.assertContains(response, "view=week&amp;date=2023-09-22")
        self.assertEqual(response.context["prev_day"], date(2022, 1, 1))
        self.assertEqual(response.context["next_day"], date(2024, 1, 1))

    def test_switching_and_paging_keep_the_unit_and_the_countries(self):
        unit = self.u["hai_phong"].pk
        # previous, today, next and the five views; in the year view also each month and busy day, in
        # the list each day with something in it
        for view, expected in (("month", 8), ("week", 8), ("day", 8), ("list", 8 + 1), ("year", 8 + 12 + 1)):
            response = self.calendar(view=view, date="2023-09-01", unit=str(unit), scope="all")
            links = [href.split('"')[0] for href in response.text.split('href="')[1:] if href.startswith("?")]
            self.assertEqual(len(links), expected, view)
            for link in links:
                query = parse_qs(urlsplit(link.replace("&amp;", "&")).query)
                self.assertEqual((query["unit"], query["scope"]), ([str(unit)], ["all"]), link)
            jump = response.text.split('id="calendar-jump"')[1].split("</form>")[0]
            self.assertIn(f'name="unit" value="{unit}"', jump)
            self.assertIn('name="scope" value="all"', jump)
            self.assertIn(f'name="view" value="{view}"', jump)

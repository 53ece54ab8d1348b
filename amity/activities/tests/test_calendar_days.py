"""A day of the calendar's month or week draws its first few activities and computed dates and
links the others: "N more activities" to the activity list of that day (the unit chosen with the
units below it), "N more dates" to the calendar's page of that day; the page reads the same
number of queries however many activities a day holds."""

import re
from datetime import date

from django.urls import reverse

from amity.activities.models import Activity
from amity.activities.views import CalendarView
from amity.registry.tests.factories import AgreementFactory

from .calendar_page import DAY, CalendarPageTestCase

SHOWN = CalendarView.SHOWN_A_DAY["month"]


def cell(response, day: date) -> str:
    """The HTML of one day's cell of the grid."""
    return re.search(rf'data-day="{day.isoformat()}">(.*?)</td>', response.text, re.S).group(1)


class CalendarDayTests(CalendarPageTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        hp, association = cls.u["hai_phong"], cls.u["hp_laos"]
        # the day holds six activities: one begun the day before and still going on, four of the
        # union's, one of the association below it; one more the day after
        Activity.objects.create(
            unit=hp, type="meeting", title="Z tuần văn hóa", start_date=date(2024, 12, 9), end_date=date(2024, 12, 11)
        )
        for title in ("A gặp mặt", "B tọa đàm", "C đón đoàn", "D tiễn đoàn"):
            Activity.objects.create(unit=hp, type="meeting", title=title, start_date=DAY)
        Activity.objects.create(unit=association, type="meeting", title="E hội hữu nghị", start_date=DAY)
        Activity.objects.create(unit=hp, type="meeting", title="F hôm sau", start_date=date(2024, 12, 12))
        Activity.objects.create(unit=cls.u["bac_ninh"], type="meeting", title="Bắc Ninh", start_date=DAY)
        # four agreements signed on that day in earlier years: four anniversaries
        for year in (2004, 2009, 2014, 2019):
            AgreementFactory(unit=hp, title=f"Thỏa thuận {year}", signed_on=date(year, 12, 10))

    def test_a_day_draws_its_first_activities_and_dates_and_counts_the_others(self):
        day = cell(self.calendar(), DAY)
        # the activity begun the day before first, then by title; the province's other union's not at all
        self.assertEqual(
            re.findall(r'data-kind="activity"><a href="[^"]+">([^<]+)<', day),
            ["Z tuần văn hóa", "A gặp mặt", "B tọa đàm"],
        )
        self.assertEqual(day.count('data-kind="agreement_anniversary"'), SHOWN)
        self.assertIn("3 more activities", day)
        self.assertIn("1 more date<", day)
        self.assertNotIn("Bắc Ninh", day)
        # the next day: the activity still going on and the one begun then, nothing more to link
        next_day = cell(self.calendar(), date(2024, 12, 11))
        self.assertIn("Z tuần văn hóa", next_day)
        self.assertNotIn("data-more", next_day)

    def test_more_activities_opens_the_days_activity_list_with_every_one(self):
        link = re.search(r'data-more="activities" href="([^"]+)"', cell(self.calendar(), DAY)).group(1)
        self.assertEqual(link, reverse("activities:activity_list") + "?on=2024-12-10")
        listed = self.client.get(link.replace("&amp;", "&"))
        for title in ("Z tuần văn hóa", "A gặp mặt", "B tọa đàm", "C đón đoàn", "D tiễn đoàn", "E hội hữu nghị"):
            self.assertContains(listed, title)
        self.assertNotContains(listed, "F hôm sau")
        self.assertEqual(listed.context["table"].paginator.count, 6)

    def test_with_a_unit_chosen_the_list_counts_the_units_below_it_as_the_calendar_does(self):
        hp = self.u["hai_phong"]
        link = re.search(r'data-more="activities" href="([^"]+)"', cell(self.calendar(unit=hp.pk), DAY)).group(1)
        listed = self.client.get(link.replace("&amp;", "&"))
        self.assertEqual(listed.context["table"].paginator.count, 6)
        self.assertContains(listed, "E hội hữu nghị")  # the association's, below the union
        only_own = self.client.get(reverse("activities:activity_list"), {"on": "2024-12-10", "unit": hp.pk})
        self.assertEqual(only_own.context["table"].paginator.count, 5)
        api = self.client.get("/api/activities/activities/", {"on": "2024-12-10", "unit": hp.pk, "below": "true"})
        self.assertEqual(api.json()["count"], 6)

    def test_more_dates_opens_the_calendars_page_of_that_day_with_every_date(self):
        link = re.search(r'data-more="dates" href="([^"]+)"', cell(self.calendar(), DAY)).group(1)
        self.assertEqual(link, "?view=day&amp;date=2024-12-10")
        response = self.calendar(view="day")
        self.assertEqual(response.context["start"], response.context["end"])
        [day] = response.context["grid"]
        titles = [i.title for i in day.dates]
        for year in (2004, 2009, 2014, 2019):
            self.assertIn(f"{2024 - year} years since signing: Thỏa thuận {year}", titles)
        self.assertEqual(len(day.activities), 6)

    def test_the_week_draws_more_a_day(self):
        day = cell(self.calendar(view="week"), DAY)
        self.assertEqual(day.count('data-kind="activity"'), 6)
        self.assertNotIn("data-more", day)

    def test_the_year_counts_every_item_and_names_a_days_first_ones(self):
        response = self.calendar(view="year")
        december = response.context["grid"][11]
        # activities a day (the one of three days counted on each) and the four anniversaries
        self.assertEqual(december["count"], 3 + 4 + 1 + 1 + 4)
        title = re.search(r'date=2024-12-10" title="([^"]+)"', response.text).group(1)
        self.assertTrue(title.startswith("Z tuần văn hóa; A gặp mặt; B tọa đàm (3 more activities); "), title)
        self.assertTrue(title.endswith(" (1 more date)"), title)

    def test_the_month_reads_as_many_queries_with_three_times_the_activities_a_day(self):
        before = self.measured()[0]
        for n in range(12):
            Activity.objects.create(unit=self.u["hai_phong"], type="meeting", title=f"Thêm {n}", start_date=DAY)
        self.assertEqual(self.measured()[0], before)
        self.assertIn("15 more activities", cell(self.calendar(), DAY))

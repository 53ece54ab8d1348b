"""The calendar's list, year, month and week at national scale: the database counts each day's
activities and agreements' dates and returns its first few, so a page reads as many queries and
draws as much with three times the records a day; the counts it shows are the records', every
day and in all, for the central union and a union another one merged into in 2025."""

import re
from datetime import date

from django.test import TestCase
from django.urls import reverse

from amity.activities.calendar_items import calendar_items, days_of
from amity.activities.choices import ItemKind
from amity.activities.models import Activity
from amity.activities.views import CalendarView
from amity.core.roles import Role
from amity.registry.tests.factories import AgreementFactory
from amity.units.testing import make_merged_unions, make_user

from .calendar_page import DAY, CalendarPageTestCase

LISTED = CalendarView.SHOWN_A_DAY["list"]
ON_THE_DAY_PAGE = CalendarView.SHOWN_A_DAY["day"]


def day_rows(response, day: date) -> str:
    """The HTML of one day's rows of the list."""
    return re.search(rf'<tbody data-day="{day.isoformat()}">(.*?)</tbody>', response.text, re.S).group(1)


class CalendarBoundTests(CalendarPageTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.add_records(11)  # more than a day of any view but the day's page draws

    @classmethod
    def add_records(cls, n: int, prefix: str = "") -> None:
        """``n`` activities of Hải Phòng and ``n`` anniversaries of its agreements on ``DAY``, and an
        activity and an agreement of Bắc Ninh, which Hải Phòng's editor does not see."""
        hp = cls.u["hai_phong"]
        for i in range(n):
            Activity.objects.create(unit=hp, type="meeting", title=f"{prefix}Gặp mặt {i:02}", start_date=DAY)
            AgreementFactory(unit=hp, title=f"{prefix}Thỏa thuận {i:02}", signed_on=date(2000 + i, 12, 10))
        Activity.objects.create(unit=cls.u["bac_ninh"], type="meeting", title="Bắc Ninh gặp mặt", start_date=DAY)
        AgreementFactory(unit=cls.u["bac_ninh"], title="Bắc Ninh thỏa thuận", signed_on=date(2010, 12, 10))

    def test_three_times_the_records_a_day_read_as_many_queries_and_draw_as_much(self):
        views = ("list", "year", "month", "week")
        before = {view: self.measured(view=view) for view in views}
        self.add_records(22, prefix="Z ")  # after the first ones by title
        for view in views:
            queries, size = self.measured(view=view)
            self.assertEqual(queries, before[view][0], view)
            # the same items drawn; only the numbers said ("8 more" becomes "30 more") grow a digit
            self.assertLess(abs(size - before[view][1]), 100, view)
        self.assertIn("30 more activities", day_rows(self.calendar(view="list"), DAY))

    def test_the_list_draws_a_days_first_items_and_links_and_counts_the_others(self):
        response = self.calendar(view="list")
        rows = day_rows(response, DAY)
        self.assertEqual(
            re.findall(r'<tr data-kind="activity">.*?<a href="[^"]+">([^<]+)</a>', rows, re.S),
            [f"Gặp mặt {i:02}" for i in range(LISTED)],
        )
        self.assertEqual(rows.count('data-kind="agreement_anniversary"'), LISTED)
        links = {
            kind: (href, text) for kind, href, text in re.findall(r'data-more="(\w+)" href="([^"]+)">([^<]+)<', rows)
        }
        self.assertEqual(
            links["activities"], (reverse("activities:activity_list") + "?on=2024-12-10", "8 more activities")
        )
        self.assertEqual(links["dates"], ("?view=day&amp;date=2024-12-10", "8 more dates"))
        self.assertNotIn("Bắc Ninh", response.text)
        # the day holds eleven of each: six of twenty-two shown
        self.assertEqual((response.context["item_shown"], response.context["item_total"]), (6, 22))
        self.assertContains(response, "Shown: 6 of 22 items")
        # "plan an activity" names the item and its day, nothing more (the form reads the rest)
        self.assertRegex(
            rows, r'href="[^"]+/add/\?type=commemoration&amp;occasion=agreement-\d+-2024&amp;start_date=2024-12-10"'
        )

    def test_the_day_page_draws_its_first_activities_and_every_date_in_as_many_queries(self):
        queries, _size = self.measured(view="day")
        [cell] = self.calendar(view="day").context["grid"]
        self.assertEqual((len(cell.activities), len(cell.dates), cell.more_activities), (11, 11, 0))
        self.add_records(22, prefix="Z ")
        self.assertEqual(self.measured(view="day")[0], queries)
        rows = day_rows(self.calendar(view="day"), DAY)
        self.assertEqual(
            re.findall(r'<tr data-kind="activity">.*?<a href="[^"]+">([^<]+)</a>', rows, re.S),
            sorted([f"Gặp mặt {i:02}" for i in range(11)] + [f"Z Gặp mặt {i:02}" for i in range(22)])[:ON_THE_DAY_PAGE],
        )
        link = re.search(r'data-more="activities" href="([^"]+)">([^<]+)<', rows)
        self.assertEqual(link.groups(), (reverse("activities:activity_list") + "?on=2024-12-10", "13 more activities"))
        # every date of the day: the page the other views' "N more dates" open
        self.assertEqual(rows.count('data-kind="agreement_anniversary"'), 33)
        self.assertNotIn('data-more="dates"', rows)
        self.assertNotIn("Bắc Ninh", rows)


class CalendarCountTests(TestCase):
    """The counts of the year, the list and the month are those of the items the calendar lists in
    full (its day page, feed and API), every day, across the 2025 merger: Hải Dương's records are
    Hải Phòng's since, Bắc Ninh's not."""

    @classmethod
    def setUpTestData(cls):
        cls.u = u = make_merged_unions()
        cls.central = make_user("cal-central", unit=u["vufo"], role=Role.VIEWER)
        cls.hp_viewer = make_user("cal-hp", unit=u["hai_phong"], role=Role.VIEWER)
        busy = date(2025, 3, 10)
        activities = [
            ("hai_phong", busy, None, 4),
            ("hai_duong", busy, None, 2),
            ("bac_ninh", busy, None, 1),
            ("hai_phong", date(2024, 12, 30), date(2025, 1, 2), 1),  # begun before the year, still going on
            ("hai_duong", date(2025, 12, 31), date(2026, 1, 2), 1),  # going on into the next year
            ("hai_duong", date(2025, 6, 28), date(2025, 7, 3), 2),  # across the merger
            ("bg_japan", date(2025, 9, 2), None, 3),
        ]
        for key, start, end, n in activities:
            for i in range(n):
                Activity.objects.create(
                    unit=u[key], type="meeting", title=f"{key} {start} {i}", start_date=start, end_date=end
                )
        agreements = [
            ("hai_duong", date(2020, 2, 29), None),  # on 28 February in a common year
            ("hai_duong", date(2010, 3, 10), None),
            ("hai_phong", date(2015, 3, 10), busy),
            ("hai_phong", date(2016, 3, 10), None),
            ("hai_phong", date(2017, 3, 10), date(2025, 12, 31)),
            ("hai_phong", date(2025, 3, 10), None),  # signed this year: no anniversary yet
            ("bac_ninh", date(2012, 3, 10), None),
            ("bac_giang", date(2001, 1, 1), date(2026, 1, 3)),
        ]
        for key, signed_on, renewal_due in agreements:
            AgreementFactory(
                unit=u[key], title=f"Thỏa thuận {key} {signed_on}", signed_on=signed_on, renewal_due=renewal_due
            )

    def shown(self, user, view: str, day: date) -> dict:
        """The view's count of items on each day (each day of the year, or of the list)."""
        self.client.force_login(user)
        response = self.client.get(reverse("activities:calendar"), {"view": view, "date": day.isoformat()})
        self.assertEqual(response.status_code, 200)
        context = response.context
        if view == "year":
            cells = [cell for month in context["grid"] for week in month["weeks"] for _d, cell, _shade in week if cell]
            self.assertEqual(sum(month["count"] for month in context["grid"]), sum(self.total(cells)))
            # each busy day says its count on the page
            drawn = re.findall(r'date=(\d{4}-\d\d-\d\d)" title="[^"]*" data-count="(\d+)"', response.text)
            self.assertEqual(
                {date.fromisoformat(d): int(n) for d, n in drawn},
                {
                    cell.day: cell.activity_count + cell.date_count
                    for cell in cells
                    if cell.activity_count or cell.date_count
                },
            )
        elif view == "list":
            cells = context["grid"]
            self.assertEqual(context["item_total"], sum(self.total(cells)))
        else:
            cells = [cell for week in context["grid"] for _d, cell, _in_month in week]
        return {
            cell.day: (cell.activity_count, cell.date_count) for cell in cells if cell.activity_count or cell.date_count
        }

    @staticmethod
    def total(cells) -> list[int]:
        return [cell.activity_count + cell.date_count for cell in cells]

    def listed(self, user, start: date, end: date) -> dict:
        """Each day's activities and dates among every item the calendar lists for the period."""
        counts: dict = {}
        for item in calendar_items(user=user, start=start, end=end, kinds=set(ItemKind.values) - {ItemKind.HOLIDAY}):
            for day in days_of(item, start, end):
                activities, dates = counts.get(day, (0, 0))
                counts[day] = (activities + 1, dates) if item.kind == ItemKind.ACTIVITY else (activities, dates + 1)
        return counts

    def test_the_year_counts_every_day_as_the_items_listed(self):
        for user in (self.central, self.hp_viewer):
            for year in (2024, 2025, 2026):
                shown = self.shown(user, "year", date(year, 5, 1))
                self.assertEqual(shown, self.listed(user, date(year, 1, 1), date(year, 12, 31)), (user, year))

    def test_the_list_and_the_month_count_every_day_as_the_items_listed(self):
        for user in (self.central, self.hp_viewer):
            shown = self.shown(user, "list", date(2025, 12, 1))  # across the new year: 1 December to 29 January
            self.assertEqual(shown, self.listed(user, date(2025, 12, 1), date(2026, 1, 29)))
            shown = self.shown(user, "month", date(2025, 3, 1))  # 24 February to 6 April
            self.assertEqual(shown, self.listed(user, date(2025, 2, 24), date(2025, 4, 6)))

    def test_the_counts_hold_the_merged_unions_records_and_no_others(self):
        busy, leap = date(2025, 3, 10), date(2025, 2, 28)
        # Hải Phòng's 4 and Hải Dương's 2 activities; the anniversaries of 2010, 2015, 2016, 2017 and a renewal
        hp = self.shown(self.hp_viewer, "year", busy)
        self.assertEqual((hp[busy], hp[leap], hp[date(2025, 6, 30)]), ((6, 5), (0, 1), (2, 0)))
        self.assertNotIn(date(2025, 9, 2), hp)  # Bắc Giang's association: Bắc Ninh's since the merger
        self.assertEqual(sum(a + d for a, d in hp.values()), 6 + 2 * 6 + 2 + 1 + 5 + 1 + 1)
        # shaded by how busy beside the busiest day of the year: the busy day darkest, a day of one item lightest
        self.client.force_login(self.hp_viewer)
        year = self.client.get(reverse("activities:calendar"), {"view": "year", "date": "2025-03-10"}).context["grid"]
        shades = {d: shade for month in year for week in month["weeks"] for d, _cell, shade in week if d}
        self.assertEqual((shades[busy], shades[leap], shades[date(2025, 3, 11)]), (50, 10, None))
        central = self.shown(self.central, "year", busy)
        self.assertEqual((central[busy], central[date(2025, 9, 2)]), ((7, 6), (3, 0)))
        self.assertEqual(central[date(2025, 1, 1)], (1, 1))  # Bắc Giang's agreement of 2001

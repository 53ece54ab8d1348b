"""The calendar, an activity's page and the "Coming up" widget write their counts as numbers of the
reader's language: a national union's calendar has about fifty activities a day and thousands a month."""

from datetime import date
from unittest import mock

from django.test import TestCase

from amity.activities import calendar_items, dashboard
from amity.activities.tests.factories import ActivityFactory
from amity.core.testing import pages_in_languages
from amity.units.testing import make_unit_tree, make_user

DAY = date(2024, 3, 1)
MORE = 1_500  # activities of the day beyond the one drawn
DAYS = calendar_items.calendar_days  # the function itself, before the page's is replaced


def busy_days(**scope):
    """``calendar_days`` with ``MORE`` activities more on every day that has one."""
    days, undated = DAYS(**scope)
    for cell in days.values():
        if cell.activity_count:
            cell.activity_count += MORE
    return days, undated


class CalendarCountsWrittenAsNumbersTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        unit = make_unit_tree()["hai_phong"]
        cls.user = make_user("hp-calendar-numbers", unit=unit)
        cls.activity = ActivityFactory(unit=unit, start_date=DAY, participants=1_234)

    def setUp(self):
        self.client.force_login(self.user)

    def pages(self, query: str, *counts: int):
        with mock.patch("amity.activities.views.calendar_days", busy_days):
            yield from pages_in_languages(self.client, f"/activities/calendar/?date={DAY}&{query}", *counts)

    def test_a_day_of_the_month_and_of_the_list_links_its_other_activities(self):
        for query in ("view=month", "view=list"):
            for language, html, written in self.pages(query, MORE, MORE + 1):
                with self.subTest(query=query, language=language):
                    self.assertRegex(html, f'data-more="activities"[^>]*>[^<\\d]*{written(MORE)} ')
                    if query == "view=list":
                        self.assertRegex(html, f"data-summary>[^<\\d]*1[^<\\d]*{written(MORE + 1)} ")

    def test_the_year_counts_each_month_and_names_a_busy_day_s_others(self):
        for language, html, written in self.pages("view=year", MORE, MORE + 1):
            with self.subTest(language):
                self.assertRegex(html, f'<span class="badge bg-primary" title="[^"]*">{written(MORE + 1)}</span>')
                self.assertRegex(html, f'title="[^"]*\\([^)\\d]*{written(MORE)} [^"]*" data-count=')

    def test_an_activity_writes_its_delegation_s_size(self):
        for language, html, written in pages_in_languages(self.client, self.activity.get_absolute_url(), 1_234):
            with self.subTest(language):
                self.assertIn(f'<span data-figure="people">{written(1_234)}</span>', html)

    def test_coming_up_writes_how_many_more(self):
        upcoming = calendar_items.upcoming_items

        def thousands_more(**kwargs):
            items, dated = upcoming(**kwargs)
            return items, dated + MORE

        with mock.patch.object(dashboard, "upcoming_items", thousands_more):
            for language, html, written in pages_in_languages(self.client, "/dashboard/activities/", MORE):
                with self.subTest(language):
                    self.assertRegex(html, f'<p class="small mb-1">[^<\\d]*{written(MORE)}[^<\\d]*</p>')

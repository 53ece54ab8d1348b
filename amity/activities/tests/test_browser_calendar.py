"""The calendar in headless Chromium, as a provincial editor from the menu, in Vietnamese and
Russian: choose a unit by typing its name, go straight to September 2023 with the month and year picker, see the year,
open a month and a week from it; every view keeps the unit chosen. Screenshots in artefacts/browser/."""

import re
from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import translation
from django.utils.translation import gettext, ngettext

from amity.activities.models import Activity
from amity.core.testing import ARTEFACTS, browser_page, from_menu, log_in, pick_option
from amity.geo import services as geo_services
from amity.units.testing import make_unit_tree, make_user

pytestmark = pytest.mark.browser


@pytest.fixture
def editor(transactional_db):
    geo_services.countries_sync()
    geo_services.provinces_sync()
    units = make_unit_tree()
    user = make_user("hp.editor", unit=units["hai_phong"])
    Activity.objects.create(
        unit=units["hai_phong"], type="delegation_in", title="Đón đoàn Osaka", start_date=date(2023, 9, 22)
    )
    return user, units["hai_phong"]


def test_jump_to_a_month_and_a_year_and_switch_views_keeping_the_unit(live_server, editor):
    from playwright.sync_api import expect

    user, unit = editor

    def query(page):
        return {k: v[0] for k, v in parse_qs(urlsplit(page.url).query).items()}

    with browser_page("calendar", viewport={"width": 1366, "height": 900}) as page:
        for language in ("vi", "ru"):
            with translation.override(language):
                words = {w: gettext(w) for w in ("Show", "Go to", "Year", "Month", "Week")}
            log_in(page, live_server.url, user, language)
            from_menu(page, "/activities/calendar/")
            pick_option(page, "id_unit", unit.name)  # typed: a central union sees some 700 units
            with page.expect_navigation():
                page.get_by_role("button", name=words["Show"], exact=True).click()
            jump = page.locator("#calendar-jump")
            jump.locator("select[name=month]").select_option("9")
            jump.locator("input[name=year]").fill("2023")
            with page.expect_navigation():
                jump.get_by_role("button", name=words["Go to"]).click()
            expect(page.locator("h1")).to_contain_text("2023")
            expect(page.locator("[data-kind=activity]")).to_contain_text("Đón đoàn Osaka")
            assert query(page)["unit"] == str(unit.pk)
            page.screenshot(path=str(ARTEFACTS / f"calendar-month-{language}.png"), full_page=True)
            with page.expect_navigation():
                page.get_by_role("link", name=words["Year"], exact=True).click()
            expect(page.locator("[data-month]")).to_have_count(12)
            expect(page.locator("[data-month='9'] .badge")).to_have_text("1")
            assert (query(page)["view"], query(page)["unit"]) == ("year", str(unit.pk))
            page.screenshot(path=str(ARTEFACTS / f"calendar-year-{language}.png"), full_page=True)
            with page.expect_navigation():
                page.locator("[data-month='9'] .card-header a").click()
            assert (query(page)["view"], query(page)["date"], query(page)["unit"]) == (
                "month",
                "2023-09-01",
                str(unit.pk),
            )
            with page.expect_navigation():
                page.get_by_role("link", name=words["Week"], exact=True).click()
            assert (query(page)["view"], query(page)["unit"]) == ("week", str(unit.pk))
            with page.expect_navigation():
                page.locator("a[aria-label]", has_text="»").click()
            assert (query(page)["view"], query(page)["date"], query(page)["unit"]) == (
                "week",
                "2023-09-04",
                str(unit.pk),
            )
            page.context.clear_cookies()


@pytest.fixture
def busy_day(transactional_db):
    """10 December 2024: six activities in Hải Phòng (one of them its association's) and one in Bắc
    Ninh, and four anniversaries of Hải Phòng's agreements; Hải Phòng's editor and the central union."""
    from amity.registry.tests.factories import AgreementFactory

    geo_services.countries_sync()
    geo_services.provinces_sync()
    units = make_unit_tree()
    for n in range(5):
        Activity.objects.create(
            unit=units["hai_phong"], type="meeting", title=f"Gặp mặt {n}", start_date=date(2024, 12, 10)
        )
    Activity.objects.create(unit=units["hp_laos"], type="meeting", title="Hội hữu nghị", start_date=date(2024, 12, 10))
    Activity.objects.create(unit=units["bac_ninh"], type="meeting", title="Bắc Ninh", start_date=date(2024, 12, 10))
    for year in (2004, 2009, 2014, 2019):
        AgreementFactory(unit=units["hai_phong"], title=f"Thỏa thuận {year}", signed_on=date(year, 12, 10))
    return make_user("hp.editor", unit=units["hai_phong"]), make_user("vufo.editor", unit=units["vufo"])


def test_a_busy_day_links_its_other_activities_and_dates(live_server, busy_day):
    """Hải Phòng's editor in Vietnamese, the central union in English: the month draws three
    activities and three dates of the day and links the others, which the day's activity list and
    the calendar's page of that day show in full; the list of sixty days draws three of each, the
    year counts them all and names three."""
    from playwright.sync_api import expect

    for user, language, activities in ((busy_day[0], "vi", 6), (busy_day[1], "en", 7)):
        with translation.override(language):
            more = {
                "activities": ngettext("%(activities)s more activity", "%(activities)s more activities", activities - 3)
                % {"activities": activities - 3},
                "dates": ngettext("%(dates)s more date", "%(dates)s more dates", 1) % {"dates": 1},
                "go": gettext("Go to"),
                "list": gettext("List"),
                "year": gettext("Year"),
                "year activities": ngettext(
                    "%(activities)s more activity", "%(activities)s more activities", activities - 3
                )
                % {"activities": activities - 3},
            }
        with browser_page(f"calendar-day-{language}", viewport={"width": 1366, "height": 900}) as page:
            log_in(page, live_server.url, user, language)
            from_menu(page, "/activities/calendar/")
            jump = page.locator("#calendar-jump")
            jump.locator("select[name=month]").select_option("12")
            jump.locator("input[name=year]").fill("2024")
            with page.expect_navigation():
                jump.get_by_role("button", name=more["go"]).click()
            day = page.locator("td[data-day='2024-12-10']")
            expect(day.locator("[data-kind=activity]")).to_have_count(3)
            expect(day.locator("[data-kind=agreement_anniversary]")).to_have_count(3)
            expect(day.locator("[data-more=activities]")).to_have_text(more["activities"])
            page.screenshot(path=str(ARTEFACTS / f"calendar-busy-day-{language}.png"), full_page=True)
            with page.expect_navigation():
                day.locator("[data-more=activities]").click()
            assert parse_qs(urlsplit(page.url).query)["on"] == ["2024-12-10"]
            expect(page.locator("table tbody tr")).to_have_count(activities)
            expect(page.locator("table tbody")).to_contain_text("Hội hữu nghị")
            page.screenshot(path=str(ARTEFACTS / f"calendar-day-activities-{language}.png"), full_page=True)
            page.go_back()
            with page.expect_navigation():
                page.locator("td[data-day='2024-12-10'] [data-more=dates]").click()
            expect(page.locator("tr[data-kind=agreement_anniversary]")).to_have_count(4)
            expect(page.locator("tr[data-kind=activity]")).to_have_count(activities)
            page.screenshot(path=str(ARTEFACTS / f"calendar-day-page-{language}.png"), full_page=True)
            # the list of sixty days from that day: three activities and dates a day, and links to the others
            with page.expect_navigation():
                page.get_by_role("link", name=more["list"], exact=True).click()
            day = page.locator("tbody[data-day='2024-12-10']")
            expect(day.locator("tr[data-kind=activity]")).to_have_count(3)
            expect(day.locator("tr[data-kind=agreement_anniversary]")).to_have_count(3)
            expect(day.locator("[data-more=activities]")).to_have_text(more["activities"])
            expect(day.locator("[data-more=dates]")).to_have_text(more["dates"])
            expect(page.locator("[data-summary]")).to_contain_text(f"{3 + 3} ")
            page.screenshot(path=str(ARTEFACTS / f"calendar-list-{language}.png"), full_page=True)
            # the year: each day's count, and in its title the first three names and how many more
            with page.expect_navigation():
                page.get_by_role("link", name=more["year"], exact=True).click()
            expect(page.locator("[data-month='12'] .badge")).to_have_text(str(activities + 4))
            busy = page.locator("[data-month='12'] a[href*='date=2024-12-10']")
            expect(busy).to_have_attribute("title", re.compile(re.escape(more["year activities"])))
            page.screenshot(path=str(ARTEFACTS / f"calendar-year-busy-{language}.png"), full_page=True)

"""In headless Chromium: an editor opens the calendar, plans an activity from a computed anniversary,
sees the place choices follow the start date (htmx), records the delegation with its members and place, and finds it on the calendar and in the figures.

Uses Debian's /usr/bin/chromium through Playwright; run alone with ``pytest -m browser``.
"""

from datetime import date

import pytest
from django.conf import settings
from django.urls import reverse

from amity.activities import services
from amity.activities.models import Activity
from amity.core.testing import ARTEFACTS, browser_page, log_in, pick_option
from amity.geo import services as geo_services
from amity.geo.models import Country
from amity.geo.services import current_province_by_name, province_by_name
from amity.registry.models import Organisation, Person
from amity.units.testing import make_unit_tree, make_user

pytestmark = pytest.mark.browser


@pytest.fixture
def editor(transactional_db):
    geo_services.countries_sync()
    geo_services.provinces_sync()
    services.relations_load()
    units = make_unit_tree()
    user = make_user("hp.editor", unit=units["hai_phong"])
    japan = Country.objects.get(iso_alpha2="JP")
    Organisation.objects.create(
        unit=units["hai_phong"], kind="embassy", name="Tổng Lãnh sự quán Nhật Bản", country=japan
    )
    leader = Person.objects.create(unit=units["hai_phong"], full_name="Đỗ Văn Bình")
    member = Person.objects.create(unit=units["hai_phong"], full_name="Nguyễn Thị Mai")
    return user, units["hai_phong"], leader, member


#: The figures pages, and the figure each shows of the delegation of 2023 (the previous term's).
FIGURES_PAGES = {
    "activities": ("/activities/figures/", "[data-figure=in-people]", "6"),
    "aid": ("/aid/figures/", "[data-figure=items]", None),
    "awards": ("/awards/counts/", "[data-figure=total]", None),
    "diaspora": ("/diaspora/statistics/", "[data-figure=contributions]", None),
}


def walk_the_figures_pages(page, url: str) -> None:
    """Every figures page in Vietnamese and English: it opens with its term links (the previous
    term's holds the delegation of 2023) and says "None" for an empty table."""
    from playwright.sync_api import expect

    for language, previous_term, none in (("vi", "Nhiệm kỳ trước", "Không"), ("en", "Previous term", "None")):
        page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": url}])
        for name, (path, figure, shown) in FIGURES_PAGES.items():
            page.goto(f"{url}{path}")
            page.locator("[data-terms] a", has_text=previous_term).click()
            expect(page.locator("[data-term=shown]")).to_contain_text(previous_term)
            if shown:
                expect(page.locator(figure)).to_have_text(shown)
            else:
                expect(page.locator(figure)).to_be_visible()
            page.screenshot(path=str(ARTEFACTS / f"figures-{name}-{language}.png"), full_page=True)
        page.goto(f"{url}/activities/figures/?start=2030-01-01&end=2030-12-31")
        expect(page.locator("[data-row=none]").first).to_have_text(none)
        page.goto(f"{url}/activities/figures/?start=2030-13-01")
        expect(page.locator("[data-error=start]")).to_be_visible()


def set_date_once(page, value: str) -> None:
    """Set the start date and fire one change: fill() fires its own change too, and a second htmx
    request answering late would re-render the places after a place was chosen."""
    page.eval_on_selector("#id_start_date", "(el, value) => { el.value = value; }", value)
    page.locator("#id_start_date").dispatch_event("change")


def test_plan_an_activity_from_an_anniversary_and_record_the_delegation(live_server, editor):
    from playwright.sync_api import expect

    user, unit, leader, member = editor
    bac_giang = province_by_name("Bắc Giang", on=date(2023, 9, 21))
    hai_phong_old = province_by_name("Hải Phòng", on=date(2023, 9, 21))
    bac_ninh_now = current_province_by_name("Bắc Ninh")
    reverse("dashboard")
    with browser_page("activities", viewport={"width": 1400, "height": 900}, locale="vi-VN") as page:
        log_in(page, live_server.url, user)
        page.goto(f"{live_server.url}/activities/calendar/?date=2023-09-01")
        item = page.locator("[data-kind=relation_anniversary]", has_text="50")
        expect(item.locator(".badge")).to_have_text("50")  # the round anniversary is marked
        item.get_by_role("link", name="lập kế hoạch hoạt động").click()
        expect(page.locator("#id_start_date")).to_have_value("2023-09-21")
        places = page.locator("#id_places")
        expect(places.locator(f"option[value='{bac_giang.pk}']")).to_have_count(1)  # 2023: before the merger
        expect(places.locator(f"option[value='{bac_ninh_now.pk}']")).to_have_count(0)
        set_date_once(page, "2026-03-01")
        expect(places.locator(f"option[value='{bac_ninh_now.pk}']")).to_have_count(1)  # re-rendered by htmx
        expect(places.locator(f"option[value='{bac_giang.pk}']")).to_have_count(0)
        expect(places.locator("option")).to_have_count(34)
        set_date_once(page, "2023-09-21")
        expect(places.locator(f"option[value='{bac_giang.pk}']")).to_have_count(1)
        page.select_option("#id_places", [str(hai_phong_old.pk)])
        expect(page.locator("#id_unit option[selected]")).to_have_attribute("value", str(unit.pk))  # their union
        page.select_option("#id_type", "delegation_in")
        page.fill("#id_title", "Đón đoàn Nhật Bản dự lễ kỷ niệm 50 năm")
        page.fill("#id_end_date", "2023-09-19")
        page.get_by_role("button", name="Lưu").click()
        expect(page.locator(".invalid-feedback")).to_contain_text("Ngày kết thúc")
        page.fill("#id_end_date", "2023-09-23")
        pick_option(page, "id_leader", "do van binh", "Đỗ Văn Bình")
        pick_option(page, "id_members", "nguyen thi mai", "Nguyễn Thị Mai")
        page.fill("#id_participants", "6")
        page.get_by_role("button", name="Lưu").click()
        expect(page.locator("h1")).to_contain_text("Đón đoàn Nhật Bản")
        expect(page.locator("body")).to_contain_text("Nguyễn Thị Mai")
        page.goto(f"{live_server.url}/activities/calendar/?date=2023-09-22&view=week")
        expect(page.locator("[data-kind=activity]").first).to_contain_text("Đón đoàn Nhật Bản")
        walk_the_figures_pages(page, live_server.url)
    saved = Activity.objects.get(title="Đón đoàn Nhật Bản dự lễ kỷ niệm 50 năm")
    assert (saved.start_date, saved.end_date, saved.leader) == (date(2023, 9, 21), date(2023, 9, 23), leader)
    assert list(saved.countries.values_list("iso_alpha2", flat=True)) == ["JP"]
    assert list(saved.members.all()) == [member]
    assert list(saved.places.all()) == [hai_phong_old]

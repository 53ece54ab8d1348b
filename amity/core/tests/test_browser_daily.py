"""Daily work in headless Chromium: the one search box finds records typed without diacritics or
with a typo; a picker finds a commune among thousands by typing, a sector by its name in the
user's language; at 1366 px the Russian and Chinese pages do not scroll sideways and the top
bar's search box and language selector stay on screen. Screenshots go to artefacts/browser/
(Vietnamese and another language)."""

import pytest

from amity.aid.services import sectors_load
from amity.aid.tests.factories import make_donor, make_item
from amity.core.testing import ARTEFACTS, browser_page, layout_problems, log_in, pick_option
from amity.geo import services as geo_services
from amity.units.testing import make_unit_tree, make_user

pytestmark = pytest.mark.browser

#: What a user types in the sector picker, and the sector chosen, named in the user's language.
SECTOR_TYPED = {
    "vi": ("nuoc sach", "14031 Cấp nước sạch cơ bản"),
    "ru": ("питьевое водоснабжение", "14031 Базовое питьевое водоснабжение"),
    "zh-hans": ("饮用水", "14031 基本饮用水供应"),
    "en": ("drinking water", "14031 Basic drinking water supply"),
}


@pytest.fixture
def editor(transactional_db):
    geo_services.countries_sync()
    geo_services.provinces_sync()
    sectors_load()
    units = make_unit_tree()
    user = make_user("hp.editor", unit=units["hai_phong"])
    make_donor(units["hai_phong"], "Kinderhilfe Deutschland e.V.")
    make_item(units["hai_phong"], "Xe lăn cho người khuyết tật", reference="HP-2026-014")
    return user


def test_search_pickers_and_a_1366_px_screen_in_four_languages(live_server, editor):
    from playwright.sync_api import expect

    overflow = {}
    with browser_page("daily", viewport={"width": 1366, "height": 768}) as page:
        for language in ("vi", "ru", "zh-hans", "en"):
            log_in(page, live_server.url, editor, language)
            # the top bar's controls are on screen
            assert layout_problems(page)["cut"] == [], language
            # the search box: a typo and no diacritics
            search = page.locator("nav form[role=search] input[name=q]")
            search.fill("Kinderhilfe Deutchland")
            with page.expect_navigation():
                search.press("Enter")
            expect(page.get_by_role("link", name="Kinderhilfe Deutschland e.V.")).to_be_visible()
            search = page.locator("nav form[role=search] input[name=q]")
            search.fill("xe lan")
            with page.expect_navigation():
                search.press("Enter")
            expect(page.get_by_role("link", name="Xe lăn cho người khuyết tật")).to_be_visible()
            page.screenshot(path=str(ARTEFACTS / f"search-{language}.png"), full_page=True)
            # a picker: a commune among thousands, typed without diacritics, with the keyboard
            page.goto(f"{live_server.url}/aid/items/add/")
            pick_option(page, "id_locations", "hai phongg", "Hải Phòng")
            expect(page.locator("#id_locations + .ts-wrapper .item")).to_contain_text("Hải Phòng")
            control = page.locator("#id_sectors-ts-control")
            control.focus()
            page.keyboard.type("12220")
            page.locator("#id_sectors-ts-dropdown .option").first.wait_for()
            page.keyboard.press("Enter")
            expect(page.locator("#id_sectors + .ts-wrapper .item")).to_contain_text("12220")
            typed, sector = SECTOR_TYPED[language]  # a sector found by its name in the user's language
            pick_option(page, "id_sectors", typed, sector)
            expect(page.locator("#id_sectors + .ts-wrapper .item").last).to_contain_text(sector)
            page.screenshot(path=str(ARTEFACTS / f"pickers-{language}.png"), full_page=True)
            for path in ("/", "/aid/items/", "/aid/items/add/", "/activities/calendar/"):
                page.goto(f"{live_server.url}{path}")
                found = layout_problems(page)
                if found["sideways"] or found["cut"]:
                    overflow[(language, path)] = found
            page.goto(f"{live_server.url}/aid/items/")
            page.screenshot(path=str(ARTEFACTS / f"list-1366-{language}.png"))
            page.context.clear_cookies()
    assert overflow == {}, f"pages wider than the screen: {overflow}"

"""In headless Chromium: the aid figures page, opened from the menu, names the 30 largest donors and
links to every donor, a page at a time; walked by Hải Phòng's editor in Vietnamese and by the
central union in Russian. Run alone with ``pytest -m browser``."""

from datetime import date

import pytest
from playwright.sync_api import expect

from amity.aid import views
from amity.core.roles import Role
from amity.core.testing import ARTEFACTS, browser_page, from_menu, log_in
from amity.geo import services as geo_services
from amity.units.testing import make_unit_tree, make_user

from .factories import make_donor, make_item

pytestmark = pytest.mark.browser


@pytest.fixture
def people(transactional_db, monkeypatch):
    monkeypatch.setattr(views.AidFigureDonorsView, "paginate_by", 20)
    # a transactional test starts from a flushed database: the provinces come back here
    geo_services.countries_sync()
    geo_services.provinces_sync()
    units = make_unit_tree()
    today = date.today()
    for i in range(35):  # 1,000 … 35,000 USD, decided this year: the current term
        donor = make_donor(units["hai_phong"], f"Donor {i + 1:02}")
        make_item(
            units["hai_phong"], f"Item {i}", donors=[donor], committed=(str(1000 * (i + 1)), "USD"), decided=today
        )
    return make_user("hp.editor", unit=units["hai_phong"]), make_user(
        "vufo.viewer", unit=units["vufo"], role=Role.VIEWER
    )


@pytest.mark.parametrize("who, language", [("editor", "vi"), ("central", "ru")])
def test_the_largest_donors_and_every_donor_a_page_at_a_time(live_server, people, who, language):
    user = people[0] if who == "editor" else people[1]
    words = {
        "vi": ("Các nhà tài trợ khác (5)", "Tất cả nhà tài trợ (35)", "Trang sau", "Trang trước"),
        "ru": ("Другие доноры (5)", "Все доноры (35)", "Следующая страница", "Предыдущая страница"),
    }[language]
    with browser_page(f"aid-donors-{language}", viewport={"width": 1366, "height": 900}) as page:
        log_in(page, live_server.url, user, language=language)
        from_menu(page, "/aid/figures/")
        donors = page.locator("[data-section=donor] tbody tr")
        expect(donors).to_have_count(31)  # 30 named and the others' row
        expect(donors.first).to_contain_text("Donor 35")
        expect(page.locator("[data-row=other-donors]")).to_contain_text(words[0])
        page.screenshot(path=str(ARTEFACTS / f"aid-figures-donors-{language}.png"), full_page=True)
        page.get_by_role("link", name=words[1]).click()
        rows = page.locator("main table tbody tr")
        expect(rows).to_have_count(20)
        expect(rows.first).to_contain_text("Donor 35")
        page.get_by_role("link", name=words[2]).click()
        expect(rows).to_have_count(15)
        expect(rows.last).to_contain_text("Donor 01")
        expect(page.locator("#id_start")).not_to_have_value("")  # the period stays the figures'
        page.screenshot(path=str(ARTEFACTS / f"aid-figure-donors-{language}.png"), full_page=True)
        page.get_by_role("link", name=words[3]).click()
        expect(rows).to_have_count(20)
        page.locator("[data-link=figures]").click()
        expect(page.locator("[data-link=all-donors]")).to_have_count(1)

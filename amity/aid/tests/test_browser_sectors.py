"""IATI sectors in the reader's language, in headless Chromium: a provincial editor in Vietnamese
and the central union in Russian find a sector in the list's filter by typing its name, read the
item's sectors and the figures by sector in their language, each name with its code. Screenshots
go to artefacts/browser/."""

from datetime import date
from decimal import Decimal

import pytest

from amity.aid.models import Sector
from amity.aid.services import sectors_load
from amity.aid.tests.factories import make_donor, make_item
from amity.core.models import ExchangeRate
from amity.core.roles import Role
from amity.core.testing import ARTEFACTS, browser_page, log_in, pick_option
from amity.core.tests.test_browser_formats import menu
from amity.geo import services as geo_services
from amity.units.testing import make_unit_tree, make_user

pytestmark = pytest.mark.browser

#: Per language: what is typed in the filter's sector picker, the sector chosen, the item's other
#: sector and the sector of the item the filter leaves out, as the pages name them.
SHOWN = {
    "vi": ("giao duc tieu", "11220 Giáo dục tiểu học", "14031 Cấp nước sạch cơ bản", "12262 Phòng chống sốt rét"),
    "ru": (
        "начальное образ",
        "11220 Начальное образование",
        "14031 Базовое питьевое водоснабжение",
        "12262 Борьба с малярией",
    ),
}


@pytest.fixture
def users(transactional_db):
    geo_services.countries_sync()
    geo_services.provinces_sync()
    sectors_load()
    units = make_unit_tree()
    hp = units["hai_phong"]
    donor = make_donor(hp, "Kinderhilfe Deutschland e.V.")
    school = make_item(
        hp, "Trường tiểu học Đồng Hòa", donors=[donor], committed=("5000", "USD"), decided=date(2026, 3, 1)
    )
    school.sectors.set(Sector.objects.filter(code__in=["11220", "14031"]))
    malaria = make_item(hp, "Màn chống muỗi", donors=[donor], committed=("2000", "USD"), decided=date(2026, 4, 1))
    malaria.sectors.set(Sector.objects.filter(code="12262"))
    ExchangeRate.objects.create(currency="USD", target="VND", rate=Decimal("25000"), year=2026, source="NHNN")
    return {
        "vi": make_user("hp.editor", unit=hp),
        "ru": make_user("vufo.admin", unit=units["vufo"], role=Role.ADMIN),
    }


def test_sectors_found_and_shown_in_the_users_language(live_server, users):
    from playwright.sync_api import expect

    with browser_page("sectors", viewport={"width": 1366, "height": 900}) as page:
        for language, (typed, chosen, other, left_out) in SHOWN.items():
            log_in(page, live_server.url, users[language], language)
            menu(page, "/aid/items/")
            pick_option(page, "id_sector", typed, chosen)
            with page.expect_response(lambda r: "/aid/items/?" in r.url):
                page.locator("main form[hx-get] button[type=submit]").click()
            results = page.locator("#results")
            expect(results).to_contain_text("Trường tiểu học Đồng Hòa")
            expect(results).not_to_contain_text("Màn chống muỗi")
            expect(page.locator("#id_sector + .ts-wrapper .item")).to_contain_text(chosen)
            page.screenshot(path=str(ARTEFACTS / f"sectors-filter-{language}.png"), full_page=True)

            with page.expect_navigation():
                results.get_by_role("link", name="Trường tiểu học Đồng Hòa").click()
            main = page.locator("main")
            expect(main).to_contain_text(chosen)
            expect(main).to_contain_text(other)
            expect(main).not_to_contain_text("Primary education")
            page.screenshot(path=str(ARTEFACTS / f"sectors-item-{language}.png"), full_page=True)

            menu(page, "/aid/figures/")
            by_sector = page.locator("[data-section=sector]")
            for name in (chosen, other, left_out):
                expect(by_sector).to_contain_text(name)
            expect(by_sector).not_to_contain_text("Malaria control")
            page.screenshot(path=str(ARTEFACTS / f"sectors-figures-{language}.png"), full_page=True)
            page.context.clear_cookies()

"""In headless Chromium, as a provincial editor, in Vietnamese and in Russian: from the menu to the
contributions list, its import button, a list with one bad amount (the error shown in its cell,
nothing written), the same list corrected, the commit, and the figures on the list."""

import io
import re
from datetime import date

import openpyxl
import pytest

from amity.core.testing import ARTEFACTS, browser_page, from_menu, log_in
from amity.diaspora.models import Contribution
from amity.geo import services as geo_services
from amity.units.testing import make_unit_tree, make_user

from .factories import compatriot

pytestmark = pytest.mark.browser

HEADER = ["Họ và tên", "Ngày sinh", "Ngày đóng góp", "Số tiền", "Loại tiền", "Hiện vật", "Số lượng", "Đơn vị tính"]
#: 1.500.000.000 as any of the languages groups its digits (dots, spaces, narrow spaces).
BILLION_AND_A_HALF = re.compile(r"1[.\s\u00a0\u202f]500[.\s\u00a0\u202f]000[.\s\u00a0\u202f]000")


@pytest.fixture
def editor(transactional_db):
    geo_services.countries_sync()
    geo_services.provinces_sync()
    units = make_unit_tree()
    compatriot(units["hai_phong"], "Nguyễn Thị Lan", birth_date=date(1970, 3, 5))
    return make_user("hp.editor", unit=units["hai_phong"])


def spreadsheet(path, amount: str) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(["Nguyễn Thị Lan", "05/03/1970", "15/01/2026", "1.500.000.000", "VND", None, None, None])
    sheet.append(["Nguyễn Thị Lan", "05/03/1970", "20/01/2026", amount, "VND", "Gạo", "10", "tấn"])
    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(buffer.getvalue())


@pytest.mark.parametrize("language", ["vi", "ru"])
def test_from_the_menu_a_bad_row_shown_in_place_then_corrected_and_imported(live_server, editor, tmp_path, language):
    from playwright.sync_api import expect

    bad, good = tmp_path / "dong-gop.xlsx", tmp_path / "dong-gop-da-sua.xlsx"
    spreadsheet(bad, "mười triệu")
    spreadsheet(good, "12.000.000")
    with browser_page(f"contribution-import-{language}", viewport={"width": 1366, "height": 900}) as page:
        log_in(page, live_server.url, editor, language)
        from_menu(page, "/diaspora/contributions/")
        page.locator("[data-link=contribution-import]").click()
        page.set_input_files("input[type=file]", str(bad))
        page.locator("main form[enctype] button[type=submit]").click()

        cell = page.locator("[data-import=rows] tr[data-row='3'] td[data-error]")
        expect(cell).to_have_count(1)
        expect(cell).to_contain_text("mười triệu")
        expect(page.locator("[data-import=rows] tr[data-row='2'] td[data-error]")).to_have_count(0)
        error = page.locator("[data-import=errors] tbody tr")
        expect(error).to_have_count(1)
        expect(error.locator("td").nth(0)).to_have_text("dong-gop.xlsx")
        expect(error.locator("td").nth(1)).to_have_text("3")
        expect(error.locator("td").nth(2)).to_have_text("Số tiền")
        expect(page.locator("button[name=commit]")).to_have_count(0)
        page.screenshot(path=str(ARTEFACTS / f"contribution-import-error-{language}.png"), full_page=True)

        page.locator("main p a[href='/diaspora/contributions/import/']").click()
        page.set_input_files("input[type=file]", str(good))
        page.locator("main form[enctype] button[type=submit]").click()
        expect(page.locator("[data-import=errors]")).to_have_count(0)
        page.locator("button[name=commit]").click()
        expect(page.locator("[data-report=done]")).to_be_visible()
        page.screenshot(path=str(ARTEFACTS / f"contribution-import-done-{language}.png"), full_page=True)

        page.locator("[data-report=done] [data-link=contributions]").click()
        rows = page.locator("#results table tbody tr")
        expect(rows).to_have_count(2)
        expect(page.locator("#results table")).to_contain_text(BILLION_AND_A_HALF)
        expect(page.locator("#results table")).to_contain_text("10 tấn")
        expect(page.locator("#results table")).to_contain_text("Nguyễn Thị Lan")
        page.screenshot(path=str(ARTEFACTS / f"contribution-import-list-{language}.png"), full_page=True)
    # the refused list wrote nothing (its good first row included): only the corrected list's two rows
    assert sorted(Contribution.objects.values_list("amount", flat=True)) == [12_000_000, 1_500_000_000]

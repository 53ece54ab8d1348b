"""In headless Chromium, as a provincial editor, in Vietnamese and in Russian: from the menu to the
compatriots list, its import button, Excel's "Unicode text" (UTF-16) with the headings a Vietnamese
office writes, a short country name ("Úc"), a former state ("Tiệp Khắc": refused with the states of
today suggested) and a person the file repeats; then the corrected list saved as a Windows-1258 CSV,
the repeat merged into its earlier row, the commit, the list and the records' history."""

import pytest

from amity.audit.models import ObjectChange
from amity.core.context import Source
from amity.core.testing import ARTEFACTS, browser_page, from_menu, log_in
from amity.core.tests.test_tabular import windows_1258
from amity.diaspora.models import Compatriot
from amity.geo import services as geo_services
from amity.units.testing import make_unit_tree, make_user

pytestmark = pytest.mark.browser

HEADER = ["Họ và tên", "Ngày sinh", "Quốc gia cư trú", "Thành phố", "Ngày đồng ý"]
ROWS = [
    ["Nguyễn Văn An", "05/03/1975", "Úc", "Sydney", "15/01/2026"],
    ["Trần Thị Bình", "12/08/1980", "Tiệp Khắc", "Praha", "15/01/2026"],
    ["Lê Thị Hoa", "20/11/1990", "Đức", "", "15/01/2026"],
    ["Lê Thị Hoa", "20/11/1990", "Đức", "Berlin", "15/01/2026"],  # row 5: the person of row 4 again
    ["Phạm Văn Minh", "01/02/1985", "Nhật", "Tokyo", "15/01/2026"],
    ["Phạm Văn Minh", "09/09/1985", "Nhật", "Osaka", "15/01/2026"],  # same name and year, another birthday
]
#: What the list shows after the import: the repeat merged (its city filled in), both Minhs kept.
EXPECTED = {
    ("Lê Thị Hoa", "Berlin"),
    ("Nguyễn Văn An", "Sydney"),
    ("Phạm Văn Minh", "Osaka"),
    ("Phạm Văn Minh", "Tokyo"),
    ("Trần Thị Bình", "Praha"),
}
COUNTRIES = {
    "vi": {"australia": "Australia", "czechia": "Séc", "former": "Séc / Slovakia"},  # CLDR: Australia, not "Úc"
    "ru": {"australia": "Австралия", "czechia": "Чехия", "former": "Чехия / Словакия"},
}


@pytest.fixture
def editor(transactional_db):
    geo_services.countries_sync()
    geo_services.provinces_sync()
    units = make_unit_tree()
    return make_user("hp.editor", unit=units["hai_phong"])


def unicode_text(rows) -> bytes:
    """The list as Excel saves "Unicode text": UTF-16 with its byte-order mark, tab-separated."""
    return "".join("\t".join(row) + "\r\n" for row in [HEADER, *rows]).encode("utf-16")


def windows_1258_csv(rows) -> bytes:
    return windows_1258("".join(",".join(row) + "\r\n" for row in [HEADER, *rows]))


@pytest.mark.parametrize("language", ["vi", "ru"])
def test_from_the_menu_a_former_state_refused_then_a_repeat_merged_and_imported(
    live_server, editor, tmp_path, language
):
    from playwright.sync_api import expect

    first = tmp_path / "kieu-bao.txt"
    first.write_bytes(unicode_text(ROWS))
    corrected = tmp_path / "kieu-bao-da-sua.csv"
    corrected.write_bytes(windows_1258_csv([[cell.replace("Tiệp Khắc", "Séc") for cell in row] for row in ROWS]))
    with pytest.raises(UnicodeDecodeError):  # a Windows-1258 file, not UTF-8
        corrected.read_bytes().decode("utf-8")
    countries = COUNTRIES[language]
    with browser_page(f"compatriot-import-{language}", viewport={"width": 1366, "height": 900}) as page:
        log_in(page, live_server.url, editor, language)
        from_menu(page, "/diaspora/compatriots/")
        page.locator("[data-link=compatriot-import]").click()
        page.set_input_files("input[type=file]", str(first))
        page.locator("main form[enctype] button[type=submit]").click()

        # the former state is the one error, in its row and column, with the states of today
        error = page.locator("[data-import=errors] tbody tr")
        expect(error).to_have_count(1)
        expect(error.locator("td").nth(0)).to_have_text("3")
        expect(error.locator("td").nth(1)).to_have_text("Quốc gia cư trú")
        expect(error.locator("td").nth(2)).to_contain_text("Tiệp Khắc")
        expect(error.locator("td").nth(2)).to_contain_text(countries["former"])  # in the page's language
        # the repeated person is listed as a repeat of row 4; the other Minh (another birthday) is not
        repeat = page.locator("[data-import=duplicates] tbody tr")
        expect(repeat).to_have_count(1)
        expect(repeat.locator("td").nth(0)).to_have_text("5")
        expect(repeat.locator("td").nth(1)).to_have_text("4")
        expect(page.locator("[data-status=failed]")).to_have_count(1)
        expect(page.locator("button[name=commit]")).to_have_count(0)
        page.screenshot(path=str(ARTEFACTS / f"compatriot-import-error-{language}.png"), full_page=True)

        page.locator("[data-link=import-another]").click()
        page.set_input_files("input[type=file]", str(corrected))
        page.locator("main form[enctype] button[type=submit]").click()
        expect(page.locator("[data-report=unresolved]")).to_be_visible()
        # the office's heading "Quốc gia cư trú" is read as the country of residence
        expect(page.locator("[data-form=mapping] select[name=col_2]")).to_have_value("country")
        expect(page.locator("[data-import=errors]")).to_have_count(0)
        expect(page.locator("button[name=commit]")).to_have_count(0)  # not before the decision
        page.screenshot(path=str(ARTEFACTS / f"compatriot-import-repeat-{language}.png"), full_page=True)

        page.select_option("select[name=dup_5]", "merge")
        page.locator("[data-form=duplicates] button[type=submit]").click()
        preview = page.locator("[data-import=preview] tbody tr")
        expect(preview).to_have_count(5)
        expect(preview.nth(0)).to_contain_text(countries["australia"])
        expect(preview.nth(1)).to_contain_text(countries["czechia"])
        expect(preview.nth(2)).to_contain_text("Berlin")  # merged: the earlier row took the repeat's city
        expect(page.locator("[data-import=duplicates] tbody tr[data-row='5'] select")).to_have_value("merge")
        page.screenshot(path=str(ARTEFACTS / f"compatriot-import-preview-{language}.png"), full_page=True)

        page.locator("button[name=commit]").click()
        expect(page.locator("[data-report=done]")).to_be_visible()
        page.locator("[data-report=done] [data-link=compatriots]").click()
        expect(page.locator("#results table tbody tr")).to_have_count(5)  # names masked: "L. T. H."
        page.locator("[data-link=reveal]").click()
        rows = page.locator("#results table tbody tr")
        expect(rows).to_have_count(5)
        for name, city in sorted(EXPECTED):
            expect(rows.filter(has_text=name).filter(has_text=city)).to_have_count(1)
        page.screenshot(path=str(ARTEFACTS / f"compatriot-import-list-{language}.png"), full_page=True)

        rows.filter(has_text="Lê Thị Hoa").get_by_role("link", name="Lê Thị Hoa").click()
        page.locator("main a[href$='/history/']").first.click()
        history = page.locator("main table").first.locator(":scope > tbody > tr")
        expect(history).to_have_count(1)  # created by the import, by the editor, with the merged city
        expect(history.locator(":scope > td").nth(1)).to_have_text(editor.username)
        expect(history).to_contain_text("Berlin")
        page.screenshot(path=str(ARTEFACTS / f"compatriot-import-history-{language}.png"), full_page=True)
    people = Compatriot.objects.select_related("country")
    assert {(p.full_name, p.city) for p in people} == EXPECTED
    assert {p.full_name: p.country.iso_alpha2 for p in people} == {
        "Lê Thị Hoa": "DE",
        "Nguyễn Văn An": "AU",
        "Phạm Văn Minh": "JP",
        "Trần Thị Bình": "CZ",
    }
    changes = ObjectChange.objects.filter(content_type__model="compatriot")
    assert sorted(changes.values_list("object_id", "action", "source", "actor_id")) == sorted(
        (str(p.pk), "create", Source.IMPORT, editor.pk) for p in people
    )

"""In headless Chromium, as a provincial editor, in Vietnamese and in English: the aid list's import
button, a file with Vietnamese headings (one the import does not know), the mapping step, then the
preview with the bad cell marked in its row, and nothing written."""

import io

import openpyxl
import pytest
from django.conf import settings

from amity.aid import seeds
from amity.aid.models import AidItem, BeneficiaryGroup, Workflow, WorkflowStep, WorkflowTransition
from amity.aid.services import sectors_load
from amity.core.testing import ARTEFACTS, browser_page, log_in
from amity.geo import services as geo_services
from amity.registry.models import Organisation
from amity.units.testing import make_unit_tree, make_user

pytestmark = pytest.mark.browser

HEADER = ["Mã số", "Tên công trình", "Nhà tài trợ", "Địa bàn", "Giá trị cam kết", "Loại tiền", "Ngày quyết định"]


@pytest.fixture
def editor(transactional_db):
    geo_services.countries_sync()
    geo_services.provinces_sync()
    sectors_load()
    seeds.beneficiary_groups_seed(BeneficiaryGroup)
    seeds.workflows_seed(Workflow, WorkflowStep, WorkflowTransition)
    units = make_unit_tree()
    Organisation.objects.create(unit=units["hai_phong"], kind="foreign_ngo", name="KOICA")
    return make_user("hp.editor", unit=units["hai_phong"])


def spreadsheet(path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(["HP-01", "Trường mầm non", "KOICA", "Thành phố Hải Phòng", "1.500.000.000", "VND", "15/02/2019"])
    sheet.append(["HP-02", "Giếng nước", "KOICA", "Tỉnh Bắc Giang", "mười triệu", "VND", "01/03/2019"])
    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(buffer.getvalue())


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("vi", {"import": "Nhập từ Excel/CSV", "check": "Kiểm tra tệp", "again": "Kiểm tra lại với các cột này"}),
        (
            "en",
            {"import": "Import from Excel/CSV", "check": "Check the file", "again": "Check again with these columns"},
        ),
    ],
)
def test_vietnamese_headings_through_the_mapping_step_to_the_error_in_its_cell(
    live_server, editor, tmp_path, language, words
):
    from playwright.sync_api import expect

    upload = tmp_path / "danh-sach-vien-tro.xlsx"
    spreadsheet(upload)
    with browser_page(f"aid-import-{language}", viewport={"width": 1400, "height": 900}) as page:
        page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}])
        log_in(page, live_server.url, editor)
        page.goto(f"{live_server.url}/aid/items/")
        page.get_by_role("link", name=words["import"]).click()
        page.set_input_files("input[type=file]", str(upload))
        page.get_by_role("button", name=words["check"]).click()

        mapping = page.locator("[data-form=mapping]")
        expect(mapping).to_be_visible()
        page.screenshot(path=str(ARTEFACTS / f"aid-import-mapping-{language}.png"), full_page=True)
        title_column = HEADER.index("Tên công trình")
        expect(page.locator(f"#id_col_{HEADER.index('Mã số')}")).to_have_value("reference")
        page.select_option(f"#id_col_{title_column}", "title_vi")
        page.get_by_role("button", name=words["again"]).click()

        bad = page.locator("[data-import=rows] tr[data-row='3'] td[data-error]")
        expect(bad).to_have_count(1)
        expect(bad).to_contain_text("mười triệu")
        expect(page.locator("[data-import=errors] tbody tr")).to_have_count(1)
        expect(page.locator("[data-import=errors] tbody tr td").nth(2)).to_have_text("Giá trị cam kết")
        expect(page.locator("[data-import=rows] tr[data-row='2'] td[data-error]")).to_have_count(0)
        page.screenshot(path=str(ARTEFACTS / f"aid-import-preview-{language}.png"), full_page=True)
    assert not AidItem.objects.exists()

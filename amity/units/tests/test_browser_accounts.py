"""A provincial union's administrator, in headless Chromium, opens an account for a new member of
staff from the top bar, in Vietnamese, and the new user signs in with it; the list in English
shows the account with its role; the new user first replaces the password she was given.
Screenshots go to artefacts/browser/."""

import pytest

from amity.core.roles import Role
from amity.core.testing import ARTEFACTS, browser_page, log_in, open_menu, pick_option
from amity.geo import services as geo_services
from amity.units.testing import make_unit_tree, make_user

pytestmark = pytest.mark.browser

PASSWORD = "Ba con voi đi qua cầu"


@pytest.fixture
def admin(transactional_db):
    geo_services.provinces_sync()
    units = make_unit_tree()
    return make_user("hp.admin", unit=units["hai_phong"], role=Role.ADMIN)


def test_an_administrator_opens_an_account_that_signs_in(live_server, admin):
    from playwright.sync_api import expect

    with browser_page("accounts", viewport={"width": 1366, "height": 900}) as page:
        log_in(page, live_server.url, admin)
        open_menu(page, "Đơn vị và người dùng", "Tài khoản người dùng")
        page.get_by_role("link", name="Thêm tài khoản người dùng").click()
        page.fill("#id_username", "hp.mai")
        page.fill("#id_full_name", "Trần Thị Mai")
        pick_option(page, "id_unit", "lao", "Hội hữu nghị Việt Nam – Lào TP Hải Phòng")
        page.select_option("#id_role", "editor")
        page.fill("#id_password", "matkhau123")
        page.get_by_role("button", name="Lưu").click()
        expect(page.locator("#id_password + .form-text + .invalid-feedback, .invalid-feedback").first).to_be_visible()
        page.fill("#id_password", PASSWORD)
        page.get_by_role("button", name="Lưu").click()
        expect(page.locator("h1")).to_contain_text("hp.mai")
        expect(page.locator("main")).to_contain_text("Biên tập viên – Hội hữu nghị Việt Nam – Lào TP Hải Phòng")
        page.screenshot(path=str(ARTEFACTS / "account-vi.png"), full_page=True)
        with page.expect_navigation():
            page.select_option("#language-form select", "en")
        open_menu(page, "Units and users", "User accounts")
        row = page.locator("tr[data-account='hp.mai']")
        expect(row).to_contain_text("Editor – Hội hữu nghị Việt Nam – Lào TP Hải Phòng")
        expect(row).to_contain_text("open")
        page.screenshot(path=str(ARTEFACTS / "accounts-en.png"), full_page=True)

        other = page.context.browser.new_page()
        other.goto(f"{live_server.url}/login/")
        other.fill("#id_username", "hp.mai")
        other.fill("#id_password", PASSWORD)
        other.locator("main form button[type=submit]").click()
        # the password the administrator gave is replaced by one of her own before anything else
        expect(other.locator("[data-password-due]")).to_be_visible()
        other.fill("#id_old_password", PASSWORD)
        other.fill("#id_new_password1", "Trăng rằm tháng Tám sáng tỏ")
        other.fill("#id_new_password2", "Trăng rằm tháng Tám sáng tỏ")
        other.locator("main form button[type=submit]").click()
        other.wait_for_url(f"{live_server.url}/")
        expect(other.locator("nav .dropdown-toggle", has_text="hp.mai")).to_be_visible()

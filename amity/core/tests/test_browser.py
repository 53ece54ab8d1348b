"""The real pages in headless Chromium: log in, switch language, add a partner, find it, see the dashboard.

Uses Debian's /usr/bin/chromium through Playwright (never ``playwright install``); screenshots go to
artefacts/browser/. Run alone with ``pytest -m browser``.
"""

import pytest
from django.urls import reverse

from amity.core.testing import ARTEFACTS, browser_page, open_menu, pick_option
from amity.geo import services as geo_services
from amity.geo.models import Country
from amity.registry.choices import OrganisationKind
from amity.registry.models import Organisation
from amity.units.testing import make_unit_tree, make_user

pytestmark = pytest.mark.browser

NAME = "Hội hữu nghị Việt – Nhật"


@pytest.fixture
def editor(transactional_db):
    """An editor of the Hải Phòng union; reference data reloaded, as transactional tests flush it."""
    geo_services.countries_sync()
    geo_services.provinces_sync()
    units = make_unit_tree()
    user = make_user("hp.editor", unit=units["hai_phong"])
    return user, units["hai_phong"]


def test_editor_switches_language_adds_a_partner_finds_it_and_sees_the_dashboard(live_server, editor):
    from playwright.sync_api import expect

    user, unit = editor
    reverse("dashboard")  # imports every app's URLs (and their charts) now, not in the first request
    japan = Country.objects.get(iso_alpha2="JP")
    console_errors = []

    # Django's ORM is not touched inside this block: Playwright's sync API runs an event loop.
    with browser_page(
        "foundation", errors=console_errors, viewport={"width": 1600, "height": 900}, locale="vi-VN"
    ) as page:
        page.set_default_navigation_timeout(60_000)
        page.on(
            "console",
            lambda msg: msg.type == "error" and console_errors.append(f"{msg.text} ({msg.location.get('url')})"),
        )
        # Log in: Vietnamese is the default language.
        response = page.goto(f"{live_server.url}/login/")
        assert "script-src 'self'" in response.headers["content-security-policy"]
        expect(page.locator("h1")).to_have_text("Đăng nhập")
        page.fill("#id_username", user.username)
        page.fill("#id_password", "pw-" + user.username)
        page.locator("main form button[type=submit]").click()
        expect(page.locator("h1")).to_have_text("Tổng quan")
        assert page.evaluate("typeof htmx") == "object", "htmx did not load (CSP or static files)"

        # The switcher submits itself through static/amity/amity.js (no inline script under the CSP).
        menu = page.locator("#mainnav .navbar-nav")
        expect(menu).to_contain_text("Đối tác và mạng lưới")
        with page.expect_navigation():
            page.select_option("#language-form select", "en")
        expect(menu).to_contain_text("Partners and network")
        expect(page.locator("h1")).to_have_text("Dashboard")
        with page.expect_navigation():
            page.select_option("#language-form select", "ru")
        expect(menu).to_contain_text("Партнёры и связи")
        expect(page.locator("html")).to_have_attribute("lang", "ru")

        # Add a bilateral friendship association through the form (the menu's dropdowns are Bootstrap's JS).
        open_menu(page, "Партнёры и связи", "Организации")
        page.get_by_role("link", name="Добавить").click()
        expect(page.locator("#id_unit option[selected]")).to_have_attribute("value", str(unit.pk))  # their union
        page.select_option("#id_kind", OrganisationKind.FRIENDSHIP_ASSOCIATION)
        page.fill("#id_name", NAME)
        page.fill("#id_name_original", "Vietnam–Japan Friendship Association")
        pick_option(page, "id_partner_country", "nhat ban", japan.name_ru)  # Vietnamese typed, Russian shown
        page.get_by_role("button", name="Сохранить").click()
        expect(page.locator(".alert-success")).to_have_text(f"Сохранено: {NAME}")
        expect(page.locator("h1")).to_contain_text(NAME)

        # The list's filters reload the table through htmx (an HX-Request, not a page load).
        open_menu(page, "Партнёры и связи", "Организации")
        with page.expect_response(lambda r: r.request.headers.get("hx-request") == "true") as hx:
            page.select_option("#id_kind", OrganisationKind.FRIENDSHIP_ASSOCIATION)
        assert hx.value.ok
        expect(page.locator("#results")).to_contain_text(NAME)

        # The top search box, typed without diacritics and in lower case.
        search = page.locator("nav form[role=search] input[name=q]")
        search.fill("hoi huu nghi viet - nhat")
        with page.expect_navigation():
            search.press("Enter")
        expect(page.locator("h1")).to_have_text("Поиск")
        expect(page.get_by_role("link", name=NAME)).to_be_visible()
        page.screenshot(path=str(ARTEFACTS / "search.png"), full_page=True)

        # The dashboard counts the new partner and draws the chart.
        page.locator("a.navbar-brand").click()
        expect(page.locator("h1")).to_have_text("Сводка")
        expect(page.locator("[data-figure=organisations]")).to_have_text("1")
        expect(page.locator(".chart svg")).to_be_visible()
        page.screenshot(path=str(ARTEFACTS / "dashboard.png"), full_page=True)

        # Logging out is in the user's menu, under their name.
        page.locator("#mainnav .dropdown > button", has_text=user.username).click()
        page.get_by_role("button", name="Выйти").click()
        expect(page.locator("h1")).to_have_text("Войти")
    saved = Organisation.objects.get(name=NAME)
    assert (saved.unit, saved.partner_country, saved.kind) == (unit, japan, OrganisationKind.FRIENDSHIP_ASSOCIATION)
    assert (ARTEFACTS / "dashboard.png").stat().st_size > 10_000

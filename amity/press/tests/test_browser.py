"""In headless Chromium: an editor of the Bắc Giang union pastes a Chinese seed article, confirms a
money fact into a stated figure and a date into an activity on the confirming screen, rejects
another with the keyboard, and finds the article on the activity the date became.

Uses Debian's /usr/bin/chromium through Playwright; run alone with ``pytest -m browser``.
"""

import pytest
from django.conf import settings

from amity.core.testing import launch_chromium, log_in
from amity.geo import services as geo_services
from amity.press.evaluation import load_labelled
from amity.union.catalogue import metrics_seed
from amity.union.models import Metric
from amity.units.testing import make_unit_tree, make_user

pytestmark = pytest.mark.browser
TITLE = "北江省：提高新形势下民间外交工作的效果"


@pytest.fixture
def editor(transactional_db):
    geo_services.countries_sync()
    geo_services.provinces_sync()
    metrics_seed(Metric)  # a transactional test starts from a flushed database
    units = make_unit_tree()
    return make_user("bg.editor", unit=units["bac_giang"]), units["bac_giang"]


def test_paste_a_chinese_article_confirm_facts_and_see_it_on_the_activity(live_server, editor):
    from playwright.sync_api import expect, sync_playwright

    user, unit = editor
    seed = next(d for d in load_labelled() if d.id == "seed-000")  # Bắc Giang, in Chinese
    artefacts = settings.BASE_DIR / "artefacts" / "browser"
    artefacts.mkdir(parents=True, exist_ok=True)
    errors = []
    with sync_playwright() as p:
        browser = launch_chromium(p)
        page = browser.new_page(viewport={"width": 1400, "height": 900}, locale="vi-VN")
        page.set_default_timeout(30_000)
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        try:
            log_in(page, live_server.url, user)
            page.get_by_role("button", name="Báo chí").click()  # the menu, not a typed address
            page.get_by_role("link", name="Bài báo").click()
            page.get_by_role("link", name="Thêm").click()
            expect(page.locator("#id_unit option[selected]")).to_have_attribute("value", str(unit.pk))  # their union
            page.fill("#id_title", TITLE)
            page.fill("#id_outlet", "越南人民报网")
            page.fill("#id_published_on", "2022-11-19")
            page.fill("#id_text", seed.text)
            page.locator("main form button[type=submit]").click()
            expect(page.locator("[data-article-text] mark[data-kind=money]").first).to_have_text("1.5亿越盾")
            page.screenshot(path=str(artefacts / "press_article_detail.png"), full_page=True)

            page.locator("[data-confirm-facts]").click()
            money = page.locator("tr[data-kind=money]:has(mark:text-is('1.5亿越盾'))")
            money.locator("select[name=target]").select_option("stated_figure")
            money.locator("select[name=metric]").select_option(index=1)  # the first money metric
            money.locator("[data-accept]").click()
            expect(page.locator("tr[data-kind=money]:has(mark:text-is('1.5亿越盾'))")).to_have_attribute(
                "data-status", "accepted"
            )

            day = page.locator("tr[data-kind=date]:has(mark:text-is('2011年7月6日'))")
            day.locator("select[name=target]").select_option("activity")
            day.locator("[data-accept]").click()
            expect(page.locator("tr[data-kind=date]:has(mark:text-is('2011年7月6日'))")).to_have_attribute(
                "data-status", "accepted"
            )

            period = page.locator("tr[data-kind=period]").first
            period.locator("td").first.click()
            page.keyboard.press("r")  # the keyboard: r rejects the current fact
            expect(page.locator("tr[data-kind=period]").first).to_have_attribute("data-status", "rejected")
            page.screenshot(path=str(artefacts / "press_confirm.png"), full_page=True)

            page.get_by_role("button", name="Hoạt động và lịch").click()
            page.get_by_role("link", name="Hoạt động", exact=True).click()
            page.get_by_role("link", name=TITLE).click()
            expect(page.locator("[data-press-articles]")).to_contain_text(TITLE)
            page.screenshot(path=str(artefacts / "press_activity.png"), full_page=True)
        finally:
            browser.close()
    assert not errors, errors

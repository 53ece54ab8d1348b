"""In headless Chromium, in Vietnamese and in Russian: an editor of the Bắc Giang union opens the
press articles from the menu, pastes a Chinese seed article, and on the confirming screen, with
the keyboard only, accepts a money fact into a stated figure and a date into an activity and
rejects a period; then finds the article on the activity's page, opened from the menu too.

Uses Debian's /usr/bin/chromium through Playwright; run alone with ``pytest -m browser``.
"""

import pytest
from django.apps import apps
from django.utils import translation

from amity.activities.navigation import MENU as ACTIVITIES_MENU
from amity.core.testing import ARTEFACTS, browser_page, log_in, open_menu
from amity.geo import services as geo_services
from amity.press.evaluation import load_labelled
from amity.press.navigation import MENU as PRESS_MENU
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


def menu(language: str, app: str, entries) -> tuple[str, str]:
    """The top bar's group and first item of an app, as a reader of ``language`` sees them."""
    with translation.override(language):
        return str(apps.get_app_config(app).verbose_name), str(entries[0][0])


def go_to(page, kind: str, text: str) -> None:
    """Move the current fact to the row of ``kind`` showing ``text`` with j / ↓ or k / ↑."""
    from playwright.sync_api import expect

    rows = page.locator("tr[data-fact]")
    wanted = rows.evaluate_all(
        "(rows, [kind, text]) => rows.findIndex(r => r.dataset.kind === kind && r.querySelector('mark').textContent === text)",
        [kind, text],
    )
    assert wanted >= 0, (kind, text)
    here = rows.evaluate_all("rows => rows.findIndex(r => r.classList.contains('current'))")
    for step in range(abs(wanted - here)):
        down = ("j", "ArrowDown")[step % 2]
        up = ("k", "ArrowUp")[step % 2]
        page.keyboard.press(down if wanted > here else up)
    current = page.locator("tr.current[data-fact]")
    expect(current).to_have_attribute("data-kind", kind)
    expect(current.locator("mark")).to_have_text(text)


@pytest.mark.parametrize("language", ["vi", "ru"])
def test_paste_a_chinese_article_confirm_facts_by_keyboard_and_see_it_on_the_activity(live_server, editor, language):
    from playwright.sync_api import expect

    user, unit = editor
    seed = next(d for d in load_labelled() if d.id == "seed-000")  # Bắc Giang, in Chinese
    with browser_page("press", viewport={"width": 1400, "height": 900}, locale=language) as page:
        log_in(page, live_server.url, user, language)
        open_menu(page, *menu(language, "press", PRESS_MENU))  # the menu, not a typed address
        page.locator("main a[href$='/press/articles/add/']").first.click()
        expect(page.locator("#id_unit option[selected]")).to_have_attribute("value", str(unit.pk))  # their union
        page.fill("#id_title", TITLE)
        page.fill("#id_outlet", "越南人民报网")
        page.fill("#id_published_on", "2022-11-19")
        page.fill("#id_text", seed.text)
        page.locator("main form button[type=submit]").click()
        expect(page.locator("[data-article-text] mark[data-kind=money]").first).to_have_text("1.5亿越盾")
        page.screenshot(path=str(ARTEFACTS / f"press_article_detail_{language}.png"), full_page=True)

        page.locator("[data-confirm-facts]").click()
        expect(page.locator("[data-keys] kbd", has_text="Esc")).to_be_visible()  # the legend of the keys
        page.screenshot(path=str(ARTEFACTS / f"press_keys_{language}.png"))

        go_to(page, "money", "1.5亿越盾")
        page.keyboard.press("1")  # what it becomes: the first choice, a stated figure
        page.keyboard.press("m")  # the metric: the first one offered
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Escape")
        expect(page.locator("tr.current select[name=metric]")).not_to_have_value("")
        page.keyboard.press("a")
        money = page.locator("tr[data-kind=money]:has(mark:text-is('1.5亿越盾'))")
        expect(money).to_have_attribute("data-status", "accepted")

        go_to(page, "date", "2011年7月6日")
        page.keyboard.press("1")  # an activity
        page.keyboard.press("a")
        expect(page.locator("tr[data-kind=date]:has(mark:text-is('2011年7月6日'))")).to_have_attribute(
            "data-status", "accepted"
        )

        period = page.locator("tr[data-kind=period] mark").first.text_content()
        go_to(page, "period", period)
        page.keyboard.press("r")
        expect(page.locator("tr[data-kind=period]").first).to_have_attribute("data-status", "rejected")
        page.screenshot(path=str(ARTEFACTS / f"press_confirm_{language}.png"), full_page=True)

        open_menu(page, *menu(language, "activities", ACTIVITIES_MENU))
        page.get_by_role("link", name=TITLE).click()
        expect(page.locator("[data-press-articles]")).to_contain_text(TITLE)
        page.screenshot(path=str(ARTEFACTS / f"press_activity_{language}.png"), full_page=True)

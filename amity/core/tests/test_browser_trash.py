"""Trash and history in headless Chromium, as a provincial editor from the menu, in Vietnamese,
English and Russian: an aid item deleted takes its commitment and donors with it, the list's
"deleted" screen shows it, its history reads in the user's language, and restoring it brings
everything back, in the list too. Screenshots go to artefacts/browser/."""

import pytest
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext

from amity.aid.models import AidItem
from amity.aid.tests.factories import make_donor, make_item
from amity.core.testing import ARTEFACTS, browser_page, from_menu, log_in
from amity.geo import services as geo_services
from amity.units.testing import make_unit_tree, make_user

pytestmark = pytest.mark.browser

#: The item each language's round trip deletes and restores.
TITLES = {
    "vi": "Xe lăn cho người khuyết tật",
    "en": "Máy lọc nước cho trường học",
    "ru": "Sách giáo khoa cho trẻ em vùng cao",
}


@pytest.fixture
def editor(transactional_db):
    geo_services.countries_sync()
    geo_services.provinces_sync()
    units = make_unit_tree()
    user = make_user("hp.editor", unit=units["hai_phong"])
    donor = make_donor(units["hai_phong"], "Kinderhilfe Deutschland e.V.")
    for title in TITLES.values():
        make_item(units["hai_phong"], title, donors=[donor], committed=("150000000", "VND"), approving_body="UBND TP")
    return user


def test_delete_find_in_deleted_read_history_and_restore(live_server, editor):
    from playwright.sync_api import expect

    with browser_page("trash", viewport={"width": 1366, "height": 900}) as page:
        for language, title in TITLES.items():
            with translation.override(language):
                words = {
                    w: gettext(w) for w in ("Delete", "Deleted", "Restore", "History", "Commitments and disbursements")
                }
                restored = gettext("Restored: %(record)s") % {"record": title}
                approving_body = str(capfirst(AidItem._meta.get_field("approving_body").verbose_name))
            if language == "vi":
                log_in(page, live_server.url, editor, language)
            else:  # the next language from the top bar's selector, as a user switches
                with page.expect_navigation():
                    page.select_option("#language-form select", language)
            from_menu(page, "/aid/items/")
            page.get_by_role("link", name=title).click()
            expect(page.locator("main")).to_contain_text("Kinderhilfe Deutschland e.V.")
            page.get_by_role("link", name=words["Delete"], exact=True).click()
            with page.expect_navigation():
                page.locator("main form button[type=submit]").click()
            expect(page.get_by_role("link", name=title)).to_have_count(0)
            page.get_by_role("link", name=words["Deleted"], exact=True).click()
            row = page.locator("main tbody tr", has_text=title)
            expect(row).to_contain_text("hp.editor")
            page.screenshot(path=str(ARTEFACTS / f"trash-deleted-{language}.png"), full_page=True)
            row.get_by_role("link", name=title).click()
            history = page.locator("main")
            expect(history).to_contain_text(approving_body)
            expect(history).not_to_contain_text("approving_body")
            page.screenshot(path=str(ARTEFACTS / f"trash-history-{language}.png"), full_page=True)
            with page.expect_navigation():
                page.get_by_role("button", name=words["Restore"]).click()
            expect(page.locator("h1")).to_contain_text(title)
            expect(page.locator("main")).to_contain_text("Kinderhilfe Deutschland e.V.")
            expect(page.locator("main")).to_contain_text(words["Commitments and disbursements"])
            expect(page.locator("main [role=alert]")).to_contain_text(restored)
            page.screenshot(path=str(ARTEFACTS / f"trash-restored-{language}.png"), full_page=True)
            from_menu(page, "/aid/items/")  # back in the list, and no longer among the deleted
            expect(page.get_by_role("link", name=title)).to_have_count(1)
            page.get_by_role("link", name=words["Deleted"], exact=True).click()
            expect(page.locator("main tbody tr", has_text=title)).to_have_count(0)

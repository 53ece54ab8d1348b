"""Adding a participant and a donor not yet in the registry from the form that needs them, in
headless Chromium, as a provincial editor from the menu, in Vietnamese and Chinese: the picker
offers to add what was typed, a short form opens in a dialog, and the new record is chosen; the
donor form returns to the aid item. Screenshots in artefacts/browser/."""

import pytest
from django.utils import translation
from django.utils.translation import gettext

from amity.activities.models import Activity
from amity.aid.models import AidDonor
from amity.aid.tests.factories import make_item
from amity.core.testing import ARTEFACTS, browser_page, from_menu, log_in
from amity.geo import services as geo_services
from amity.registry.models import Organisation, Person
from amity.units.testing import make_unit_tree, make_user

pytestmark = pytest.mark.browser


@pytest.fixture
def editor(transactional_db):
    geo_services.countries_sync()
    geo_services.provinces_sync()
    units = make_unit_tree()
    user = make_user("hp.editor", unit=units["hai_phong"])
    make_item(units["hai_phong"], "Xe lăn cho người khuyết tật")
    return user, units["hai_phong"]


def add_from_picker(page, field_id: str, typed: str) -> None:
    """Type in a picker and choose its offer to add what was typed."""
    page.locator(f"#{field_id} + .ts-wrapper .ts-control").click()
    page.locator(f"#{field_id}-ts-control").fill(typed)
    page.locator(f"#{field_id}-ts-dropdown .create").click()
    page.locator(".modal.show form").wait_for()


def test_a_new_participant_and_a_new_donor_from_the_forms_that_need_them(live_server, editor):
    from playwright.sync_api import expect

    user, unit = editor
    with browser_page("quick-add", viewport={"width": 1366, "height": 900}) as page:
        for language, person, donor in (
            ("vi", "Tanaka Hiroshi", "Quỹ Kinderhilfe"),
            ("zh-hans", "Yamada Taro", "Stiftung Brücke"),
        ):
            with translation.override(language):
                words = {w: gettext(w) for w in ("Add", "Save", "Donors")}
            log_in(page, live_server.url, user, language)
            # a delegation's leader not yet in the registry
            from_menu(page, "/activities/activities/")
            page.get_by_role("link", name=words["Add"], exact=True).click()
            page.select_option("#id_type", "delegation_in")
            page.fill("#id_title", f"Đoàn {person}")
            page.fill("#id_start_date", "22/09/2023")
            add_from_picker(page, "id_leader", person)
            dialog = page.locator(".modal.show")
            expect(dialog.locator("#id_quick-full_name")).to_have_value(person)
            dialog.locator("#id_quick-kind").select_option("foreign_friend")
            page.screenshot(path=str(ARTEFACTS / f"quick-add-person-{language}.png"), full_page=True)
            dialog.get_by_role("button", name=words["Save"]).click()
            expect(page.locator(".modal.show")).to_have_count(0)
            expect(page.locator("#id_leader + .ts-wrapper .item")).to_have_text(person)
            with page.expect_navigation():
                page.locator("main form button[type=submit]").last.click()
            expect(page.locator("main")).to_contain_text(person)
            # a donor not yet in the registry, from the aid item's "add donor"
            from_menu(page, "/aid/items/")
            page.get_by_role("link", name="Xe lăn cho người khuyết tật").click()
            item_url = page.url
            page.locator("h2", has_text=words["Donors"]).get_by_role("link", name=words["Add"]).click()
            add_from_picker(page, "id_organisation", donor)
            dialog = page.locator(".modal.show")
            dialog.get_by_role("button", name=words["Save"]).click()  # no kind yet: refused in the dialog
            expect(dialog.locator(".invalid-feedback")).to_have_count(1)
            dialog.locator("#id_quick-kind").select_option("foreign_ngo")
            dialog.get_by_role("button", name=words["Save"]).click()
            expect(page.locator(".modal.show")).to_have_count(0)
            expect(page.locator("#id_organisation + .ts-wrapper .item")).to_have_text(donor)
            page.screenshot(path=str(ARTEFACTS / f"quick-add-donor-{language}.png"), full_page=True)
            with page.expect_navigation():
                page.locator("main form button[type=submit]").last.click()
            assert page.url == item_url  # back on the aid item
            expect(page.locator("main")).to_contain_text(donor)
            page.context.clear_cookies()
    for name in ("Tanaka Hiroshi", "Yamada Taro"):
        assert Activity.objects.get(title=f"Đoàn {name}").leader == Person.objects.get(full_name=name, unit=unit)
    for name in ("Quỹ Kinderhilfe", "Stiftung Brücke"):
        assert AidDonor.objects.filter(organisation=Organisation.objects.get(name=name, unit=unit)).count() == 1

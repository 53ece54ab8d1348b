"""In headless Chromium: a provincial union's administrator enters an aid project, records its donor
and its commitments in VND and USD, moves it through appraisal to approval, adds the missing
exchange rate, and sees the dashboard change at each step.

Uses Debian's /usr/bin/chromium through Playwright; run alone with ``pytest -m browser``.
"""

from decimal import Decimal

import pytest
from django.utils import timezone

from amity.aid import seeds
from amity.aid.models import AidItem, BeneficiaryGroup, Workflow, WorkflowStep, WorkflowTransition
from amity.aid.services import sectors_load
from amity.core.roles import Role
from amity.core.testing import ARTEFACTS, browser_page, log_in, pick_option
from amity.geo import services as geo_services
from amity.registry.models import Organisation
from amity.units.testing import make_unit_tree, make_user

pytestmark = pytest.mark.browser


@pytest.fixture
def admin(transactional_db):
    geo_services.countries_sync()
    geo_services.provinces_sync()
    sectors_load()
    # a transactional test starts from a flushed database: the seeded reference data comes back here
    seeds.beneficiary_groups_seed(BeneficiaryGroup)
    seeds.workflows_seed(Workflow, WorkflowStep, WorkflowTransition)
    units = make_unit_tree()
    user = make_user("hp.admin", unit=units["hai_phong"], role=Role.ADMIN)
    make_user("vufo.admin", unit=units["vufo"], role=Role.ADMIN)  # the rate table is the central union's
    ngo = Organisation.objects.create(
        unit=units["hai_phong"], kind="foreign_ngo", name="Quỹ Bàn tay hữu nghị", name_original="Hands of Friendship"
    )
    return user, units["hai_phong"], ngo


def test_enter_a_project_approve_it_record_vnd_and_usd_and_see_the_dashboard_change(live_server, admin):
    from playwright.sync_api import expect

    user, unit, ngo = admin
    today = timezone.localdate()
    agent_orange = str(BeneficiaryGroup.objects.get(code="agent-orange").pk)
    with browser_page("aid", viewport={"width": 1400, "height": 900}, locale="vi-VN") as page:
        committed = page.locator("[data-figure=committed]").first
        items = page.locator("[data-figure=items]").first
        save = page.get_by_role("button", name="Lưu")
        log_in(page, live_server.url, user)
        expect(items).to_have_text("0")

        # the project
        page.goto(f"{live_server.url}/aid/items/add/")
        expect(page.locator("#id_unit option[selected]")).to_have_attribute("value", str(unit.pk))  # their union
        page.fill("#id_reference", "HP-2026-05")
        page.fill("#id_title_vi", "Phục hồi chức năng cho nạn nhân chất độc da cam")
        page.fill("#id_title_original", "Rehabilitation for Agent Orange victims")
        pick_option(page, "id_sectors", "12220")
        page.select_option("#id_beneficiary_groups", [agent_orange])
        page.fill("#id_start_date", today.isoformat())
        save.click()
        expect(page.locator("h1")).to_contain_text("Phục hồi chức năng")
        detail = page.url

        # its donor and its money, in VND and in USD
        page.locator("a[href*='/aid/donors/add/']").click()
        pick_option(page, "id_organisation", "Hands of Frendship", "Quỹ Bàn tay hữu nghị")  # original name, a typo
        save.click()
        for amount, currency in (("50000000", "VND"), ("1000", "USD")):
            page.goto(detail)
            page.locator("a[href*='/aid/transactions/add/']").click()
            page.select_option("#id_kind", "commitment")
            page.fill("#id_date", today.isoformat())
            page.fill("#id_amount", amount)
            page.select_option("#id_currency", currency)
            save.click()
        expect(page.locator("body")).to_contain_text("Hands of Friendship")
        expect(page.locator("body")).to_contain_text("50.000.000 VND")

        # appraisal, then approval: the decision is required
        page.locator("a[href*='to_status=appraisal']").click()
        save.click()
        expect(page.locator(".badge").first).to_have_text("Đang thẩm định")
        page.goto(f"{live_server.url}/")
        expect(items).to_have_text("0")  # not approved yet: not counted
        page.goto(detail)
        page.locator("a[href*='to_status=approved']").click()
        save.click()
        expect(page.locator("main form.card")).to_contain_text("Bước này bắt buộc phải có")
        page.fill("#id_decision_number", "123/QĐ-UBND")
        page.fill("#id_decision_date", today.isoformat())
        page.fill("#id_approving_body", "UBND thành phố Hải Phòng")
        save.click()
        expect(page.locator(".badge").first).to_have_text("Đã phê duyệt")
        expect(page.locator(".alert-warning")).to_contain_text("Quỹ Bàn tay hữu nghị")  # no certificate on record

        # the dashboard counts it; the VND amount waits, said aloud, for its rate
        page.goto(f"{live_server.url}/")
        expect(items).to_have_text("1")
        expect(committed).to_have_text("1.000")
        expect(page.locator("[data-figure=missing-rates]")).to_contain_text("VND")
        page.goto(f"{live_server.url}/rates/add/")  # a province does not write the rate table
        expect(page.locator("#id_rate")).to_have_count(0)
        central = page.context.browser.new_context(locale="vi-VN").new_page()  # the central union adds the rate
        central.goto(f"{live_server.url}/login/")
        central.fill("#id_username", "vufo.admin")
        central.fill("#id_password", "pw-vufo.admin")
        central.locator("main form button[type=submit]").click()
        central.wait_for_url(f"{live_server.url}/")
        central.goto(f"{live_server.url}/rates/add/")
        central.select_option("#id_currency", "USD")
        central.select_option("#id_target", "VND")
        central.fill("#id_rate", "25000")
        central.fill("#id_year", str(today.year))
        central.fill("#id_source", "Ngân hàng Nhà nước Việt Nam")
        central.get_by_role("button", name="Lưu").click()
        expect(central.locator("h1")).to_contain_text("1 USD = 25000 VND")
        page.goto(f"{live_server.url}/")
        expect(committed).to_have_text("3.000")  # 1,000 USD + 50,000,000 VND at 25,000
        expect(page.locator("[data-figure=missing-rates]")).to_have_count(0)
        page.screenshot(path=str(ARTEFACTS / "aid-dashboard.png"), full_page=True)
    item = AidItem.objects.get(reference="HP-2026-05")
    assert (item.status, item.decision_number, item.decision_date) == ("approved", "123/QĐ-UBND", today)
    assert sorted(item.transactions.values_list("amount", "currency")) == [
        (Decimal("1000.00"), "USD"),
        (Decimal("50000000.00"), "VND"),
    ]

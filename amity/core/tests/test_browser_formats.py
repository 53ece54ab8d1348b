"""Figures and lookup lists as a provincial editor reads them, walked from the menu in headless
Chromium, in Vietnamese and Russian: an aid item's money, sector and beneficiary group, a gift of
ten tonnes of rice, a report's amounts in VND with the rate it used and its members counted in
the language's plural, the Decree 313 workflow's legal basis and a partner's national day.
Screenshots go to artefacts/browser/."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from amity.activities import services as activities_services
from amity.aid.models import BeneficiaryGroup, Sector
from amity.aid.services import sectors_load
from amity.aid.tests.factories import make_donor, make_item
from amity.core.models import ExchangeRate
from amity.core.testing import ARTEFACTS, browser_page, log_in
from amity.diaspora.models import Contribution
from amity.diaspora.tests.factories import compatriot
from amity.geo import services as geo_services
from amity.geo.models import Country
from amity.registry.models import Organisation
from amity.reports import services as report_services
from amity.reports.choices import ReportKind
from amity.units.testing import make_unit_tree, make_user

pytestmark = pytest.mark.browser

NBSP = "\xa0"

#: What the pages must show, per language.
EXPECTED = {
    "vi": {
        "amount": f"150.000.000{NBSP}VND",
        "sector": "11220 Giáo dục tiểu học",
        "group": "Nạn nhân chất độc da cam/dioxin",
        "quantity": f"10{NBSP}tấn",
        "report_money": f"Giá trị cam kết: 175.000.000{NBSP}VND",
        "report_members": "Hội viên: 10 người",
        "rate": "25.000",
        "legal_basis": "Nghị định 313/2025/NĐ-CP về quản lý",
        "national_day": "Ngày nước Nga",
        "date": "25/01/2026",
    },
    "ru": {
        "amount": f"150{NBSP}000{NBSP}000{NBSP}VND",
        "sector": "11220 Начальное образование",
        "group": "Жертвы «оранжевого агента»/диоксина",
        "quantity": f"10{NBSP}tấn",
        "report_money": f"Обязательства: 175{NBSP}000{NBSP}000{NBSP}VND",
        "report_members": "Члены: 10 человек",
        "rate": f"25{NBSP}000",
        "legal_basis": "Постановление № 313/2025/ND-CP",
        "national_day": "День России",
        "date": "25.01.2026",
    },
}


@pytest.fixture
def editor(transactional_db):
    geo_services.countries_sync()
    geo_services.provinces_sync()
    sectors_load()
    activities_services.national_days_load()
    from amity.aid import seeds
    from amity.aid.models import Workflow, WorkflowStep, WorkflowTransition

    seeds.beneficiary_groups_seed(BeneficiaryGroup)
    seeds.workflows_seed(Workflow, WorkflowStep, WorkflowTransition)
    seeds.lookup_names_fill(BeneficiaryGroup, Workflow)
    units = make_unit_tree()
    hp = units["hai_phong"]
    user = make_user("hp.editor", unit=hp)
    donor = make_donor(hp, "Tổ chức Đông Tây Hội ngộ")
    item = make_item(
        hp,
        "Xe lăn cho người khuyết tật",
        donors=[donor],
        committed=("150000000", "VND", date(2026, 1, 25)),
        decided=date(2026, 1, 25),
    )
    item.sectors.set(Sector.objects.filter(code="11220"))
    item.beneficiary_groups.set(BeneficiaryGroup.objects.filter(code="agent-orange"))
    ExchangeRate.objects.create(currency="USD", target="VND", rate=Decimal("25000"), year=2026, source="NHNN")
    person = compatriot(hp, "Nguyễn Văn An")
    Contribution.objects.create(
        unit=hp,
        compatriot=person,
        kind="in_kind",
        item="gạo",
        quantity=Decimal("10"),
        quantity_unit="tấn",
        amount=Decimal("150000000"),
        currency="VND",
        received_on=date(2026, 1, 25),
        purpose="disaster_relief",
    )
    Organisation.objects.create(
        unit=hp,
        kind="friendship_association",
        name="Hội hữu nghị Việt – Nga TP Hải Phòng",
        member_count=10,
        partner_country=Country.objects.get(iso_alpha2="RU"),
        country=Country.objects.get(iso_alpha2="VN"),
    )
    Organisation.objects.create(
        unit=hp, kind="foreign_locality", name="Thành phố Vladivostok", country=Country.objects.get(iso_alpha2="RU")
    )
    # a gift in dollars, which a report in đồng converts at the year's rate and lists
    make_item(hp, "Học bổng", donors=[donor], committed=("1000", "USD", date(2026, 2, 1)), decided=date(2026, 2, 1))
    for language in ("vi", "ru"):
        report_services.report_create(
            actor=user,
            data={
                "unit": hp,
                "kind": ReportKind.ANNUAL,
                "title": f"Báo cáo năm 2026 ({language})",
                "period_start": date(2026, 1, 1),
                "period_end": date(2026, 12, 31),
                "currency": "VND",
                "language": language,
            },
        )
    return user


def menu(page, entry_href: str) -> None:
    """Open the top-bar menu holding the entry that links to ``entry_href`` and follow it."""
    page.locator("nav .dropdown").filter(has=page.locator(f".dropdown-menu a[href='{entry_href}']")).locator(
        ".dropdown-toggle"
    ).first.click()
    with page.expect_navigation():
        page.locator(f"nav .dropdown-menu a[href='{entry_href}']").first.click()


def test_figures_and_lookup_names_walked_from_the_menu_in_vietnamese_and_russian(live_server, editor):
    from playwright.sync_api import expect

    with browser_page("formats", viewport={"width": 1366, "height": 900}) as page:
        for language, shown in EXPECTED.items():
            log_in(page, live_server.url, editor, language)
            menu(page, "/aid/items/")
            with page.expect_navigation():
                page.get_by_role("link", name="Xe lăn cho người khuyết tật").click()
            main = page.locator("main")
            expect(main.locator("[data-amount]").first).to_have_text(shown["amount"])
            expect(main).to_contain_text(shown["sector"])
            expect(main).to_contain_text(shown["group"])
            expect(main).to_contain_text(shown["date"])
            page.screenshot(path=str(ARTEFACTS / f"formats-aid-item-{language}.png"), full_page=True)
            with page.expect_navigation():  # the workflow in force, linked from the item
                main.locator("a[href^='/aid/workflows/']").first.click()
            expect(page.locator("main")).to_contain_text(shown["legal_basis"])
            page.screenshot(path=str(ARTEFACTS / f"formats-workflow-{language}.png"), full_page=True)

            menu(page, "/diaspora/contributions/")
            expect(page.locator("main table")).to_contain_text(shown["quantity"])
            expect(page.locator("main table")).not_to_contain_text("10.000")
            page.screenshot(path=str(ARTEFACTS / f"formats-contributions-{language}.png"), full_page=True)

            menu(page, "/reports/reports/")
            with page.expect_navigation():
                page.get_by_role("link", name=f"Báo cáo năm 2026 ({language})").click()
            document = page.locator("[data-document-language]")
            expect(document).to_contain_text(shown["report_money"])
            expect(document).to_contain_text(shown["report_members"])
            expect(document.locator("table", has_text=shown["rate"]).last).to_contain_text("NHNN")
            page.screenshot(path=str(ARTEFACTS / f"formats-report-{language}.png"), full_page=True)

            menu(page, "/activities/calendar/")
            today = timezone.localdate()
            back = (today.year - 2026) * 12 + today.month - 6  # months from June 2026, Russia Day's month
            for _step in range(abs(back)):
                with page.expect_navigation():
                    page.locator("main a", has_text="«" if back > 0 else "»").first.click()
            expect(page.locator("main")).to_contain_text(shown["national_day"])
            page.screenshot(path=str(ARTEFACTS / f"formats-calendar-{language}.png"), full_page=True)
            page.context.clear_cookies()

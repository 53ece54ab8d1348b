"""In headless Chromium: a provincial editor (in Vietnamese, then a report in English) and the
central union (in Russian) open a term report from the menu; the page shows its outline at once and
each section's figures and tables fill in by htmx, with no JavaScript error. The member associations
and members are the province's own: Korea's side of a friendship, with its members, is a partner.

Uses Debian's /usr/bin/chromium through Playwright; run alone with ``pytest -m browser``.
"""

from datetime import date

import pytest
from django.urls import reverse

from amity.core.testing import ARTEFACTS, browser_page, from_menu, log_in
from amity.geo import services as geo_services
from amity.registry.models import Organisation
from amity.registry.tests.factories import country
from amity.reports import demo as reports_demo
from amity.reports import services
from amity.reports.choices import ReportKind
from amity.reports.models import Report
from amity.reports.sections import sections_for

from .test_reports import load_demo

pytestmark = pytest.mark.browser


@pytest.fixture
def reports(transactional_db):
    """The demo's units, partners and plans, Hải Phòng's term report (Vietnamese) and its English
    version, and a term report of the central union written in Russian; the users sign in with
    ``pw-<username>``. Hải Phòng's Vietnam–Netherlands association records 120 members; its partner,
    Korea's side of the Vietnam–Korea friendship, 300 (not the union's)."""
    geo_services.countries_sync()
    geo_services.provinces_sync()
    ctx = load_demo()
    reports_demo.load(ctx)
    editor, centre = ctx.users["haiphong-editor"], ctx.users["vufo-admin"]
    for user in (editor, centre):
        user.set_password("pw-" + user.username)
        user.save()
    Organisation.objects.filter(name="Hội hữu nghị Việt Nam – Hà Lan thành phố Hải Phòng").update(member_count=120)
    Organisation.objects.create(
        unit=ctx.units["hai_phong"],
        kind="friendship_association",
        name="Korea–Vietnam Friendship Association",
        country=country("KR"),
        member_count=300,
    )
    hai_phong = Report.objects.get(unit=ctx.units["hai_phong"], kind=ReportKind.TERM)
    in_english = services.report_create(
        actor=editor,
        data={
            "unit": ctx.units["hai_phong"],
            "kind": ReportKind.TERM,
            "title": "People-to-people diplomacy, 2018–2023",
            "period_start": date(2018, 1, 1),
            "period_end": date(2023, 12, 31),
            "language": "en",
        },
    )
    central = services.report_create(
        actor=centre,
        data={
            "unit": ctx.units["vufo"],
            "kind": ReportKind.TERM,
            "title": "Отчёт о работе за 2018–2023 годы",
            "period_start": date(2018, 1, 1),
            "period_end": date(2023, 12, 31),
            "language": "ru",
            "narratives": {"overview": "Народная дипломатия в 2018–2023 годах."},
        },
    )
    return editor, centre, hai_phong, in_english, central


def walk(page, server_url: str, report, screenshot: str) -> None:
    """Open the report from the reports' list and wait until every section's figures are in."""
    from playwright.sync_api import expect

    from_menu(page, "/reports/reports/")
    page.get_by_role("link", name=report.title).click()
    document = page.locator("#report-document")
    expect(document.locator("h2").first).to_be_visible()
    expect(document.locator("[aria-busy=true]")).to_have_count(0)  # every section loaded
    keys = [s.key for s in sections_for(report.kind)]
    expect(document.locator("[data-section-figures][data-loaded]")).to_have_count(len(keys))
    page.screenshot(path=str(ARTEFACTS / f"{screenshot}.png"), full_page=True)


def test_report_sections_fill_in_for_a_province_and_the_centre(live_server, reports):
    from playwright.sync_api import expect

    editor, centre, hai_phong, in_english, central = reports
    reverse("dashboard")  # imports every app's URLs now, not in the first request
    with browser_page("reports-sections", viewport={"width": 1400, "height": 900}, locale="vi-VN") as page:
        log_in(page, live_server.url, editor)
        walk(page, live_server.url, hai_phong, "reports-sections-hai-phong-vi")
        document = page.locator("#report-document")
        associations = document.locator("[data-figure=associations]")
        expect(associations).to_have_text(
            ["Hội hữu nghị song phương: 3", "Chi hội: không có số liệu", "Hội viên: 120 người"]
        )
        expect(page.locator("nav[aria-labelledby=report-contents]")).to_contain_text("Mục lục")
        page.locator("nav[aria-labelledby=report-contents]").get_by_role("link", name="8. Viện trợ").click()
        expect(page).to_have_url(f"{live_server.url}{hai_phong.get_absolute_url()}#section-aid")

        page.context.clear_cookies()
        log_in(page, live_server.url, editor, language="en")
        walk(page, live_server.url, in_english, "reports-sections-hai-phong-en")
        expect(associations).to_have_text(
            ["Bilateral friendship associations: 3", "Branches: no data", "Members: 120 people"]
        )

        page.context.clear_cookies()
        log_in(page, live_server.url, centre, language="ru")
        walk(page, live_server.url, central, "reports-sections-centre-ru")
        expect(document).to_have_attribute("lang", "ru")
        expect(document.locator("#section-associations")).to_have_text("3. Ассоциации-члены и члены")
        expect(document.locator("[data-figure=associations]").first).to_contain_text("Двусторонние общества дружбы")
        expect(page.locator("nav[aria-labelledby=report-contents]")).to_contain_text("Содержание")
        # the central union opens the province's report too, its document in Vietnamese inside the Russian page
        walk(page, live_server.url, hai_phong, "reports-sections-hai-phong-by-centre-ru")
        expect(document.locator("[data-figure=associations]").first).to_have_text("Hội hữu nghị song phương: 3")

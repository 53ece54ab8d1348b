"""A 1366×768 screen in Russian and Chinese, in headless Chromium, as a provincial editor and as the
central union: the widest pages (lists of many columns, figures, a report, forms, the calendar, a
record holding a long web address and its history) never scroll sideways as a whole and keep every
top-bar control (menu, search box, user menu, language) on screen and whole, the menu in two rows at
most; nothing after a chart sits beside it; a wide list scrolls inside its own box with its first
column still in view. The whole-site measurement is
``bench/layout_1366.py``. Screenshots go to artefacts/browser/."""

from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from amity.activities.models import DiplomaticRelation
from amity.activities.tests.factories import ActivityFactory
from amity.aid.tests.factories import make_donor, make_item
from amity.core.roles import Role
from amity.core.testing import launch_chromium, layout_problems
from amity.diaspora.tests.factories import CompatriotFactory
from amity.geo import services as geo_services
from amity.geo.models import Country
from amity.registry.tests.factories import AgreementFactory
from amity.reports import services as report_services
from amity.reports.choices import ReportKind
from amity.union import reference as union_reference
from amity.union.tests.factories import make_figure
from amity.units.testing import make_unit_tree, make_user

pytestmark = pytest.mark.browser

ARTEFACTS = Path(settings.BASE_DIR, "artefacts", "browser")
SCREEN = {"width": 1366, "height": 768}
#: The dashboard (its widgets' charts), the widest pages in Russian (bench/layout_1366.py on the demo:
#: the lists whose tables scroll in their box), a figures page, a report (in Russian), a form, the calendar, and a record holding a
#: long web address with its history; ``{report}`` and ``{relation}`` are those records.
PAGES = (
    "/",
    "/aid/items/",
    "/registry/agreements/",
    "/diaspora/compatriots/",
    "/activities/activities/",
    "/union/stated-figures/",
    "/aid/figures/",
    "/reports/reports/{report}/",
    "/aid/items/add/",
    "/activities/calendar/",
    "/activities/diplomatic-relations/{relation}/",
    "/activities/diplomatic-relations/{relation}/history/",
)
#: Scroll a table's box (or the page, if the table has none) to its right end: whether it was wider
#: than its box, and whether the first cell of its first row is still in view.
SCROLL_TO_THE_END = """(selector) => {
  const table = document.querySelector(selector);
  let box = table;
  while (box && !["auto", "scroll"].includes(getComputedStyle(box).overflowX)) box = box.parentElement;
  box = box || document.scrollingElement;
  const wider = box.scrollWidth > box.clientWidth;
  box.scrollLeft = box.scrollWidth;
  const left = box === document.scrollingElement ? 0 : box.getBoundingClientRect().left;
  return {wider, firstInView: table.querySelector("tbody td").getBoundingClientRect().left >= left - 1};
}"""
#: A source address as long as the demo's (a Wikipedia page in Chinese, percent-encoded).
LONG_URL = "https://zh.wikipedia.org/wiki/" + "%E5%A1%9E%E6%B5%A6%E8%B7%AF%E6%96%AF" * 6


@pytest.fixture
def records(transactional_db):
    """Both users, and a few of each record the pages list, with the long names unions write."""
    geo_services.countries_sync()
    geo_services.provinces_sync()
    union_reference.load()
    units = make_unit_tree()
    hp = units["hai_phong"]
    editor = make_user("hp.editor", unit=hp)
    central = make_user("vufo.admin", unit=units["vufo"], role=Role.ADMIN)
    donor = make_donor(hp, "Kinderhilfe Deutschland e.V. – Hilfswerk für Kinder in Südostasien")
    for n in range(3):
        make_item(
            hp,
            f"Xe lăn và dụng cụ phục hồi chức năng cho người khuyết tật huyện Thủy Nguyên, đợt {n + 1}",
            donors=[donor],
            committed=("1500000000", "VND"),
            reference=f"HP-2026-{n:03d}",
            approving_body="Ủy ban nhân dân thành phố Hải Phòng",
        )
    CompatriotFactory.create_batch(3, unit=hp)
    ActivityFactory.create_batch(2, unit=hp, start_date=date.today())
    AgreementFactory.create_batch(2, unit=hp)
    make_figure(hp, "aid_items", 52)
    relation = DiplomaticRelation.objects.create(
        country=Country.objects.get(iso_alpha2="CY"), established_on=date(1975, 12, 1), source_url=LONG_URL
    )
    report = report_services.report_create(
        actor=editor,
        data={
            "unit": hp,
            "kind": ReportKind.ANNUAL,
            "title": "Báo cáo tổng kết công tác đối ngoại nhân dân năm 2026",
            "period_start": date(2026, 1, 1),
            "period_end": date(2026, 12, 31),
            "currency": "VND",
            "language": "ru",
        },
    )
    sessions = {}
    for user in (editor, central):
        client = Client()
        client.force_login(user)
        sessions[user.username] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return sessions, [page.format(report=report.pk, relation=relation.pk) for page in PAGES]


def test_the_widest_pages_fit_a_1366_px_screen_in_russian_and_chinese(live_server, records):
    from playwright.sync_api import expect, sync_playwright

    sessions, pages = records
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    problems = {}
    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            for username, session in sessions.items():
                for language in ("ru", "zh-hans"):
                    context = browser.new_context(viewport=SCREEN)
                    context.add_cookies(
                        [
                            {"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url},
                            {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url},
                        ]
                    )
                    page = context.new_page()
                    page.set_default_timeout(30_000)
                    for path in pages:
                        response = page.goto(live_server.url + path)
                        assert response.status == 200, (username, language, path, response.status)
                        assert page.locator("html").get_attribute("lang") == language
                        # what loads by htmx in place first (a report's sections); a locator, not a polled
                        # function: the pages' CSP forbids the eval that polling a function needs
                        expect(page.locator("[aria-busy=true]")).to_have_count(0)
                        found = layout_problems(page)
                        if found["sideways"] or found["cut"] or found["besideCharts"] or found["menuRows"] > 2:
                            problems[(username, language, path)] = {
                                k: found[k] for k in ("scrollWidth", "wide", "cut", "besideCharts", "menuRows")
                            }
                            name = f"layout-failure-{username}-{language}-{path.strip('/').replace('/', '-')}.png"
                            page.screenshot(path=str(ARTEFACTS / name))
                    # the list of aid items scrolled to its last column: the first one still in view
                    page.goto(live_server.url + "/aid/items/")
                    scrolled = page.evaluate(SCROLL_TO_THE_END, "#results table")
                    if language == "ru":  # its Russian headings make it wider than its box
                        assert scrolled["wider"], username
                    if not scrolled["firstInView"]:
                        problems[(username, language, "/aid/items/ scrolled")] = "its first column out of view"
                    page.screenshot(path=str(ARTEFACTS / f"layout-1366-aid-items-{username}-{language}.png"))
                    page.goto(live_server.url + pages[PAGES.index("/reports/reports/{report}/")])
                    page.screenshot(path=str(ARTEFACTS / f"layout-1366-report-{username}-{language}.png"))
                    context.close()
            # the icon browsers ask for by themselves is there
            icon = browser.new_context().request.get(live_server.url + "/favicon.ico")
            assert (icon.status, icon.headers["content-type"]) == (200, "image/vnd.microsoft.icon")
        finally:
            browser.close()
    assert problems == {}, "\n".join(f"{key}: {found}" for key, found in problems.items())

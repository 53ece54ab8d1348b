"""In headless Chromium, as a provincial editor: enter a congress, its executive committee with its
chair from the registry and the rest pasted as the congress announced them (then refused lines in
English), and a figure the union states for May 2023 (a month-precision date, refused
first with a month that does not exist), then see it beside the figure from records. As the central
union, in English: the roll-up of a term by the unions before the 2025 merger and of today.

Uses Debian's /usr/bin/chromium through Playwright; run alone with ``pytest -m browser``.
"""

from datetime import date
from decimal import Decimal

import pytest

from amity.aid.tests.factories import make_donor, make_item
from amity.core.roles import Role
from amity.core.testing import ARTEFACTS, browser_page, log_in, open_menu, pick_option
from amity.geo import services as geo_services
from amity.registry.models import Person
from amity.union.catalogue import metrics_seed, national_terms_seed
from amity.union.models import Congress, ElectedRole, Metric, NationalTerm, StatedFigure
from amity.units.testing import make_merged_unions, make_unit_tree, make_user

pytestmark = pytest.mark.browser


@pytest.fixture
def editor(transactional_db):
    geo_services.countries_sync()
    geo_services.provinces_sync()
    metrics_seed(Metric)  # a transactional test starts from a flushed database
    national_terms_seed(NationalTerm)
    units = make_unit_tree()
    user = make_user("hp.editor", unit=units["hai_phong"], role=Role.EDITOR)
    for name in ("Đỗ Văn Bình", "Nguyễn Văn An", "Trần Thị Bình"):
        Person.objects.create(unit=units["hai_phong"], full_name=name, kind="cadre")
    ngo = make_donor(units["hai_phong"], "Hands of Friendship")
    for title, day in (("Học bổng", date(2023, 5, 10)), ("Nhà tình thương", date(2023, 5, 25))):
        make_item(units["hai_phong"], title, donors=[ngo], committed=("1000", "USD"), decided=day)
    return user, units["hai_phong"]


def test_enter_a_congress_its_committee_and_a_month_figure_and_see_it_beside_the_records(live_server, editor):
    from playwright.sync_api import expect

    user, unit = editor
    with browser_page("union", viewport={"width": 1400, "height": 1000}, locale="vi-VN") as page:
        save = page.get_by_role("button", name="Lưu")
        log_in(page, live_server.url, user)

        # from the top bar to the list of congresses, then "Add"
        page.goto(f"{live_server.url}/")
        page.locator("nav").get_by_text("Hoạt động của Liên hiệp").click()
        page.locator("nav").get_by_role("link", name="Đại hội và nhiệm kỳ").click()
        page.get_by_role("link", name="Thêm").click()
        expect(page.locator("#id_unit option[selected]")).to_have_attribute("value", str(unit.pk))  # their union
        page.fill("#id_ordinal", "6")
        page.fill("#id_held_on", "2023")
        page.fill("#id_place", "Nhà hát thành phố")
        page.fill("#id_delegates", "150")
        page.fill("#id_term_start", "2023-01-01")
        page.fill("#id_term_end", "2027-12-31")
        save.click()
        expect(page.locator("[data-figure=term]")).to_contain_text("2023–2027")
        congress_url = page.url
        page.screenshot(path=str(ARTEFACTS / "union-1-congress.png"), full_page=True)

        # its executive committee and chair, a person of the registry
        page.get_by_role("link", name="Thêm cơ quan").click()
        page.select_option("#id_kind", "executive")
        page.fill("#id_size", "25")
        save.click()
        page.get_by_role("link", name="Thêm người").click()
        pick_option(page, "id_person", "Do Van Binh", "Đỗ Văn Bình")  # typed without diacritics
        page.select_option("#id_position", "chair")
        expect(page.locator("#id_start")).to_have_value("2023-01-01")  # the day of the congress
        save.click()
        expect(page.locator("main .list-group")).to_contain_text("Đỗ Văn Bình")  # back on the body, for the next

        # the rest of the committee pasted as the congress announced it, previewed, then confirmed
        body_url = page.url
        page.get_by_role("link", name="Thêm nhiều người").click()
        expect(page.locator("#id_start")).to_have_value("2023-01-01")
        page.fill(
            "#id_lines",
            "1. Nguyen Van An – Phó Chủ tịch Thường trực\n2. Trần Thị Bìh, Phó Chủ tịch\n"
            "3. Lê Văn Cường – Ủy viên\n4. Phạm Thị Dung",
        )
        page.get_by_role("button", name="Xem trước").click()
        roster = page.locator("[data-table=roster] tbody tr")
        expect(roster).to_have_count(4)
        expect(roster.nth(0)).to_contain_text("Nguyễn Văn An")  # typed without diacritics
        expect(roster.nth(1)).to_contain_text("Trần Thị Bình")  # a typo
        expect(page.locator("[data-roster=new]")).to_have_count(2)
        page.screenshot(path=str(ARTEFACTS / "union-1b-several-people-preview.png"), full_page=True)
        page.get_by_role("button", name="Xác nhận và lưu 4 người").click()
        expect(page.locator("main .list-group-item")).to_have_count(5)
        expect(page.locator("main .list-group")).to_contain_text("Phạm Thị Dung")
        page.screenshot(path=str(ARTEFACTS / "union-1c-several-people-saved.png"), full_page=True)
        page.goto(congress_url)
        expect(page.locator("[data-body=executive] [data-figure=size]")).to_contain_text("25")
        expect(page.locator("[data-body=executive] [data-role=chair]")).to_contain_text("Đỗ Văn Bình")

        # a stated figure for May 2023: a month that does not exist is refused, then the month is taken
        page.get_by_role("link", name="Thêm số liệu báo cáo").click()
        page.select_option("#id_metric", label="Dự án và khoản viện trợ phi dự án")
        page.select_option("#id_qualifier", "more_than")
        page.fill("#id_value", "3")
        page.fill("#id_period_start", "13/2023")
        page.fill("#id_period_end", "5/2023")
        page.fill("#id_source_number", "12/BC-LHHN")
        save.click()
        expect(page.locator(".invalid-feedback").first).to_be_visible()
        page.screenshot(path=str(ARTEFACTS / "union-2-month-refused.png"), full_page=True)
        refused_url = page.url
        page.fill("#id_period_start", "5/2023")
        save.click()
        expect(page.locator("[data-figure=when]")).to_have_text("tháng 5/2023")
        expect(page.locator("[data-figure=stated]")).to_have_text("hơn 3")
        expect(page.locator("[data-figure=computed]")).to_contain_text("2")
        expect(page.locator("[data-figure=difference]")).to_have_text("1")
        page.screenshot(path=str(ARTEFACTS / "union-3-stated-beside-records.png"), full_page=True)

        # the congress page lists it for the term, beside the records
        page.goto(congress_url)
        row = page.locator("[data-table=stated-beside-computed] tr[data-metric=aid_items]")
        expect(row.locator("[data-figure=computed]")).to_contain_text("2")
        page.screenshot(path=str(ARTEFACTS / "union-4-congress-with-figures.png"), full_page=True)

        # the same list's form in English: a person already in the body and a line that cannot be read
        with page.expect_navigation():
            page.select_option("#language-form select", "en")
        page.goto(body_url)
        page.get_by_role("link", name="Add several people").click()
        page.fill("#id_lines", "Pham Thi Dung – Member\nMai Văn Giang – Treasurer")
        page.get_by_role("button", name="Preview").click()
        problems = page.locator("[data-roster=problems]")
        expect(problems).to_contain_text("Line 1: This person already holds a role in this body")
        expect(problems).to_contain_text("Line 2: “Treasurer” is not a position in the body")
        expect(page.get_by_role("button", name="Confirm")).to_have_count(0)
        page.screenshot(path=str(ARTEFACTS / "union-7-several-people-refused-en.png"), full_page=True)
    assert "/union/stated-figures/add/" in refused_url  # the refused form stayed; one figure written in all
    congress = Congress.objects.get(unit=unit, ordinal=6)
    figure = StatedFigure.objects.get()
    assert (figure.period_start, figure.period_start_precision, figure.congress) == (
        date(2023, 5, 1),
        "month",
        congress,
    )
    roles = ElectedRole.objects.order_by("pk")
    assert [(role.person.full_name, role.position) for role in roles] == [
        ("Đỗ Văn Bình", "chair"),
        ("Nguyễn Văn An", "standing_vice_chair"),
        ("Trần Thị Bình", "vice_chair"),
        ("Lê Văn Cường", "member"),
        ("Phạm Thị Dung", "member"),
    ]


@pytest.fixture
def central(transactional_db):
    """The central union's administrator, with the four unions of the 2025 mergers: Hải Phòng and
    Hải Dương keep aid records of the 2018–2023 term, Bắc Giang and Bắc Ninh only stated figures."""
    geo_services.countries_sync()
    geo_services.provinces_sync()
    metrics_seed(Metric)
    national_terms_seed(NationalTerm)
    units = make_merged_unions()
    user = make_user("vufo.admin", unit=units["vufo"], role=Role.ADMIN)
    ngo = make_donor(units["hai_phong"], "Hands of Friendship")
    for unit, title, day in (
        (units["hai_phong"], "Học bổng", date(2019, 3, 1)),
        (units["hai_phong"], "Xe lăn", date(2021, 3, 1)),
        (units["hai_duong"], "Giếng nước", date(2020, 5, 1)),
    ):
        make_item(unit, title, donors=[ngo], committed=("1000", "USD"), decided=day)
    items = Metric.objects.get(code="aid_items")
    for unit, value in ((units["bac_giang"], 5), (units["bac_ninh"], 7)):
        StatedFigure.objects.create(
            unit=unit, metric=items, value=Decimal(value), period_start=date(2018, 1, 1), period_end=date(2023, 12, 31)
        )
    return user


def test_the_central_union_reads_the_roll_up_in_english_before_and_after_the_merger(live_server, central):
    from playwright.sync_api import expect

    with browser_page("union", viewport={"width": 1400, "height": 1000}, locale="en-GB") as page:
        log_in(page, live_server.url, central, "en")
        open_menu(page, "Union life", "Stated and computed roll-up")
        page.select_option("#id_metric", label="Aid projects and non-project items")
        page.fill("#id_start", "2018-01-01")
        page.fill("#id_end", "2023-12-31")
        page.fill("#id_day", "2024-01-01")
        page.get_by_role("button", name="Show").click()
        table = page.locator("[data-table=rollup]")
        expect(table.locator("tbody tr")).to_have_count(4)
        expect(table.locator("tbody tr").first).to_contain_text("Bắc Giang")
        expect(table.locator("tbody")).to_contain_text("stated")
        expect(table.locator("[data-figure=total]")).to_contain_text("15")
        page.screenshot(path=str(ARTEFACTS / "union-5-rollup-before-merger-en.png"), full_page=True)

        page.fill("#id_day", "")  # the unions of today: the same four rows under two names
        page.get_by_role("button", name="Show").click()
        expect(table.locator("tbody tr")).to_have_count(4)
        expect(table.locator("tbody")).not_to_contain_text("Bắc Giang +")
        expect(table.locator("tbody tr").first).to_contain_text("Bắc Ninh")
        expect(table.locator("[data-figure=total]")).to_contain_text("15")
        page.screenshot(path=str(ARTEFACTS / "union-6-rollup-today-en.png"), full_page=True)

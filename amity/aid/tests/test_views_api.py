import io
from datetime import date

import openpyxl
from django.conf import settings
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from amity.aid.models import AidItem
from amity.aid.services import sectors_load
from amity.core.roles import Role
from amity.core.testing import APIClient, dashboard_page
from amity.geo.models import AdminUnit
from amity.geo.services import current_province_by_name, province_by_name
from amity.units.testing import make_unit_tree, make_user

from .factories import make_donor, make_item, make_rate


class AidScreensAndApiTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        sectors_load()
        cls.u = make_unit_tree()
        cls.admin = make_user("hp-admin", unit=cls.u["hai_phong"], role=Role.ADMIN)
        cls.editor = make_user("hp-editor", unit=cls.u["hai_phong"])
        cls.bn = make_user("bn-admin", unit=cls.u["bac_ninh"], role=Role.ADMIN)
        ngo = make_donor(cls.u["hai_phong"], "Hands of Friendship")
        make_rate("USD", "VND", "23000", year=2020)
        cls.item = make_item(cls.u["hai_phong"], "Nhà tình thương", donors=[ngo], committed=("46000000", "VND"))
        cls.pending = make_item(cls.u["hai_phong"], "Đề xuất", status="appraisal", decided=None)

    def test_list_detail_and_dashboard_show_the_figures(self):
        self.client.force_login(self.editor)
        self.assertContains(self.client.get(reverse("aid:aiditem_list")), "Nhà tình thương")
        self.assertContains(self.client.get(self.item.get_absolute_url()), "Hands of Friendship")
        dashboard = dashboard_page(self.client)
        self.assertContains(dashboard, 'data-figure="previous-committed">2.000<')  # decided in 2020
        self.assertContains(dashboard, 'data-figure="committed">0<')  # nothing yet in the current term
        term = {"start": "2018-01-01", "end": "2023-12-31"}
        figures = self.client.get(reverse("aid:figures"), {**term, "currency": "VND"})
        self.assertContains(figures, 'data-figure="committed">46.000.000<')
        self.assertNotContains(figures, "1 USD = 23.000 VND")  # no conversion needed, so no rate cited
        self.assertContains(self.client.get(reverse("aid:figures"), term), "1 USD = 23.000 VND")
        self.assertContains(self.client.get(reverse("aid:figures")), 'data-figure="items">0<')  # current term

    def test_another_province_gets_404_in_ui_and_api(self):
        self.client.force_login(self.bn)
        self.assertEqual(self.client.get(self.item.get_absolute_url()).status_code, 404)
        self.assertEqual(self.client.get(reverse("aid:aiditem_transition", args=[self.pending.pk])).status_code, 404)
        api = APIClient()
        api.force_authenticate(self.bn)
        self.assertEqual(api.get(f"/api/aid/items/{self.item.pk}/").status_code, 404)
        response = api.post(f"/api/aid/items/{self.pending.pk}/transition/", {"to_status": "rejected"}, format="json")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(api.get("/api/aid/items/figures/").json()["items"], 0)

    def test_transition_form_asks_for_the_decision(self):
        self.client.force_login(self.admin)
        url = reverse("aid:aiditem_transition", args=[self.pending.pk])
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        page = self.client.get(url)
        self.assertContains(page, "→ Approved: requires decision number, decision date, approving body")
        in_force = self.client.get(self.pending.get_absolute_url()).context["workflow"]
        workflow = self.client.get(in_force.get_absolute_url())  # linked from every item's page
        self.assertContains(workflow, "<td>Administrator, Editor</td>")
        self.assertContains(workflow, "<td>Sở Tài chính chủ trì thẩm định</td>")
        self.assertContains(workflow, 'data-workflow="units">every unit<')
        self.assertNotContains(workflow, "/admin/aid/workflow/")  # configured by the system's administrators
        response = self.client.post(url, {"to_status": "approved", "decision_number": "12/QĐ"})
        self.assertContains(response, "Required for this step", status_code=400)
        response = self.client.post(
            url,
            {
                "to_status": "approved",
                "decision_number": "12/QĐ",
                "decision_date": "2026-01-10",
                "approving_body": "UBND",
            },
        )
        self.assertRedirects(response, self.pending.get_absolute_url())
        self.pending.refresh_from_db()
        self.assertEqual((self.pending.status, self.pending.decision_date), ("approved", date(2026, 1, 10)))

    def test_api_transition_checks_role_and_data(self):
        api = APIClient()
        api.force_authenticate(self.editor)
        url = f"/api/aid/items/{self.pending.pk}/transition/"
        denied = api.post(url, {"to_status": "approved"}, format="json")
        self.assertEqual(denied.status_code, 403)
        moves = api.get(f"/api/aid/items/{self.pending.pk}/transitions/").json()
        self.assertEqual([m["to_status"] for m in moves["moves"]], ["proposed"])  # an editor may only send it back
        api.force_authenticate(self.admin)
        moves = api.get(f"/api/aid/items/{self.pending.pk}/transitions/").json()
        self.assertEqual((moves["status"], moves["workflow"]), ("appraisal", "Nghị định 313/2025/NĐ-CP"))
        approve = next(m for m in moves["moves"] if m["to_status"] == "approved")
        self.assertEqual(approve["required_fields"], ["decision_number", "decision_date", "approving_body"])
        missing = api.post(url, {"to_status": "approved"}, format="json")
        self.assertEqual(missing.status_code, 400)
        self.assertEqual(set(missing.json()), {"decision_number", "decision_date", "approving_body"})
        ok = api.post(
            url,
            {
                "to_status": "approved",
                "decision_number": "1/QĐ",
                "decision_date": "2026-01-02",
                "approving_body": "UBND",
            },
            format="json",
        )
        self.assertEqual((ok.status_code, ok.json()["item"]["status"]), (200, "approved"))

    def test_api_figures_and_bad_transaction(self):
        api = APIClient()
        api.force_authenticate(self.editor)
        figures = api.get("/api/aid/items/figures/", {"start": "2018-01-01", "end": "2023-12-31"}).json()
        self.assertEqual((figures["items"], figures["committed"]), (1, "2000.00"))  # exact text, never a float
        self.assertEqual(figures["rates_used"][0]["rate"], "23000.00000000")
        vnd = api.get("/api/aid/items/figures/", {"start": "2018-01-01", "currency": "VND"}).json()
        self.assertEqual(vnd["by_donor"][0]["committed"], "46000000.00")
        bad = api.post(
            "/api/aid/transactions/",
            {"item": self.item.pk, "kind": "commitment", "date": "2020-01-01", "amount": "-3", "currency": "ABC"},
            format="json",
        )
        self.assertEqual(bad.status_code, 400)
        self.assertEqual(set(bad.json()), {"amount", "currency"})

    def test_xlsx_export_of_filtered_list(self):
        import io

        import openpyxl

        self.client.force_login(self.editor)
        response = self.client.get(reverse("aid:aiditem_list"), {"status": "approved", "export": "xlsx"})
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        titles = [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)]  # the import's columns
        self.assertEqual(titles, ["Nhà tình thương"])

    def test_create_item_through_form(self):
        self.client.force_login(self.editor)
        response = self.client.post(
            reverse("aid:aiditem_add"),
            {
                "unit": self.u["hai_phong"].pk,
                "kind": "project",
                "title_vi": "Dự án mới",
                "start_date": "2026-02-01",
                "end_date": "2025-01-01",
            },
        )
        self.assertContains(response, "id_end_date_error", status_code=400)
        self.assertFalse(AidItem.objects.filter(title_vi="Dự án mới").exists())


class LocationFilterTests(TestCase):
    """One filter for screens, exports and API: today's province finds aid located in the provinces
    merged into it and in their communes; a former province finds only its own."""

    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.editor = make_user("hp-editor", unit=cls.u["hai_phong"])
        old_hai_duong = province_by_name("Hải Dương", on=date(2024, 1, 1))
        hai_phong = current_province_by_name("Hải Phòng")
        commune = AdminUnit.objects.create(
            level=AdminUnit.Level.COMMUNE, code="T-1", name="Xã Thử", full_name="Xã Thử", parent=hai_phong
        )
        district = AdminUnit.objects.create(
            level=AdminUnit.Level.DISTRICT,
            code="T-2",
            name="Huyện Thử",
            full_name="Huyện Thử",
            parent=old_hai_duong,
            valid_to=date(2025, 6, 30),
        )
        old_commune = AdminUnit.objects.create(
            level=AdminUnit.Level.COMMUNE,
            code="T-3",
            name="Xã Cũ",
            full_name="Xã Cũ",
            parent=district,
            valid_to=date(2025, 6, 30),
        )
        unit = cls.u["hai_phong"]
        make_item(unit, "Ở Hải Dương cũ").locations.set([old_hai_duong])
        make_item(unit, "Ở Hải Phòng nay").locations.set([hai_phong])
        make_item(unit, "Ở Hà Tĩnh").locations.set([current_province_by_name("Hà Tĩnh")])
        make_item(unit, "Ở một xã").locations.set([commune])
        make_item(unit, "Ở một xã cũ của Hải Dương").locations.set([old_commune])
        cls.hai_phong, cls.hai_duong = hai_phong, old_hai_duong

    def titles(self, province, fmt=None):
        self.client.force_login(self.editor)
        query = {"province": province.pk} | ({"export": fmt} if fmt else {})
        response = self.client.get(reverse("aid:aiditem_list"), query)
        if fmt == "xlsx":
            sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
            return {row[2] for row in sheet.iter_rows(min_row=2, values_only=True)}
        return {item.title_vi for item in response.context["table"].data}

    def test_today_s_province_finds_the_merged_ones_and_communes(self):
        expected = {"Ở Hải Dương cũ", "Ở Hải Phòng nay", "Ở một xã", "Ở một xã cũ của Hải Dương"}
        self.assertEqual(self.titles(self.hai_phong), expected)
        self.assertEqual(self.titles(self.hai_phong, "xlsx"), expected)
        api = APIClient()
        api.force_authenticate(self.editor)
        rows = api.get("/api/aid/items/", {"province": self.hai_phong.pk}).json()["results"]
        self.assertEqual({r["title_vi"] for r in rows}, expected)

    def test_a_former_province_finds_only_its_own(self):
        self.assertEqual(self.titles(self.hai_duong), {"Ở Hải Dương cũ", "Ở một xã cũ của Hải Dương"})

    def test_an_item_in_two_places_of_the_province_is_listed_once(self):
        make_item(self.u["hai_phong"], "Ở hai nơi").locations.set([self.hai_phong, AdminUnit.objects.get(code="T-1")])
        self.client.force_login(self.editor)
        response = self.client.get(reverse("aid:aiditem_list"), {"province": self.hai_phong.pk})
        titles = [item.title_vi for item in response.context["table"].data]
        self.assertEqual(
            sorted(titles), ["Ở Hải Dương cũ", "Ở Hải Phòng nay", "Ở hai nơi", "Ở một xã", "Ở một xã cũ của Hải Dương"]
        )
        api = APIClient()
        api.force_authenticate(self.editor)
        answer = api.get("/api/aid/items/", {"province": self.hai_phong.pk}).json()
        self.assertEqual((answer["count"], len(answer["results"])), (5, 5))

    def test_the_list_without_such_filters_reads_no_distinct_rows(self):
        self.client.force_login(self.editor)
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(reverse("aid:aiditem_list"))
        self.assertEqual(len(list(response.context["table"].data)), 5)
        distinct = [q["sql"] for q in queries.captured_queries if "DISTINCT" in q["sql"] and "aid_aiditem" in q["sql"]]
        self.assertEqual(distinct, [])

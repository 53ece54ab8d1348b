"""One workflow in force per unit and day: a second one for the same unit (or a second national
default) on overlapping days is refused on the screen, through the API and when copying, with an
error naming the other; the seeded decrees (80/2020 until 30/11/2025, 313/2025 after) stay valid."""

from datetime import date

from django.test import TestCase
from django.urls import reverse

from amity.aid.models import Workflow, workflow_overlap_check
from amity.aid.selectors import workflow_for
from amity.aid.tests.factories import make_item
from amity.core.roles import Role
from amity.core.testing import APIClient
from amity.units.testing import make_unit_tree, make_user


class WorkflowOverlapTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.decree_80 = Workflow.objects.get(name="Nghị định 80/2020/NĐ-CP")
        cls.decree_313 = Workflow.objects.get(name="Nghị định 313/2025/NĐ-CP")
        cls.hai_phong = Workflow.objects.create(
            name="Quy trình Hải Phòng", legal_basis="Quyết định 1/2026/QĐ-UBND", valid_from=date(2026, 1, 1)
        )
        cls.hai_phong.units.set([cls.u["hai_phong"]])
        cls.hp_admin = make_user("wo-hp-admin", unit=cls.u["hai_phong"], role=Role.ADMIN)
        cls.central_admin = make_user("wo-vufo-admin", unit=cls.u["vufo"], role=Role.ADMIN)

    def api(self, user) -> APIClient:
        client = APIClient()
        client.force_authenticate(user)
        return client

    def test_seeded_decrees_follow_each_other_without_overlap(self):
        for workflow in (self.decree_80, self.decree_313):
            workflow_overlap_check(
                valid_from=workflow.valid_from, valid_to=workflow.valid_to, units=[], exclude_pk=workflow.pk
            )
        item = make_item(self.u["bac_ninh"], "Viện trợ Bắc Ninh")
        self.assertEqual(workflow_for(item=item, on=date(2025, 11, 30)), self.decree_80)
        self.assertEqual(workflow_for(item=item, on=date(2025, 12, 1)), self.decree_313)

    def test_screen_refuses_a_second_workflow_for_the_same_unit_on_the_same_days(self):
        self.client.force_login(self.hp_admin)
        data = {
            "name": "Quy trình Hải Phòng (bản sao)",
            "legal_basis": "Quyết định 1/2026/QĐ-UBND",
            "valid_from": "2026-06-01",
            "units": [self.u["hai_phong"].pk],
        }
        response = self.client.post(reverse("aid:workflow_add"), data)
        self.assertEqual(response.status_code, 400)  # the form comes back with its errors
        errors = response.context["form"].errors
        self.assertIn("valid_from", errors)
        self.assertIn("Quy trình Hải Phòng (01/01/2026 – …)", errors["valid_from"][0])
        self.assertFalse(Workflow.objects.filter(name="Quy trình Hải Phòng (bản sao)").exists())
        # the days before the city's own workflow are free
        data["valid_from"], data["valid_to"] = "2025-01-01", "2025-12-31"
        response = self.client.post(reverse("aid:workflow_add"), data)
        self.assertEqual(response.status_code, 302, response.context and response.context["form"].errors)
        self.assertTrue(Workflow.objects.filter(name="Quy trình Hải Phòng (bản sao)").exists())

    def test_api_refuses_a_second_national_default_and_an_edit_into_another_period(self):
        client = self.api(self.central_admin)
        response = client.post(
            reverse("aid-api:workflow-list"),
            {"name": "Quy trình mẫu", "legal_basis": "Nghị định 313/2025/NĐ-CP", "valid_from": "2026-03-01"},
            format="json",
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("Nghị định 313/2025/NĐ-CP (01/12/2025 – …)", response.json()["valid_from"][0])
        self.assertFalse(Workflow.objects.filter(name="Quy trình mẫu").exists())
        # moving Decree 80's end past 313's start is an overlap too; the instance's own units (none) count
        url = reverse("aid-api:workflow-detail", args=[self.decree_80.pk])
        response = client.patch(url, {"valid_to": "2025-12-31"}, format="json")
        self.assertEqual(response.status_code, 400)
        self.assertIn("Nghị định 313/2025/NĐ-CP", response.json()["valid_from"][0])
        self.decree_80.refresh_from_db()
        self.assertEqual(self.decree_80.valid_to, date(2025, 11, 30))
        # a workflow for other units on the same days is not an overlap
        response = client.patch(url, {"notes": "Hết hiệu lực 30/11/2025"}, format="json")
        self.assertEqual(response.status_code, 200, response.content)

    def test_copying_twice_for_the_same_unit_is_refused(self):
        self.client.force_login(self.hp_admin)
        url = reverse("aid:workflow_copy", args=[self.decree_80.pk])
        response = self.client.post(url, {"unit": self.u["bac_ninh"].pk})
        self.assertEqual(response.status_code, 403)  # not the admin's unit: unchanged behaviour
        response = self.client.post(url, {"unit": self.u["hai_phong"].pk})
        self.assertEqual(response.status_code, 302)  # 2020–2025: Hải Phòng's own starts in 2026
        self.assertEqual(Workflow.objects.filter(units=self.u["hai_phong"]).count(), 2)
        response = self.client.post(url, {"unit": self.u["hai_phong"].pk}, follow=True)
        self.assertRedirects(response, self.decree_80.get_absolute_url())
        self.assertEqual(Workflow.objects.filter(units=self.u["hai_phong"]).count(), 2)
        shown = [str(m) for m in response.context["messages"]]
        self.assertTrue(any("Nghị định 80/2020/NĐ-CP – " in m and "26/08/2020" in m for m in shown), shown)

    def test_the_units_own_workflow_governs_and_older_overlaps_resolve_by_date_not_list_order(self):
        item = make_item(self.u["hai_phong"], "Viện trợ Hải Phòng")
        day = date(2026, 6, 1)
        self.assertEqual(workflow_for(item=item, on=day), self.hai_phong)
        # data written before the check: a second one for the city, in force since a later day
        later = Workflow.objects.create(name="A – Hải Phòng 2026/2", legal_basis="x", valid_from=date(2026, 3, 1))
        later.units.set([self.u["hai_phong"]])
        self.assertEqual(workflow_for(item=item, on=day), later)
        self.assertEqual(workflow_for(item=item, on=date(2026, 2, 1)), self.hai_phong)
        # a district's item follows the city's own, not the national default
        district_item = make_item(self.u["hp_laos"], "Viện trợ hội hữu nghị")
        self.assertEqual(workflow_for(item=district_item, on=date(2026, 2, 1)), self.hai_phong)

"""Aid workflows: everyone reads the lifecycle rules; a province's administrators configure their own
workflow (and its steps and transitions), never another province's nor the national default,
which only the central union writes."""

from django.test import TestCase
from django.urls import reverse

from amity.aid.models import Workflow, WorkflowStep, WorkflowTransition
from amity.audit.models import ObjectChange
from amity.core.roles import Role
from amity.core.testing import APIClient
from amity.units.testing import make_unit_tree, make_user


class WorkflowRightsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.national = Workflow.objects.get(name="Nghị định 313/2025/NĐ-CP")  # seeded, no units
        cls.hai_phong = Workflow.objects.create(name="Quy trình Hải Phòng", legal_basis="Quyết định 1/2026/QĐ-UBND")
        cls.hai_phong.units.set([cls.u["hai_phong"]])
        cls.bac_giang = Workflow.objects.create(name="Quy trình Bắc Giang", legal_basis="Quyết định 2/2024/QĐ-UBND")
        cls.bac_giang.units.set([cls.u["bac_giang"]])
        cls.hp_step = WorkflowStep.objects.create(workflow=cls.hai_phong, status="appraisal", deadline_days=15)
        cls.hp_admin = make_user("wf-hp-admin", unit=cls.u["hai_phong"], role=Role.ADMIN)
        cls.hp_editor = make_user("wf-hp-editor", unit=cls.u["hai_phong"], role=Role.EDITOR)
        cls.bn_admin = make_user("wf-bn-admin", unit=cls.u["bac_ninh"], role=Role.ADMIN)
        cls.association_admin = make_user("wf-hp-laos-admin", unit=cls.u["hp_laos"], role=Role.ADMIN)
        cls.central_admin = make_user("wf-vufo-admin", unit=cls.u["vufo"], role=Role.ADMIN)

    def api(self, user) -> APIClient:
        client = APIClient()
        client.force_authenticate(user)
        return client

    def url(self, name: str, obj=None) -> str:
        return reverse(f"aid-api:{name}-detail", args=[obj.pk]) if obj else reverse(f"aid-api:{name}-list")

    def snapshot(self):
        return (
            sorted(Workflow.all_objects.values_list("pk", "name", "version", "deleted_at", "units")),
            sorted(
                WorkflowStep.all_objects.values_list(
                    "pk", "workflow", "status", "deadline_days", "version", "deleted_at"
                )
            ),
            WorkflowTransition.all_objects.count(),
        )

    def test_everyone_reads_every_workflow(self):
        for user in (self.hp_editor, self.association_admin, self.bn_admin):
            ids = {row["id"] for row in self.api(user).get(self.url("workflow")).json()["results"]}
            self.assertLessEqual({self.national.pk, self.hai_phong.pk, self.bac_giang.pk}, ids, user.username)
            self.assertEqual(self.api(user).get(self.url("workflowstep", self.hp_step)).status_code, 200)

    def test_province_administrator_configures_its_own_workflow(self):
        client = self.api(self.hp_admin)
        response = client.patch(self.url("workflow", self.hai_phong), {"valid_from": "2026-01-01"}, format="json")
        self.assertEqual(response.status_code, 200, response.content)
        response = client.patch(self.url("workflowstep", self.hp_step), {"deadline_days": 20}, format="json")
        self.assertEqual(response.status_code, 200, response.content)
        response = client.post(
            self.url("workflowstep"),
            {"workflow": self.hai_phong.pk, "status": "approved", "body": "UBND thành phố Hải Phòng"},
            format="json",
        )
        self.assertEqual(response.status_code, 201, response.content)
        response = client.post(
            self.url("workflowtransition"),
            {"workflow": self.hai_phong.pk, "from_status": "appraisal", "to_status": "approved", "roles": ["admin"]},
            format="json",
        )
        self.assertEqual(response.status_code, 201, response.content)
        response = client.post(
            self.url("workflow"),
            {
                "name": "Quy trình viện trợ phi dự án",
                "legal_basis": "Nghị định 313/2025/NĐ-CP",
                "units": [self.u["hai_phong"].pk],
                "valid_to": "2025-12-31",  # the city's own one is in force from 01/01/2026
            },
            format="json",
        )
        self.assertEqual(response.status_code, 201, response.content)
        self.hp_step.refresh_from_db()
        self.assertEqual(self.hp_step.deadline_days, 20)
        self.assertEqual(
            sorted(self.hai_phong.steps.values_list("status", "body")),
            [("appraisal", ""), ("approved", "UBND thành phố Hải Phòng")],
        )
        change = ObjectChange.objects.filter(content_type__model="workflowstep", object_id=str(self.hp_step.pk)).first()
        self.assertEqual((change.actor, change.source, change.after["deadline_days"]), (self.hp_admin, "api", 20))

    def test_province_administrator_cannot_touch_the_national_default_or_another_province(self):
        before = self.snapshot()
        client = self.api(self.hp_admin)
        national_step = self.national.steps.first()
        for obj, name in [(self.national, "workflow"), (self.bac_giang, "workflow"), (national_step, "workflowstep")]:
            for method in ("put", "patch", "delete"):
                with self.subTest(obj=str(obj), method=method):
                    response = getattr(client, method)(
                        self.url(name, obj), {"name": "X", "deadline_days": 1}, format="json"
                    )
                    self.assertEqual(response.status_code, 404)
        # a step or transition into the national workflow, or moved there from its own
        response = client.post(
            self.url("workflowstep"), {"workflow": self.national.pk, "status": "approved"}, format="json"
        )
        self.assertEqual((response.status_code, list(response.json())), (400, ["workflow"]))
        response = client.post(
            self.url("workflowtransition"),
            {"workflow": self.bac_giang.pk, "from_status": "appraisal", "to_status": "rejected"},
            format="json",
        )
        self.assertEqual((response.status_code, list(response.json())), (400, ["workflow"]))
        response = client.patch(self.url("workflowstep", self.hp_step), {"workflow": self.national.pk}, format="json")
        self.assertEqual((response.status_code, list(response.json())), (400, ["workflow"]))
        # a new national default, or its own workflow turned into one or stretched to another province
        for data in (
            {"name": "Quy trình chung", "legal_basis": "X"},
            {"name": "Quy trình chung", "legal_basis": "X", "units": []},
        ):
            response = client.post(self.url("workflow"), data, format="json")
            self.assertEqual((response.status_code, list(response.json())), (400, ["units"]), data)
        for units in ([], [self.u["hai_phong"].pk, self.u["bac_ninh"].pk]):
            response = client.patch(self.url("workflow", self.hai_phong), {"units": units}, format="json")
            self.assertEqual((response.status_code, list(response.json())), (400, ["units"]), units)
        self.assertEqual(self.snapshot(), before)

    def test_editors_and_association_administrators_do_not_write_the_province_workflow(self):
        before = self.snapshot()
        for user in (self.hp_editor, self.association_admin):
            client = self.api(user)
            with self.subTest(user=user.username):
                self.assertEqual(
                    client.patch(self.url("workflow", self.hai_phong), {"name": "X"}, format="json").status_code, 404
                )
                self.assertEqual(client.delete(self.url("workflowstep", self.hp_step)).status_code, 404)
        response = self.api(self.hp_editor).post(
            self.url("workflow"), {"name": "Y", "legal_basis": "Y", "units": [self.u["hai_phong"].pk]}, format="json"
        )
        self.assertEqual(response.status_code, 403)
        self.assertEqual(self.snapshot(), before)

    def test_successor_union_inherits_the_merged_province_workflow(self):
        response = self.api(self.bn_admin).patch(
            self.url("workflow", self.bac_giang), {"valid_to": "2025-06-30"}, format="json"
        )
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(
            self.api(self.bn_admin).patch(self.url("workflow", self.hai_phong), {}, format="json").status_code, 404
        )

    def test_central_administrator_writes_the_national_default_and_any_province(self):
        client = self.api(self.central_admin)
        response = client.patch(self.url("workflow", self.national), {"notes": "Hiệu lực từ 12/2025"}, format="json")
        self.assertEqual(response.status_code, 200, response.content)
        response = client.patch(self.url("workflowstep", self.hp_step), {"deadline_days": 30}, format="json")
        self.assertEqual(response.status_code, 200, response.content)
        response = client.post(
            self.url("workflow"),
            # a former national default: one in force on the same days as the seeded decrees is refused
            {"name": "Quy trình mẫu", "legal_basis": "Nghị định 93/2009/NĐ-CP", "valid_to": "2020-08-25"},
            format="json",
        )
        self.assertEqual(response.status_code, 201, response.content)
        self.assertFalse(Workflow.objects.get(name="Quy trình mẫu").units.exists())

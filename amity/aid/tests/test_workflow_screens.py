"""The lifecycle-rule screens: a province administrator copies the national workflow and adapts it,
with the same rights as the API; the province's items then follow the copy."""

from datetime import timedelta

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from amity.aid.models import Workflow, WorkflowStep, WorkflowTransition
from amity.aid.services import aid_transition
from amity.aid.tests.factories import make_item
from amity.audit.models import ObjectChange
from amity.core.roles import Role
from amity.units.testing import make_unit_tree, make_user


class WorkflowScreenTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.national = Workflow.objects.get(name="Nghị định 313/2025/NĐ-CP")
        cls.bac_giang = Workflow.objects.create(name="Quy trình Bắc Giang", legal_basis="Quyết định 2/2024/QĐ-UBND")
        cls.bac_giang.units.set([cls.u["bac_giang"]])
        cls.hp_admin = make_user("ws-hp-admin", unit=cls.u["hai_phong"], role=Role.ADMIN)
        cls.hp_editor = make_user("ws-hp-editor", unit=cls.u["hai_phong"], role=Role.EDITOR)
        cls.central_admin = make_user("ws-vufo-admin", unit=cls.u["vufo"], role=Role.ADMIN)

    def login(self, user):
        self.client.force_login(user)

    def copy_national(self) -> Workflow:
        response = self.client.post(
            reverse("aid:workflow_copy", args=[self.national.pk]), {"unit": self.u["hai_phong"].pk}
        )
        copy = (
            Workflow.objects.exclude(pk__in=[self.national.pk, self.bac_giang.pk])
            .filter(units=self.u["hai_phong"])
            .get()
        )
        self.assertRedirects(response, copy.get_absolute_url())
        return copy

    def step_form(self, step: WorkflowStep, **changes) -> dict:
        data = {
            "status": step.status,
            "body": step.body,
            "deadline_days": step.deadline_days or "",
            "version": step.version,
        }
        data.update(changes)
        return data

    def test_province_admin_copies_the_national_workflow_and_its_items_follow_the_new_deadline(self):
        self.login(self.hp_admin)
        page = self.client.get(self.national.get_absolute_url())
        self.assertContains(page, 'data-workflow="copy"')
        self.assertNotContains(page, reverse("aid:workflow_edit", args=[self.national.pk]))
        copy = self.copy_national()
        self.assertEqual(
            sorted(copy.steps.values_list("status", "body", "deadline_days")),
            sorted(self.national.steps.values_list("status", "body", "deadline_days")),
        )
        self.assertEqual(
            sorted(copy.transitions.values_list("from_status", "to_status")),
            sorted(self.national.transitions.values_list("from_status", "to_status")),
        )
        self.assertEqual(list(copy.units.all()), [self.u["hai_phong"]])
        copied = ObjectChange.objects.get(
            content_type__model="workflow", object_id=str(copy.pk), event="aid.workflow_copied"
        )
        self.assertEqual((copied.actor, copied.after["from"]), (self.hp_admin, self.national.pk))
        self.assertEqual(
            ObjectChange.objects.filter(content_type__model="workflowstep", actor=self.hp_admin).count(),
            self.national.steps.count(),
        )

        # the copy's page offers Edit and points to these screens, not the Django admin
        page = self.client.get(copy.get_absolute_url())
        self.assertContains(page, reverse("aid:workflow_edit", args=[copy.pk]))
        self.assertNotContains(page, "/admin/")

        appraisal = copy.steps.get(status="appraisal")
        response = self.client.post(
            reverse("aid:workflowstep_edit", args=[appraisal.pk]), self.step_form(appraisal, deadline_days=45)
        )
        self.assertRedirects(response, copy.get_absolute_url())
        appraisal.refresh_from_db()
        self.assertEqual(appraisal.deadline_days, 45)
        self.assertEqual(self.national.steps.get(status="appraisal").deadline_days, 15)

        hp_item = make_item(self.u["hai_phong"], "Nước sạch cho trường học", status="proposed")
        bn_item = make_item(self.u["bac_ninh"], "Nhà tình nghĩa", status="proposed")
        today = timezone.localdate()
        result = aid_transition(actor=self.hp_admin, item=hp_item, to_status="appraisal")
        self.assertEqual(result.item.status_deadline, today + timedelta(days=45))
        other = aid_transition(actor=self.central_admin, item=bn_item, to_status="appraisal")
        self.assertEqual(other.item.status_deadline, today + timedelta(days=15))

    def test_province_admin_cannot_edit_the_national_workflow_or_another_province(self):
        self.login(self.hp_admin)
        national_step = self.national.steps.get(status="appraisal")
        national_move = self.national.transitions.first()
        before = list(WorkflowStep.all_objects.order_by("pk").values_list("pk", "deadline_days", "deleted_at"))
        for name, obj in [
            ("workflow_edit", self.national),
            ("workflow_delete", self.national),
            ("workflow_edit", self.bac_giang),
            ("workflowstep_edit", national_step),
            ("workflowstep_delete", national_step),
            ("workflowtransition_edit", national_move),
        ]:
            with self.subTest(name=name, obj=str(obj)):
                url = reverse(f"aid:{name}", args=[obj.pk])
                self.assertEqual(self.client.get(url).status_code, 404)
                self.assertEqual(self.client.post(url, {"name": "X", "deadline_days": 1}).status_code, 404)
        # nor add a step into the national workflow, nor make a national (unit-less) workflow
        response = self.client.post(
            reverse("aid:workflowstep_add"), {"workflow": self.national.pk, "status": "closed", "body": "X"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("workflow", response.context["form"].errors)
        response = self.client.post(reverse("aid:workflow_add"), {"name": "Chung", "legal_basis": "X", "units": []})
        self.assertEqual(response.status_code, 400)
        self.assertIn("units", response.context["form"].errors)
        # nor copy a workflow for a unit it does not administer
        response = self.client.post(
            reverse("aid:workflow_copy", args=[self.national.pk]), {"unit": self.u["bac_ninh"].pk}
        )
        self.assertEqual(response.status_code, 403)
        self.assertEqual(
            list(WorkflowStep.all_objects.order_by("pk").values_list("pk", "deadline_days", "deleted_at")), before
        )
        self.assertEqual(Workflow.objects.count(), 3)

    def test_editor_sees_the_rules_without_edit_add_or_copy(self):
        self.login(self.hp_editor)
        page = self.client.get(reverse("aid:workflow_list"))
        self.assertContains(page, self.national.name)
        self.assertNotContains(page, reverse("aid:workflow_add"))
        page = self.client.get(self.national.get_absolute_url())
        self.assertNotContains(page, 'data-workflow="copy"')
        self.assertNotContains(page, reverse("aid:workflowstep_add"))
        self.assertEqual(self.client.get(reverse("aid:workflow_add")).status_code, 403)
        response = self.client.post(
            reverse("aid:workflow_copy", args=[self.national.pk]), {"unit": self.u["hai_phong"].pk}
        )
        self.assertEqual(response.status_code, 403)

    def test_central_admin_edits_the_national_workflow_and_adds_a_transition(self):
        self.login(self.central_admin)
        self.assertContains(self.client.get(reverse("aid:workflow_list")), reverse("aid:workflow_add"))
        page = self.client.get(self.national.get_absolute_url())
        self.assertContains(page, reverse("aid:workflow_edit", args=[self.national.pk]))
        response = self.client.post(
            reverse("aid:workflow_edit", args=[self.national.pk]),
            {
                "name": self.national.name,
                "legal_basis": self.national.legal_basis,
                "valid_from": "2025-12-01",
                "valid_to": "",
                "units": [],
                "notes": "Kiểm tra theo văn bản gốc",
                "version": self.national.version,
            },
        )
        self.assertRedirects(response, self.national.get_absolute_url())
        self.national.refresh_from_db()
        self.assertEqual((self.national.notes, self.national.units.count()), ("Kiểm tra theo văn bản gốc", 0))
        response = self.client.post(
            reverse("aid:workflowtransition_add"),
            {
                "workflow": self.national.pk,
                "from_status": "rejected",
                "to_status": "proposed",
                "roles": ["admin"],
                "required_fields": ["note"],
            },
        )
        self.assertRedirects(response, self.national.get_absolute_url())
        move = WorkflowTransition.objects.get(workflow=self.national, from_status="rejected")
        self.assertEqual((move.roles, move.required_fields), (["admin"], ["note"]))
        change = ObjectChange.objects.filter(content_type__model="workflowtransition", object_id=str(move.pk)).get()
        self.assertEqual((change.actor, change.source), (self.central_admin, "web"))
        # a transition from a status to itself is refused, form and API alike
        response = self.client.post(
            reverse("aid:workflowtransition_add"),
            {"workflow": self.national.pk, "from_status": "approved", "to_status": "approved", "roles": ["admin"]},
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("to_status", response.context["form"].errors)

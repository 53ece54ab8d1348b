"""Who reaches a plan's tasks: the plan's unit, the unit responsible for a task, its coordinators."""

from datetime import date
from decimal import Decimal

from django.test import TestCase
from django.urls import reverse

from amity.core.roles import Role, UnitKind
from amity.core.testing import APIClient
from amity.geo.services import current_province_by_name
from amity.plans.choices import TargetKind
from amity.plans.models import Plan, ProgressUpdate, Task
from amity.plans.tests.test_plans import make_plan
from amity.units.models import Unit
from amity.units.testing import ScopeMatrixMixin, make_user


def make_task(group, title, responsible, **kw) -> Task:
    values = {
        "group": group,
        "title": title,
        "responsible_unit": responsible,
        "deadline": date(2099, 1, 1),
        "target_kind": TargetKind.NUMBER,
        "target_value": Decimal(10),
    }
    values.update(kw)
    return Task.objects.create(**values)


class TaskScopeMatrixTests(ScopeMatrixMixin, TestCase):
    model = Task
    ui = "plans:task"
    api = "plans-api:task"

    @classmethod
    def make(cls, unit, label):
        _plan, group = make_plan(unit, number=f"KH-{label}")
        return make_task(group, label, unit)


class ProgressUpdateScopeMatrixTests(ScopeMatrixMixin, TestCase):
    model = ProgressUpdate
    ui = "plans:progressupdate"
    api = "plans-api:progressupdate"

    @classmethod
    def make(cls, unit, label):
        _plan, group = make_plan(unit, number=f"KH-{label}")
        task = make_task(group, f"Task of {label}", unit)
        return ProgressUpdate.objects.create(task=task, reported_on=date(2024, 1, 1), value=Decimal(1), evidence=label)


class PlanScopeMatrixTests(ScopeMatrixMixin, TestCase):
    model = Plan
    ui = "plans:plan"
    api = "plans-api:plan"

    @classmethod
    def make(cls, unit, label):
        plan, group = make_plan(unit, number=label)
        make_task(group, f"Task of {label}", unit)  # assigned inside its own unit: shared with nobody
        return plan


class SharedTaskTests(TestCase):
    """Bắc Giang's plan gives one task to its Vietnam–Japan association, coordinated by Hải Phòng's
    Vietnam–Laos association; another task stays with the provincial union."""

    @classmethod
    def setUpTestData(cls):
        from amity.units.testing import make_unit_tree

        cls.u = make_unit_tree()
        cls.plan, cls.group = make_plan(cls.u["bac_giang"])
        cls.own_group = cls.group
        cls.other_group = cls.plan.groups.create(number=2, title="Nhóm riêng của tỉnh")
        cls.shared = make_task(cls.own_group, "Giao lưu thanh niên Việt – Nhật", cls.u["bg_japan"])
        cls.shared.coordinating_units.set([cls.u["hp_laos"]])
        cls.kept = make_task(cls.other_group, "Rà soát quy chế của Liên hiệp", cls.u["bac_giang"])
        cls.update = ProgressUpdate.objects.create(
            task=cls.shared, reported_on=date(2024, 3, 1), value=Decimal(2), evidence="Hai đoàn thanh niên"
        )
        cls.kept_update = ProgressUpdate.objects.create(
            task=cls.kept, reported_on=date(2024, 3, 1), value=Decimal(3), evidence="Báo cáo nội bộ"
        )
        ha_tinh = Unit.objects.create(
            name="Liên hiệp các tổ chức hữu nghị tỉnh Hà Tĩnh",
            kind=UnitKind.PROVINCIAL,
            parent=cls.u["vufo"],
            province=current_province_by_name("Hà Tĩnh"),
        )
        cls.japan_editor = make_user("bg-japan-editor", unit=cls.u["bg_japan"])
        cls.laos_editor = make_user("hp-laos-editor", unit=cls.u["hp_laos"])
        cls.ha_tinh_editor = make_user("ht-editor", unit=ha_tinh)

    def api(self, user) -> APIClient:
        client = APIClient()
        client.force_authenticate(user)
        return client

    def ids(self, user, plural) -> set[int]:
        response = self.api(user).get(f"/api/plans/{plural}/")
        self.assertEqual(response.status_code, 200)
        return {row["id"] for row in response.json()["results"]}

    def test_responsible_unit_sees_its_task_and_the_plan_header_only(self):
        self.client.force_login(self.japan_editor)
        page = self.client.get(reverse("plans:plan_detail", args=[self.plan.pk]))
        self.assertContains(page, "56-KH/TU")
        self.assertContains(page, "Giao lưu thanh niên Việt – Nhật")
        self.assertNotContains(page, "Rà soát quy chế của Liên hiệp")
        self.assertNotContains(page, "Nhóm riêng của tỉnh")  # a group without its tasks stays hidden
        self.assertEqual(self.client.get(reverse("plans:task_detail", args=[self.shared.pk])).status_code, 200)
        self.assertEqual(self.client.get(reverse("plans:task_detail", args=[self.kept.pk])).status_code, 404)
        self.assertContains(self.client.get(reverse("plans:plan_list")), "56-KH/TU")
        self.assertEqual(self.ids(self.japan_editor, "tasks"), {self.shared.pk})
        self.assertEqual(self.ids(self.japan_editor, "progress-updates"), {self.update.pk})
        self.assertEqual(self.ids(self.japan_editor, "task-groups"), {self.own_group.pk})
        progress = self.api(self.japan_editor).get(f"/api/plans/plans/{self.plan.pk}/progress/").json()
        self.assertEqual(progress["tasks"], 1)

    def test_responsible_unit_records_and_corrects_progress_but_not_the_task_or_plan(self):
        self.client.force_login(self.japan_editor)
        response = self.client.post(
            reverse("plans:progressupdate_add"),
            {"task": self.shared.pk, "reported_on": "2024-06-01", "value": "5", "evidence": "Năm đoàn"},
        )
        self.assertEqual(response.status_code, 302)
        self.assertTrue(ProgressUpdate.objects.filter(task=self.shared, value=5).exists())
        response = self.client.post(
            reverse("plans:progressupdate_add"), {"task": self.kept.pk, "reported_on": "2024-06-01", "value": "9"}
        )
        self.assertEqual(response.status_code, 400)  # not its task: not a choice
        self.assertFalse(ProgressUpdate.objects.filter(task=self.kept, value=9).exists())
        response = self.api(self.japan_editor).patch(
            f"/api/plans/progress-updates/{self.update.pk}/", {"value": "3"}, format="json"
        )
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(ProgressUpdate.objects.get(pk=self.update.pk).value, 3)
        self.assertEqual(
            self.api(self.japan_editor).get(f"/api/plans/progress-updates/{self.kept_update.pk}/").status_code, 404
        )
        # the task's target and the plan stay with the plan's unit
        self.assertEqual(self.client.get(reverse("plans:task_edit", args=[self.shared.pk])).status_code, 404)
        response = self.api(self.japan_editor).patch(
            f"/api/plans/tasks/{self.shared.pk}/", {"target_value": "1"}, format="json"
        )
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.client.get(reverse("plans:plan_edit", args=[self.plan.pk])).status_code, 404)
        self.assertEqual(Task.objects.get(pk=self.shared.pk).target_value, 10)

    def test_coordinating_unit_reads_the_task_and_its_progress_without_writing(self):
        self.client.force_login(self.laos_editor)
        self.assertEqual(self.client.get(reverse("plans:task_detail", args=[self.shared.pk])).status_code, 200)
        self.assertContains(self.client.get(reverse("plans:plan_detail", args=[self.plan.pk])), "Giao lưu thanh niên")
        self.assertEqual(self.ids(self.laos_editor, "progress-updates"), {self.update.pk})
        response = self.client.post(
            reverse("plans:progressupdate_add"), {"task": self.shared.pk, "reported_on": "2024-06-01", "value": "7"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.client.get(reverse("plans:progressupdate_edit", args=[self.update.pk])).status_code, 404)
        self.assertEqual(
            self.api(self.laos_editor).delete(f"/api/plans/progress-updates/{self.update.pk}/").status_code, 404
        )
        self.assertEqual(self.client.get(reverse("plans:task_detail", args=[self.kept.pk])).status_code, 404)
        self.assertFalse(ProgressUpdate.objects.filter(value=7).exists())
        self.assertIsNone(ProgressUpdate.objects.get(pk=self.update.pk).deleted_at)

    def test_a_user_of_another_province_still_gets_not_found(self):
        self.client.force_login(self.ha_tinh_editor)
        for url in (
            reverse("plans:plan_detail", args=[self.plan.pk]),
            reverse("plans:task_detail", args=[self.shared.pk]),
            reverse("plans:progressupdate_detail", args=[self.update.pk]),
            reverse("plans:taskgroup_detail", args=[self.own_group.pk]),
        ):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)
        for plural in ("plans", "task-groups", "tasks", "progress-updates"):
            self.assertEqual(self.ids(self.ha_tinh_editor, plural), set())

    def test_reassigning_or_deleting_the_task_withdraws_the_access(self):
        self.shared.delete()
        self.assertEqual(self.ids(self.japan_editor, "plans"), set())
        self.assertEqual(self.ids(self.japan_editor, "progress-updates"), set())
        Task.all_objects.filter(pk=self.shared.pk).update(deleted_at=None, responsible_unit=self.u["bac_giang"])
        self.shared.coordinating_units.clear()
        self.assertEqual(self.ids(self.japan_editor, "tasks"), set())
        self.assertEqual(self.ids(self.laos_editor, "tasks"), set())

    def test_viewer_of_the_responsible_unit_reads_but_does_not_record(self):
        viewer = make_user("bg-japan-viewer", unit=self.u["bg_japan"], role=Role.VIEWER)
        self.assertEqual(self.ids(viewer, "tasks"), {self.shared.pk})
        response = self.api(viewer).post(
            "/api/plans/progress-updates/",
            {"task": self.shared.pk, "reported_on": "2024-06-01", "value": "4"},
            format="json",
        )
        self.assertIn(response.status_code, (400, 403))
        self.assertFalse(ProgressUpdate.objects.filter(value=4).exists())

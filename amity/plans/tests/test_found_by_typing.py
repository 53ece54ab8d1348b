"""Directives, plans, task groups and tasks are found by typing however many the union keeps: their
pickers and the search box read their own search columns (a task group's and a task's picker their
plan's too), not the newest rows a picker scores (``core.matching.CANDIDATES``, made 3 here)."""

from unittest import mock

from django.test import TestCase

from amity.core.services import model_update
from amity.core.testing import picker_ids, search_links
from amity.units.testing import make_unit_tree, make_user

from .factories import DirectiveFactory, PlanFactory, TaskFactory, TaskGroupFactory


@mock.patch("amity.core.matching.CANDIDATES", 3)
class OldestPlanRecordsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        hai_phong = make_unit_tree()["hai_phong"]
        cls.editor = make_user("hp-editor", unit=hai_phong)
        cls.directive = DirectiveFactory(unit=hai_phong, number="07-CT/TU", title="Về giao lưu nhân dân với Nhật Bản")
        cls.plan = PlanFactory(
            unit=hai_phong, directive=cls.directive, number="56-KH/TU", title="Kế hoạch đón đoàn Kyoto"
        )
        cls.group = TaskGroupFactory(plan=cls.plan, title="Giải pháp về giáo dục")
        cls.task = TaskFactory(group=cls.group, title="Mời giảng viên Đại học Kyoto")
        TaskFactory.create_batch(4, group__plan__unit=hai_phong)

    def setUp(self):
        self.client.force_login(self.editor)

    def test_the_oldest_plan_task_group_and_task_are_offered_by_their_pickers(self):
        self.assertEqual(picker_ids(self.client, "plans.plan", "ke hoach don doan kyoto"), [self.plan.pk])
        self.assertEqual(picker_ids(self.client, "plans.plan", "56-kh/tu"), [self.plan.pk])
        self.assertEqual(picker_ids(self.client, "plans.taskgroup", "giai phap giao duc"), [self.group.pk])
        self.assertEqual(picker_ids(self.client, "plans.taskgroup", "56-kh giao duc"), [self.group.pk])
        self.assertEqual(picker_ids(self.client, "plans.task", "moi giang vien kyoto"), [self.task.pk])
        self.assertEqual(picker_ids(self.client, "plans.task", "56-kh giang vien"), [self.task.pk])

    def test_a_task_group_and_a_task_are_found_by_their_plans_number_as_it_is_now(self):
        model_update(instance=self.plan, data={"number": "61-KH/TU"}, actor=self.editor)
        self.assertEqual(picker_ids(self.client, "plans.taskgroup", "61-kh giao duc"), [self.group.pk])
        self.assertEqual(picker_ids(self.client, "plans.task", "61-kh giang vien"), [self.task.pk])

    def test_the_search_box_finds_the_oldest_directive_plan_and_task(self):
        for query, record in [
            ("giao luu nhan dan nhat ban", self.directive),
            ("07-ct/tu", self.directive),
            ("ke hoach don doan kyoto", self.plan),
            ("moi giang vien dai hoc kyoto", self.task),
        ]:
            with self.subTest(query=query):
                self.assertIn(record.get_absolute_url(), search_links(self.client, query))

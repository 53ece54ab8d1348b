"""The plans' widget, a plan's page and a task's page write their counts as numbers of the reader's
language: a national plan's tasks, and the records linked to a task, run to thousands."""

import dataclasses
from types import SimpleNamespace
from unittest import mock

from django.test import TestCase

from amity.core.testing import pages_in_languages
from amity.plans import selectors
from amity.plans.tests.factories import TaskFactory
from amity.units.testing import make_unit_tree, make_user

STATUS_COUNTS = selectors.plan_status_counts  # the selectors themselves, before the pages' are replaced
PROGRESS = selectors.task_progress


def plans_of_thousands(**kwargs):
    """``plan_status_counts`` with 1,234 tasks a plan, 2,345 of them done."""
    return [{**row, "tasks": 1_234, "counts": {**row["counts"], "done": 2_345}} for row in STATUS_COUNTS(**kwargs)]


def linked_to_thousands(task, **kwargs):
    """``task_progress`` with 3,456 linked records."""
    return dataclasses.replace(PROGRESS(task, **kwargs), linked=3_456)


class PlanCountsWrittenAsNumbersTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        unit = make_unit_tree()["hai_phong"]
        cls.user = make_user("hp-plans-numbers", unit=unit)
        cls.task = TaskFactory(group__plan__unit=unit)

    def setUp(self):
        self.client.force_login(self.user)

    def test_the_widget_counts_a_plan_s_tasks(self):
        with mock.patch("amity.plans.dashboard.selectors.plan_status_counts", plans_of_thousands):
            for language, html, written in pages_in_languages(self.client, "/dashboard/plans/", 1_234, 2_345):
                with self.subTest(language):
                    self.assertRegex(
                        html, f'<small class="d-block text-muted">[^<]*{written(1_234)}[^<]*{written(2_345)}'
                    )

    def test_a_plan_counts_its_tasks_by_status(self):
        summary = SimpleNamespace(status="", counts={"done": 2_345}, groups=[])
        with mock.patch("amity.plans.views.selectors.plan_summary", return_value=summary):
            url = self.task.group.plan.get_absolute_url()
            for language, html, written in pages_in_languages(self.client, url, 2_345):
                with self.subTest(language):
                    self.assertRegex(html, f'data-status="done">[^<]*</span>\\s*{written(2_345)}</li>')

    def test_a_task_counts_its_linked_records(self):
        with mock.patch("amity.plans.views.selectors.task_progress", linked_to_thousands):
            for language, html, written in pages_in_languages(self.client, self.task.get_absolute_url(), 3_456):
                with self.subTest(language):
                    self.assertRegex(html, f'data-figure="linked">[^<]*{written(3_456)}')

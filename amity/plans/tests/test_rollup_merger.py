"""Plan figures by the union of a day that issued them: every row and the total, before the 2025
merger and today."""

from datetime import date

from django.test import TestCase

from amity.core.roles import Role
from amity.plans.models import Plan, Task, TaskGroup
from amity.plans.selectors import plan_figures
from amity.units.testing import BEFORE_MERGER, make_merged_unions, make_user


def rows(figures):
    return [(r["label"], r["count"], r["tasks"]) for r in figures["by_unit"]]


class PlanRollupTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = u = make_merged_unions()
        cls.central = make_user("plan-central", unit=u["vufo"], role=Role.VIEWER)
        # (unit, plans, tasks each): Bắc Giang's 56-KH/TU with its 8 task groups' tasks, and others
        for key, plans, tasks in (("bac_giang", 1, 8), ("bac_ninh", 2, 1), ("hai_duong", 1, 2), ("hai_phong", 1, 3)):
            for i in range(plans):
                plan = Plan.objects.create(
                    unit=u[key], number=f"{key}-{i}-KH", issued_on=date(2022, 5, 23), title=f"Kế hoạch {key} {i}"
                )
                group = TaskGroup.objects.create(plan=plan, number=1, title="Nhóm 1")
                for t in range(tasks):
                    Task.objects.create(
                        group=group,
                        title=f"Nhiệm vụ {t}",
                        responsible_unit=u[key],
                        deadline=date(2025, 5, 1),
                        target_kind="yes_no",
                    )

    def test_grouped_by_the_unions_of_2024(self):
        figures = plan_figures(user=self.central, day=BEFORE_MERGER)
        self.assertEqual(
            rows(figures), [("Bắc Ninh", 2, 2), ("Bắc Giang", 1, 8), ("Hải Dương", 1, 2), ("Hải Phòng", 1, 3)]
        )
        self.assertEqual((figures["plans"], figures["tasks"]), (5, 15))

    def test_grouped_by_todays_unions(self):
        figures = plan_figures(user=self.central)
        self.assertEqual(rows(figures), [("Bắc Ninh", 3, 10), ("Hải Phòng", 2, 5)])
        self.assertEqual((figures["plans"], figures["tasks"]), (5, 15))

    def test_the_api_takes_the_day(self):
        self.client.force_login(self.central)
        body = self.client.get("/api/plans/figures/", {"day": "2024-01-01"}).json()
        self.assertEqual(
            [(r["label"], r["count"], r["tasks"]) for r in body["by_unit"]],
            rows(plan_figures(user=self.central, day=BEFORE_MERGER)),
        )
        self.assertEqual((body["plans"], body["tasks"]), (5, 15))
        self.assertEqual(self.client.get("/api/plans/figures/", {"day": "x"}).status_code, 400)

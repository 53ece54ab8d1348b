import re
from datetime import date
from decimal import Decimal

from django.test import TestCase
from django.urls import reverse

from amity.audit.models import ObjectChange
from amity.core.demo import DemoContext
from amity.core.testing import dashboard_page
from amity.plans import demo
from amity.plans.choices import TargetKind, TaskStatus
from amity.plans.models import Directive, Plan, ProgressUpdate, Task, TaskGroup
from amity.plans.selectors import plan_statuses, plan_summaries, plan_summary, rollup_status, task_progress
from amity.units import demo as units_demo
from amity.units.testing import make_unit_tree, make_user


def make_plan(unit, number="56-KH/TU"):
    directive, _ = Directive.objects.get_or_create(
        number="12-CT/TW", defaults={"issued_on": date(2022, 1, 5), "issuing_body": "Ban Bí thư", "title": "ĐNND"}
    )
    plan = Plan.objects.create(
        unit=unit, directive=directive, number=number, issued_on=date(2022, 5, 23), title="Kế hoạch"
    )
    group = TaskGroup.objects.create(plan=plan, number=1, title="Nhóm 1")
    return plan, group


class TaskStatusTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.plan, cls.group = make_plan(cls.u["bac_giang"])

    def task(self, **kw):
        values = {
            "group": self.group,
            "title": "Vận động dự án",
            "responsible_unit": self.u["bac_giang"],
            "start_on": date(2022, 1, 1),
            "deadline": date(2022, 12, 31),
            "target_kind": TargetKind.NUMBER,
            "target_value": Decimal(10),
        }
        values.update(kw)
        return Task.objects.create(**values)

    def test_status_follows_deadline_and_progress(self):
        task = self.task()
        mid_year = date(2022, 7, 1)  # half the time used
        self.assertEqual(task_progress(task, today=mid_year).status, TaskStatus.NOT_STARTED)
        ProgressUpdate.objects.create(task=task, reported_on=date(2022, 6, 1), value=Decimal(4))
        self.assertEqual(task_progress(task, today=mid_year).status, TaskStatus.ON_TRACK)  # 40% vs 50%
        self.assertEqual(task_progress(task, today=date(2022, 11, 30)).status, TaskStatus.AT_RISK)  # 40% vs 91%
        self.assertEqual(task_progress(task, today=date(2023, 1, 1)).status, TaskStatus.LATE)
        ProgressUpdate.objects.create(task=task, reported_on=date(2022, 12, 20), value=Decimal(10))
        self.assertEqual(task_progress(task, today=date(2023, 1, 1)).status, TaskStatus.DONE)
        # an update dated after "today" does not count yet
        self.assertEqual(task_progress(task, today=date(2022, 12, 1)).value, Decimal(4))

    def test_yes_no_task_is_done_only_when_marked(self):
        task = self.task(target_kind=TargetKind.YES_NO, target_value=None)
        ProgressUpdate.objects.create(task=task, reported_on=date(2022, 3, 1), evidence="Đã họp")
        self.assertEqual(task_progress(task, today=date(2022, 3, 2)).status, TaskStatus.ON_TRACK)
        ProgressUpdate.objects.create(task=task, reported_on=date(2022, 4, 1), done=True)
        self.assertEqual(task_progress(task, today=date(2023, 4, 2)).status, TaskStatus.DONE)

    def test_linked_records_count_towards_a_numeric_target(self):
        from amity.activities.models import Activity
        from amity.aid.tests.factories import make_item

        task = self.task(target_value=Decimal(3))
        bg = self.u["bac_giang"]
        items = [
            make_item(bg, "Trường mẫu giáo", decided=date(2022, 3, 1)),
            make_item(bg, "Nhà tình thương", decided=date(2022, 9, 1)),
            make_item(bg, "Trước kế hoạch", decided=date(2021, 6, 1)),  # before the task starts: not counted
        ]
        task.aid_items.set(items)
        self.assertEqual(task_progress(task, today=date(2022, 4, 1)).value, 1)  # the September item not yet
        progress = task_progress(task, today=date(2022, 10, 1))
        self.assertEqual((progress.value, progress.linked, progress.reported), (2, 2, None))
        self.assertEqual(progress.last_update, date(2022, 9, 1))
        self.assertEqual(progress.status, TaskStatus.ON_TRACK)  # 2 of 3 with 75% of the time used
        # a reported value above the linked count wins; the two are not added up
        ProgressUpdate.objects.create(task=task, reported_on=date(2022, 10, 1), value=Decimal("2.5"))
        self.assertEqual(task_progress(task, today=date(2022, 10, 2)).value, Decimal("2.5"))
        activity = Activity.objects.create(unit=bg, type="meeting", title="Hội thảo", start_date=date(2022, 11, 5))
        task.activities.add(activity)
        self.assertEqual(task_progress(task, today=date(2022, 11, 30)).status, TaskStatus.DONE)
        activity.delete()  # a deleted record no longer counts
        self.assertEqual(task_progress(Task.objects.get(pk=task.pk), today=date(2022, 11, 30)).value, Decimal("2.5"))

    def test_plan_takes_worst_status_and_counts(self):
        self.task(title="late", deadline=date(2022, 2, 1))
        done = self.task(title="done", target_kind=TargetKind.YES_NO, target_value=None)
        ProgressUpdate.objects.create(task=done, reported_on=date(2022, 2, 1), done=True)
        admin = make_user("bg", unit=self.u["bac_giang"])
        summary = plan_summary(user=admin, plan=self.plan, today=date(2022, 3, 1))
        self.assertEqual(summary.status, TaskStatus.LATE)
        self.assertEqual((summary.counts["late"], summary.counts["done"], summary.task_count), (1, 1, 2))
        self.assertEqual(rollup_status([TaskStatus.DONE, TaskStatus.DONE]), TaskStatus.DONE)
        self.assertIsNone(rollup_status([]))

    def test_statuses_of_many_plans_are_those_of_their_summaries(self):
        """The report's plans section and the dashboard read plans' statuses as rows
        (``plan_statuses``); each plan's statuses are those its full summary derives."""
        from amity.activities.models import Activity
        from amity.aid.tests.factories import make_item

        bg = self.u["bac_giang"]
        other, other_group = make_plan(bg, number="57-KH/TU")
        self.task(title="late", deadline=date(2022, 2, 1))
        self.task(title="not started")
        yes_no = self.task(title="yes/no", target_kind=TargetKind.YES_NO, target_value=None, start_on=None)
        ProgressUpdate.objects.create(task=yes_no, reported_on=date(2022, 6, 1), evidence="Đã họp")
        ProgressUpdate.objects.create(task=yes_no, reported_on=date(2022, 8, 1), done=True)
        reported = self.task(title="reported", group=other_group)
        ProgressUpdate.objects.create(task=reported, reported_on=date(2022, 3, 1), value=Decimal(2))
        ProgressUpdate.objects.create(task=reported, reported_on=date(2022, 9, 1), value=Decimal(9))
        ProgressUpdate.objects.create(task=reported, reported_on=date(2022, 5, 1), value=Decimal(10)).delete()
        linked = self.task(title="linked", group=other_group, target_value=Decimal(3))
        linked.aid_items.set(
            [
                make_item(bg, "Trường mẫu giáo", decided=date(2022, 3, 1)),
                make_item(bg, "Nhà tình thương", decided=date(2022, 9, 1)),
                make_item(bg, "Trước kế hoạch", decided=date(2021, 6, 1)),
            ]
        )
        meeting = Activity.objects.create(unit=bg, type="meeting", title="Hội thảo", start_date=date(2022, 4, 5))
        linked.activities.add(
            meeting, Activity.objects.create(unit=bg, type="meeting", title="Họp", start_date=date(2022, 4, 6))
        )
        Activity.objects.get(pk=meeting.pk).delete()  # no longer counts
        admin = make_user("bg", unit=bg)
        plans = [self.plan, other]
        seen = set()
        for today in (date(2022, 1, 15), date(2022, 4, 1), date(2022, 7, 1), date(2022, 10, 1), date(2023, 1, 1)):
            rows = plan_statuses(user=admin, plans=plans, today=today)
            summaries = plan_summaries(user=admin, plans=plans, today=today)
            for row, summary in zip(rows, summaries, strict=True):
                self.assertEqual(row.plan, summary.plan)
                self.assertEqual(sorted(row.statuses), sorted(summary.statuses), (today, row.plan.number))
                self.assertEqual(
                    (row.status, row.counts, row.task_count),
                    (summary.status, summary.counts, 3 if row.plan == self.plan else 2),
                )
                seen.update(row.statuses)
        self.assertEqual(seen, set(TaskStatus.values))  # every status met on some day

    def test_bad_targets_are_refused(self):
        from django.core.exceptions import ValidationError

        with self.assertRaises(ValidationError) as ctx:
            Task(
                group=self.group,
                title="x",
                responsible_unit=self.u["bac_giang"],
                deadline=date(2022, 1, 1),
                target_kind=TargetKind.NUMBER,
            ).full_clean()
        self.assertIn("target_value", ctx.exception.message_dict)
        with self.assertRaises(ValidationError) as ctx:
            Plan(unit=self.u["bac_giang"], number="1", issued_on=date(2022, 1, 1), title="x").full_clean()
        self.assertIn("directive", ctx.exception.message_dict)


class PlanScreensTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.u = make_unit_tree()
        cls.plan, cls.group = make_plan(cls.u["bac_giang"])
        cls.other_plan, _ = make_plan(cls.u["hai_phong"], number="99-KH/TU")
        cls.task = Task.objects.create(
            group=cls.group,
            title="Thành lập chi hội",
            responsible_unit=cls.u["bac_giang"],
            deadline=date(2099, 1, 1),
            target_kind=TargetKind.NUMBER,
            target_value=Decimal(10),
        )
        cls.editor = make_user("bn-editor", unit=cls.u["bac_ninh"])  # Bắc Giang merged into Bắc Ninh

    def setUp(self):
        self.client.force_login(self.editor)

    def test_plan_page_shows_groups_tasks_and_status(self):
        response = self.client.get(reverse("plans:plan_detail", args=[self.plan.pk]))
        self.assertContains(response, "Thành lập chi hội")
        self.assertContains(response, 'data-status="not_started"')

    def test_dashboard_lists_own_plans_with_status(self):
        response = dashboard_page(self.client)
        self.assertContains(response, 'data-plan="56-KH/TU"')
        self.assertNotContains(response, 'data-plan="99-KH/TU"')

    def test_task_links_the_records_that_count_towards_it(self):
        from amity.registry.models import Agreement

        agreement = Agreement.objects.create(
            unit=self.u["bac_giang"], kind="mou", title="Bản ghi nhớ với tỉnh Gyeonggi"
        )
        self.task.agreements.add(agreement)
        response = self.client.get(reverse("plans:task_detail", args=[self.task.pk]))
        self.assertContains(response, "Bản ghi nhớ với tỉnh Gyeonggi")
        self.assertContains(response, 'data-linked="agreements"')  # undated: counts once linked
        self.assertContains(response, '<strong data-figure="reached">1</strong>')
        self.assertEqual(self.client.get(f"/api/plans/tasks/{self.task.pk}/").json()["status"], "on_track")

    def test_a_group_added_from_its_plan_takes_the_next_number_and_a_task_its_plans_union(self):
        group_form = self.client.get(reverse("plans:taskgroup_add"), {"plan": self.plan.pk}).context["form"]
        self.assertEqual(group_form["number"].value(), 2)  # the plan has group 1
        task_form = self.client.get(reverse("plans:task_add"), {"group": self.group.pk}).context["form"]
        self.assertEqual(task_form["responsible_unit"].value(), self.u["bac_giang"].pk)
        other_group = self.other_plan.groups.get()  # a plan the user may not see gives nothing
        self.assertIsNone(
            self.client.get(reverse("plans:task_add"), {"group": other_group.pk})
            .context["form"]["responsible_unit"]
            .value()
        )

    def test_task_form_offers_its_group_and_the_records_it_counts_by_typing_however_many_there_are(self):
        from amity.activities.tests.factories import ActivityFactory
        from amity.aid.tests.factories import AidItemFactory

        unit = self.u["bac_giang"]
        self.task.activities.add(ActivityFactory(unit=unit, title="Đón đoàn tỉnh Gyeonggi"))
        self.task.aid_items.add(AidItemFactory(unit=unit, title_vi="Xe lăn Gyeonggi"))
        url = reverse("plans:task_edit", args=[self.task.pk])

        def offered() -> dict:
            page = self.client.get(url).content.decode()
            return {
                name: (re.findall(r"<option[^>]*>([^<]*)</option>", select), "data-autocomplete" in attrs)
                for name, attrs, select in re.findall(
                    r'<select name="(group|agreements|activities|aid_items)"([^>]*)>(.*?)</select>', page, re.S
                )
            }

        linked = {
            "group": (["", str(self.group)], True),
            "agreements": ([], True),
            "activities": (["Đón đoàn tỉnh Gyeonggi"], True),
            "aid_items": (["Xe lăn Gyeonggi"], True),
        }
        self.assertEqual(offered(), linked)
        ActivityFactory.create_batch(2, unit=unit)
        AidItemFactory.create_batch(2, unit=unit)
        self.assertEqual(offered(), linked)  # the others are found by typing, not listed

    def test_yes_no_task_shows_completion_as_target_and_whether_it_is_completed(self):
        from django.utils import translation

        task = Task.objects.create(
            group=self.group,
            title="Trình đề án Ban liên lạc",
            responsible_unit=self.u["bac_giang"],
            deadline=date(2099, 1, 1),
            target_kind=TargetKind.YES_NO,
        )
        url = reverse("plans:task_detail", args=[task.pk])
        with translation.override("vi"):
            self.assertContains(
                self.client.get(url),
                'Chỉ tiêu: Hoàn thành · Đạt được: <strong data-figure="reached">Chưa hoàn thành</strong>',
            )
            ProgressUpdate.objects.create(task=task, reported_on=date(2024, 1, 1), done=True)
            self.assertContains(self.client.get(url), '<strong data-figure="reached">Đã hoàn thành</strong>')

    def test_other_province_plan_is_404(self):
        response = self.client.get(reverse("plans:plan_detail", args=[self.other_plan.pk]))
        self.assertEqual(response.status_code, 404)
        listing = self.client.get(reverse("plans:plan_list"))
        self.assertNotContains(listing, "99-KH/TU")

    def test_recording_progress_updates_status_and_audit(self):
        response = self.client.post(
            reverse("plans:progressupdate_add"),
            {"task": self.task.pk, "reported_on": "2026-01-10", "value": "10", "evidence": "Quyết định thành lập"},
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(task_progress(Task.objects.get(pk=self.task.pk)).status, TaskStatus.DONE)
        self.assertTrue(ObjectChange.objects.filter(event="plans.progress_recorded").exists())

    def test_progress_without_value_is_refused(self):
        response = self.client.post(
            reverse("plans:progressupdate_add"), {"task": self.task.pk, "reported_on": "2026-01-10"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(ProgressUpdate.objects.exists())

    def test_api_progress_and_task_status(self):
        response = self.client.get(f"/api/plans/plans/{self.plan.pk}/progress/")
        self.assertEqual(
            response.json(),
            {
                "status": "not_started",
                "tasks": 1,
                "counts": {"not_started": 1, "on_track": 0, "at_risk": 0, "late": 0, "done": 0},
            },
        )
        self.assertEqual(self.client.get(f"/api/plans/plans/{self.other_plan.pk}/progress/").status_code, 404)
        task = self.client.get(f"/api/plans/tasks/{self.task.pk}/").json()
        self.assertEqual(task["status"], "not_started")

    def test_an_editor_adds_only_own_union_directives_not_national_ones(self):
        data = {"number": "1-CT/TW", "issued_on": "2024-01-01", "issuing_body": "x", "title": "y"}
        response = self.client.post("/api/plans/directives/", data)
        self.assertEqual((response.status_code, list(response.json())), (400, ["unit"]))
        self.assertFalse(Directive.objects.filter(number="1-CT/TW").exists())
        response = self.client.post(
            "/api/plans/directives/", {**data, "number": "1-NQ/TU", "unit": self.u["bac_ninh"].pk}
        )
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(Directive.objects.get(number="1-NQ/TU").unit, self.u["bac_ninh"])


class PlanDemoTests(TestCase):
    def test_demo_has_the_seed_plans_and_is_idempotent(self):
        for _run in range(2):
            ctx = DemoContext()
            units_demo.load(ctx)
            demo.load(ctx)
        directive = Directive.objects.get(number="12-CT/TW")
        self.assertEqual((directive.issued_on, directive.unit), (date(2022, 1, 5), None))  # national
        bg = Plan.objects.get(number="56-KH/TU")
        ht = Plan.objects.get(number="210-KH/TU")
        self.assertEqual((bg.issued_on, bg.groups.count(), bg.unit), (date(2022, 5, 23), 8, ctx.units["bac_giang"]))
        self.assertEqual((ht.issued_on, ht.groups.count()), (date(2023, 10, 16), 6))
        self.assertEqual(Plan.objects.count(), 2)
        self.assertEqual(Task.objects.filter(group__plan=bg).count(), 6)
        self.assertEqual(  # the article puts "Xuân quê hương" with keeping in touch, the eighth task
            sorted(Task.objects.filter(group__plan=bg, group__number=8).values_list("title", flat=True)),
            [
                "Trình đề án thành lập Ban liên lạc đối ngoại của tỉnh",
                'Tổ chức chương trình "Xuân quê hương" gặp mặt kiều bào dịp Tết',
            ],
        )
        ht_summary = plan_summary(user=ctx.users["hatinh-editor"], plan=ht, today=date(2024, 12, 1))
        self.assertEqual(ht_summary.task_count, 4)
        by_title = {t.title: p for g in ht_summary.groups for t, p in g.tasks}
        training = by_title["Mở lớp bồi dưỡng nghiệp vụ đối ngoại cho cán bộ, công chức của tỉnh"]
        self.assertEqual((training.value, training.status), (1, TaskStatus.ON_TRACK))
        self.assertEqual(
            by_title["Vận hành, cập nhật cơ sở dữ liệu phần mềm về người Hà Tĩnh ở nước ngoài"].status,
            TaskStatus.AT_RISK,
        )  # a yes/no task with an update but not done, 11 of 14 months used

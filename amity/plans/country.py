"""The synthetic country's plans: a national directive, a plan of the central union and of every
current provincial union, and more plans over the years (2,000 at scale 1), each with task
groups, tasks for the unit and progress updates."""

from datetime import timedelta
from decimal import Decimal

from amity.core.country import CountryContext

from .choices import TargetKind
from .models import Directive, Plan, ProgressUpdate, Task, TaskGroup

ORDER = 80
PLANS = 2_000
GROUPS = 3
TASKS_PER_GROUP = 4


def fill(ctx: CountryContext) -> None:
    rng = ctx.rng
    directive = Directive.objects.create(
        number="12-CT/TW (tổng hợp)",
        issued_on=ctx.day(),
        issuing_body="Ban Bí thư",
        title="Chỉ thị về công tác đối ngoại nhân dân",
    )
    activities = ctx.records["activities"]
    current = [ctx.records["central"], *ctx.records["unions"]]

    def plan(i: int) -> Plan:
        if i < len(current):
            unit_id, last = current[i], None
        else:
            unit_id, last = ctx.owner()
        issued = ctx.day(last=last) if last else ctx.day()
        number, title = f"{i + 1}-KH/LHHN", f"Kế hoạch thực hiện công tác đối ngoại nhân dân số {i + 1}"
        return Plan(
            unit_id=unit_id,
            directive=directive,
            number=number,
            issued_on=issued,
            issuing_body="Liên hiệp các tổ chức hữu nghị",
            title=title,
            valid_from=issued,
            valid_to=issued + timedelta(days=365 * 5),
            search_name=Plan.search_key(number, title),
        )

    n = max(len(current), ctx.count(PLANS))
    plans = Plan.objects.bulk_create([plan(i) for i in range(n)])
    group_titles = [f"Nhóm nhiệm vụ {g + 1}" for g in range(GROUPS)]
    groups = ctx.bulk(
        TaskGroup,
        (
            TaskGroup(plan=p, number=g + 1, title=title, search_name=TaskGroup.search_key(title))
            for p in plans
            for g, title in enumerate(group_titles)
        ),
        total=n * GROUPS,
        ids=True,
    )
    plan_of_group = [p for p in plans for _g in range(GROUPS)]
    tasks: list[Task] = []
    for group_id, p in zip(groups, plan_of_group, strict=True):
        for t in range(TASKS_PER_GROUP):
            numeric = t % 2 == 0
            title = f"Nhiệm vụ {t + 1}"
            tasks.append(
                Task(
                    group_id=group_id,
                    title=title,
                    search_name=Task.search_key(title),
                    responsible_unit_id=p.unit_id,
                    start_on=p.valid_from,
                    deadline=p.valid_from + timedelta(days=rng.randint(180, 1800)),
                    target_kind=TargetKind.NUMBER if numeric else TargetKind.YES_NO,
                    target_value=Decimal(rng.randint(5, 50)) if numeric else None,
                    target_unit="đoàn" if numeric else "",
                )
            )
    task_ids = ctx.bulk(Task, tasks, total=len(tasks), ids=True)
    ctx.bulk(
        Task.activities.through,
        (Task.activities.through(task_id=t, activity_id=rng.choice(activities)) for t in task_ids),
        total=len(task_ids),
        label="task activities",
    )
    ctx.bulk(
        ProgressUpdate,
        (
            ProgressUpdate(
                task_id=task_id,
                reported_on=task.start_on + timedelta(days=90 * k),
                value=Decimal(rng.randint(1, 5) * k) if task.target_kind == TargetKind.NUMBER else None,
                done=task.target_kind == TargetKind.YES_NO and k == 2,
            )
            for task_id, task in zip(task_ids, tasks, strict=True)
            for k in (1, 2)
        ),
        total=len(tasks) * 2,
    )
    ctx.records["plans"] = {p.unit_id: p.pk for p in reversed(plans)}  # each unit's first plan

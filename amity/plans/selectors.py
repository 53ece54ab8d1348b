"""Reads of plans: restricted lists, and task status derived from deadline and progress."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import cast

from django.db.models import Count, Model, Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from amity.core.dates import in_period
from amity.units.rollup import rows_data, unit_rollup

from .choices import STATUS_SEVERITY, TargetKind, TaskStatus
from .models import Directive, Plan, ProgressUpdate, Task, TaskGroup

#: A task is at risk when its share of the target trails the share of time used by this much.
AT_RISK_GAP = Decimal("0.25")


def directive_list(*, user, action: str = "view") -> QuerySet[Directive]:
    return Directive.objects.restrict(user, action).select_related("unit")


def plan_list(*, user, action: str = "view") -> QuerySet[Plan]:
    return Plan.objects.restrict(user, action).select_related("unit", "directive", "parent")


def access_plan(*, user, pk: int, action: str = "view") -> Plan:
    return get_object_or_404(plan_list(user=user, action=action), pk=pk)


def task_list(*, user, action: str = "view") -> QuerySet[Task]:
    return (
        Task.objects.restrict(user, action)
        .select_related("group__plan", "responsible_unit")
        .prefetch_related(
            "coordinating_units",
            Prefetch("updates", queryset=ProgressUpdate.objects.order_by("-reported_on", "-pk")),
            *LINKED_RECORDS,
        )
    )


#: The records a task may be linked to, each with the fields of the date it counts from (the first
#: that is set): an activity's start, an aid item's decision (else its start), an agreement's signature.
LINKED_RECORDS = {
    "activities": ("start_date",),
    "aid_items": ("decision_date", "start_date"),
    "agreements": ("signed_on",),
}


def _first_day(days) -> date | None:
    return next((day for day in days if day is not None), None)


def _counts_by(start: date, day: date | None, today: date) -> bool:
    """A linked record counts from its date once that falls between the task's start and ``today``;
    one with no date counts from the moment it is linked."""
    return day is None or start <= day <= today


def task_linked_records(task: Task, *, today: date | None = None) -> list[tuple[str, object, date | None]]:
    """(relation, record, date) of the records linked to a task that count by ``today``
    (``_counts_by``). Uses prefetched relations if present."""
    today = today or timezone.localdate()
    start = task.start_on or task.group.plan.issued_on
    rows = []
    for relation, fields in LINKED_RECORDS.items():
        for record in getattr(task, relation).all():
            day = _first_day(getattr(record, f) for f in fields)
            if _counts_by(start, day, today):
                rows.append((relation, record, day))
    rows.sort(key=lambda r: (r[2] is None, r[2] or today, str(r[1])))
    return rows


@dataclass(frozen=True)
class TaskProgress:
    """Where a task stands on a day: the value reached, its share of the target, and the status.

    ``reported`` is the latest progress update's value, ``linked`` the number of linked records
    that count; for a numeric target ``value`` is the larger of the two (an update may report work
    the records do not hold, and linking records must not be counted twice on top of it).
    """

    status: str
    value: Decimal | None
    share: Decimal | None  # 0..1 of the numeric target; None for yes/no or nothing reached
    last_update: date | None
    reported: Decimal | None = None
    linked: int = 0


def task_progress(task: Task, *, today: date | None = None) -> TaskProgress:
    """Status from the updates reported up to ``today``; uses prefetched ``updates`` if present."""
    today = today or timezone.localdate()
    updates = [(u.reported_on, u.pk, u.value, u.done) for u in task.updates.all() if u.deleted_at is None]
    linked = [day for _relation, _record, day in task_linked_records(task, today=today)]
    return _progress(
        task, updates=updates, linked=linked, start=task.start_on or task.group.plan.issued_on, today=today
    )


def _progress(task, *, updates, linked: list[date | None], start: date, today: date) -> TaskProgress:
    """A task's progress from its updates ((reported_on, pk, value, done), any day) and the dates of
    the linked records that count by ``today``; ``task`` gives the target and deadline only."""
    latest = max((u for u in updates if u[0] <= today), default=None)
    reported = latest[2] if latest else None
    value = reported
    if task.target_kind == TargetKind.NUMBER and linked:
        value = max(reported or Decimal(0), Decimal(len(linked)))
    dates = [day for day in linked if day is not None]
    last_update = max(dates + ([latest[0]] if latest else []), default=None)
    started = latest is not None or bool(linked)
    share = None
    if task.target_kind == TargetKind.NUMBER and value is not None and task.target_value:
        share = min(Decimal(1), value / task.target_value)
    done = (latest is not None and latest[3]) or share == Decimal(1)
    if done:
        status = TaskStatus.DONE
    elif today > task.deadline:
        status = TaskStatus.LATE
    elif not started:
        status = TaskStatus.NOT_STARTED
    else:
        span = (task.deadline - start).days
        elapsed = Decimal(max(0, (today - start).days)) / Decimal(span) if span > 0 else Decimal(1)
        achieved = share if share is not None else Decimal(0)
        status = TaskStatus.AT_RISK if elapsed - achieved > AT_RISK_GAP else TaskStatus.ON_TRACK
    return TaskProgress(
        status=status, value=value, share=share, last_update=last_update, reported=reported, linked=len(linked)
    )


def task_reached(task: Task, progress: TaskProgress) -> Decimal | str | None:
    """What a reader sees under "reached": the value for a numeric target (None: nothing reported),
    whether it is completed for a yes/no one (or a numeric one marked done without a value)."""
    if task.target_kind == TargetKind.NUMBER and progress.value is not None:
        return progress.value
    if progress.status == TaskStatus.DONE:
        return _("Completed")
    return _("Not completed") if task.target_kind == TargetKind.YES_NO else None


def rollup_status(statuses: list[str]) -> str | None:
    """A group's or plan's status: all done → done, all not started → not started, else the worst."""
    if not statuses:
        return None
    if all(s == TaskStatus.DONE for s in statuses):
        return TaskStatus.DONE
    if all(s == TaskStatus.NOT_STARTED for s in statuses):
        return TaskStatus.NOT_STARTED
    for status in STATUS_SEVERITY:
        if status in statuses:
            return status
    return None


class StatusCounts:
    """A plan's status and counts by status, from the statuses of its tasks."""

    @property
    def statuses(self) -> list[str]:
        raise NotImplementedError

    @property
    def status(self) -> str | None:
        return rollup_status(self.statuses)

    @property
    def counts(self) -> dict[str, int]:
        statuses = self.statuses
        return {s: statuses.count(s) for s in TaskStatus.values}

    @property
    def task_count(self) -> int:
        return len(self.statuses)


@dataclass
class GroupSummary:
    group: TaskGroup
    tasks: list[tuple[Task, TaskProgress]]

    @property
    def status(self) -> str | None:
        return rollup_status([p.status for _t, p in self.tasks])


@dataclass
class PlanSummary(StatusCounts):
    """A plan with its groups and tasks, each task with its progress, and counts by status."""

    plan: Plan
    groups: list[GroupSummary]

    @property
    def statuses(self) -> list[str]:
        return [p.status for g in self.groups for _t, p in g.tasks]


@dataclass
class PlanStatuses(StatusCounts):
    """A plan with the statuses of the tasks the user sees: what lists of many plans show."""

    plan: Plan
    task_statuses: list[str]

    @property
    def statuses(self) -> list[str]:
        return self.task_statuses


def plan_summary(*, user, plan: Plan, today: date | None = None) -> PlanSummary:
    """Groups and tasks of a plan as the user may see them, with derived statuses."""
    return plan_summaries(user=user, plans=[plan], today=today)[0]


def plan_summaries(*, user, plans, today: date | None = None) -> list[PlanSummary]:
    """``plan_summary`` of each plan, in the same few queries however many plans there are."""
    plans = list(plans)
    ids = [plan.pk for plan in plans]
    tasks = list(task_list(user=user).filter(group__plan__in=ids))
    groups = list(TaskGroup.objects.restrict(user).filter(plan__in=ids).order_by("plan", "number"))
    by_group: dict[int, list] = {g.pk: [] for g in groups}
    for task in tasks:
        by_group.setdefault(task.group_id, []).append((task, task_progress(task, today=today)))
    groups_of: dict[int, list[GroupSummary]] = {pk: [] for pk in ids}
    for group in groups:
        groups_of[group.plan_id].append(GroupSummary(group=group, tasks=by_group[group.pk]))
    return [PlanSummary(plan=plan, groups=groups_of[plan.pk]) for plan in plans]


def plan_statuses(*, user, plans, today: date | None = None) -> list[PlanStatuses]:
    """The status of every task of each plan (as ``plan_summaries`` gives them) in five queries
    whatever the number of plans and tasks: tasks, updates and linked records' dates are read as
    plain rows, not as models with their relations."""
    plans = list(plans)
    ids = [plan.pk for plan in plans]
    today = today or timezone.localdate()
    groups = TaskGroup.objects.restrict(user).filter(plan__in=ids)
    fields = ("pk", "group__plan_id", "start_on", "deadline", "target_kind", "target_value")
    tasks = [
        _TaskRow(*row)
        for row in Task.objects.restrict(user)
        .filter(group__plan__in=ids, group__in=groups.values("pk"))
        .values_list(*fields)
        .order_by()
    ]
    updates: dict[int, list] = {}
    for task_id, *update in (
        ProgressUpdate.objects.restrict(user)
        .filter(task__group__plan__in=ids)
        .values_list("task_id", "reported_on", "pk", "value", "done")
        .order_by()
    ):
        updates.setdefault(task_id, []).append(tuple(update))
    linked: dict[int, list] = {}
    for relation, day_fields in LINKED_RECORDS.items():
        model = cast(type[Model], Task._meta.get_field(relation).related_model)
        rows = model._default_manager.filter(plan_tasks__group__plan__in=ids).values_list("plan_tasks", *day_fields)
        for task_id, *days in rows.order_by():
            linked.setdefault(task_id, []).append(_first_day(days))
    issued = {plan.pk: plan.issued_on for plan in plans}
    by_plan: dict[int, list[str]] = {pk: [] for pk in ids}
    for task in tasks:
        start = task.start_on or issued[task.plan_id]
        days = [day for day in linked.get(task.pk, []) if _counts_by(start, day, today)]
        progress = _progress(task, updates=updates.get(task.pk, []), linked=days, start=start, today=today)
        by_plan[task.plan_id].append(progress.status)
    return [PlanStatuses(plan=plan, task_statuses=by_plan[plan.pk]) for plan in plans]


@dataclass(frozen=True)
class _TaskRow:
    """What a task's status needs of it."""

    pk: int
    plan_id: int
    start_on: date | None
    deadline: date
    target_kind: str
    target_value: Decimal | None


def plan_status_counts(
    *, user, unit_ids: set[int] | None = None, today: date | None = None, limit: int | None = None
) -> list[dict]:
    """For each plan the user sees (optionally only those of ``unit_ids``, the first ``limit``):
    counts by task status."""
    plans = plan_list(user=user)
    if unit_ids is not None:
        plans = plans.filter(unit_id__in=unit_ids)
    if limit is not None:
        plans = plans[:limit]
    return [
        {"plan": s.plan, "status": s.status, "counts": s.counts, "tasks": s.task_count}
        for s in plan_statuses(user=user, plans=plans, today=today)
    ]


def plan_figures(*, user, unit=None, start: date | None = None, end: date | None = None, day=None) -> dict:
    """Plans issued in the period and their tasks, in total and by the union of ``day`` that issued
    them (``units.rollup``; today by default); each ``by_unit`` row list sums to the totals."""
    rollup = unit_rollup(day=day)
    plans = in_period(plan_list(user=user), "issued_on", start, end)
    if unit is not None:
        plans = plans.filter(unit_id__in=rollup.members_of(unit))
    by_unit = rollup.aggregate(plans, count=Count("pk", distinct=True), tasks=Count("groups__tasks"))
    return {
        "day": rollup.day,
        "plans": plans.count(),
        "tasks": Task.objects.filter(group__plan__in=plans).count(),
        "by_unit": rows_data(by_unit),
    }

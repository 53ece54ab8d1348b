"""Directives, plans and tasks in the global search box, by number and title; plans, task groups and
tasks picked by typing (the central union keeps thousands: an article, a task's group, the task a
progress report is of)."""

from django.utils.translation import gettext_lazy as _

from amity.core.matching import search_group
from amity.core.pickers import Picker

from . import selectors
from .models import Plan, Task, TaskGroup

#: a task group and a task by their titles and their plan's number and title (the plan's own column: a
#: plan renumbered leaves no copy behind on its groups and tasks)
PICKERS = [Picker(Plan), Picker(TaskGroup, related=("plan",)), Picker(Task, related=("group__plan",))]


def search(*, user, query: str) -> list[dict]:
    return [
        search_group(_("Directives"), selectors.directive_list(user=user), query),
        search_group(_("Plans"), selectors.plan_list(user=user), query),
        search_group(_("Tasks"), selectors.task_list(user=user), query),
    ]

"""One FilterSet per list, shared by the UI and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from amity.core.filtersets import AmityFilterSet

from .models import Directive, Plan, ProgressUpdate, Task, TaskGroup


class DirectiveFilterSet(AmityFilterSet):
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label=_("Title"))
    national = django_filters.BooleanFilter(field_name="unit", lookup_expr="isnull", label=_("National"))

    class Meta:
        model = Directive
        fields = ["q", "number", "unit", "national"]


class PlanFilterSet(AmityFilterSet):
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label=_("Title"))

    class Meta:
        model = Plan
        fields = ["q", "number", "directive", "unit"]


class TaskGroupFilterSet(AmityFilterSet):
    class Meta:
        model = TaskGroup
        fields = ["plan"]


class TaskFilterSet(AmityFilterSet):
    deadline_before = django_filters.DateFilter(field_name="deadline", lookup_expr="lte", label=_("Deadline until"))

    class Meta:
        model = Task
        fields = ["group", "group__plan", "responsible_unit", "deadline_before"]


class ProgressUpdateFilterSet(AmityFilterSet):
    class Meta:
        model = ProgressUpdate
        fields = ["task"]

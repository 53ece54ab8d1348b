import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from amity.core.tables import Table

from .choices import TaskStatus
from .models import Directive, Plan, ProgressUpdate, Task, TaskGroup
from .selectors import task_progress


class DirectiveTable(Table):
    number = tables.Column(linkify=True)
    unit = tables.Column(default=_("National"))

    class Meta:
        model = Directive
        fields = ["number", "issued_on", "issuing_body", "title", "unit"]
        attrs = {"class": "table table-sm table-striped"}


class PlanTable(Table):
    number = tables.Column(linkify=True)

    class Meta:
        model = Plan
        fields = ["number", "issued_on", "title", "directive", "unit", "valid_from", "valid_to"]
        attrs = {"class": "table table-sm table-striped"}


class TaskGroupTable(Table):
    title = tables.Column(linkify=True)

    class Meta:
        model = TaskGroup
        fields = ["plan", "number", "title"]
        attrs = {"class": "table table-sm table-striped"}


class TaskTable(Table):
    title = tables.Column(linkify=True)
    status = tables.Column(verbose_name=_("status"), empty_values=(), orderable=False)

    class Meta:
        model = Task
        fields = ["title", "group", "responsible_unit", "deadline", "target_kind", "target_value", "target_unit"]
        sequence = ["title", "group", "responsible_unit", "deadline", "status", "..."]
        attrs = {"class": "table table-sm table-striped"}

    def render_status(self, record):
        return TaskStatus(task_progress(record).status).label


class ProgressUpdateTable(Table):
    task = tables.Column(linkify=True)

    class Meta:
        model = ProgressUpdate
        fields = ["task", "reported_on", "value", "done", "evidence"]
        attrs = {"class": "table table-sm table-striped"}

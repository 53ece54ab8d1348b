from django.utils import timezone

from amity.core.views import ObjectDetailView, ObjectEditView, ObjectListView

from . import filtersets, forms, selectors, services, tables
from .models import Directive, Plan, ProgressUpdate, Task, TaskGroup


class DirectiveListView(ObjectListView):
    model = Directive
    filterset_class = filtersets.DirectiveFilterSet
    table_class = tables.DirectiveTable

    def get_queryset(self):
        return selectors.directive_list(user=self.request.user)


class DirectiveDetailView(ObjectDetailView):
    model = Directive

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["plans"] = selectors.plan_list(user=self.request.user).filter(directive=self.object)
        return ctx


class DirectiveEditView(ObjectEditView):
    model = Directive
    form_class = forms.DirectiveForm


class PlanListView(ObjectListView):
    model = Plan
    filterset_class = filtersets.PlanFilterSet
    table_class = tables.PlanTable

    def get_queryset(self):
        return selectors.plan_list(user=self.request.user)


class PlanDetailView(ObjectDetailView):
    model = Plan

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["summary"] = selectors.plan_summary(user=self.request.user, plan=self.object)
        ctx["children"] = selectors.plan_list(user=self.request.user).filter(parent=self.object)
        ctx["today"] = timezone.localdate()
        return ctx


class PlanEditView(ObjectEditView):
    model = Plan
    form_class = forms.PlanForm


class TaskGroupListView(ObjectListView):
    model = TaskGroup
    filterset_class = filtersets.TaskGroupFilterSet
    table_class = tables.TaskGroupTable
    base_queryset = TaskGroup.objects.select_related("plan")


class TaskGroupDetailView(ObjectDetailView):
    model = TaskGroup


class TaskGroupEditView(ObjectEditView):
    model = TaskGroup
    form_class = forms.TaskGroupForm


class TaskListView(ObjectListView):
    model = Task
    filterset_class = filtersets.TaskFilterSet
    table_class = tables.TaskTable

    def get_queryset(self):
        return selectors.task_list(user=self.request.user)


class TaskDetailView(ObjectDetailView):
    model = Task

    def get_queryset(self):
        return selectors.task_list(user=self.request.user)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["progress"] = progress = selectors.task_progress(self.object)
        ctx["reached"] = selectors.task_reached(self.object, progress)
        ctx["linked"] = [
            (relation, Task._meta.get_field(relation).related_model._meta.verbose_name, record, day)
            for relation, record, day in selectors.task_linked_records(self.object)
        ]
        ctx["updates"] = self.object.updates.all()
        return ctx


class TaskEditView(ObjectEditView):
    model = Task
    form_class = forms.TaskForm
    create_service = staticmethod(services.task_create)


class ProgressUpdateListView(ObjectListView):
    model = ProgressUpdate
    filterset_class = filtersets.ProgressUpdateFilterSet
    table_class = tables.ProgressUpdateTable
    base_queryset = ProgressUpdate.objects.select_related("task")


class ProgressUpdateDetailView(ObjectDetailView):
    model = ProgressUpdate


class ProgressUpdateEditView(ObjectEditView):
    model = ProgressUpdate
    form_class = forms.ProgressUpdateForm
    create_service = staticmethod(services.progress_record)

from amity.core.urls import object_urls

from . import views
from .models import Directive, Plan, ProgressUpdate, Task, TaskGroup

app_name = "plans"

urlpatterns = [
    *object_urls(
        Directive,
        prefix="directives",
        list_view=views.DirectiveListView,
        detail_view=views.DirectiveDetailView,
        edit_view=views.DirectiveEditView,
    ),
    *object_urls(
        Plan,
        prefix="plans",
        list_view=views.PlanListView,
        detail_view=views.PlanDetailView,
        edit_view=views.PlanEditView,
    ),
    *object_urls(
        TaskGroup,
        prefix="groups",
        list_view=views.TaskGroupListView,
        detail_view=views.TaskGroupDetailView,
        edit_view=views.TaskGroupEditView,
    ),
    *object_urls(
        Task,
        prefix="tasks",
        list_view=views.TaskListView,
        detail_view=views.TaskDetailView,
        edit_view=views.TaskEditView,
    ),
    *object_urls(
        ProgressUpdate,
        prefix="progress",
        list_view=views.ProgressUpdateListView,
        detail_view=views.ProgressUpdateDetailView,
        edit_view=views.ProgressUpdateEditView,
    ),
]

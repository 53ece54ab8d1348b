from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers as drf_serializers
from rest_framework.decorators import action, api_view
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from amity.core.api import AmityViewSet
from amity.core.querysets import may_act
from amity.core.replica import reads_from_replica
from amity.units.forms import FIGURES_PARAMETERS, figures_query

from .. import filtersets, selectors, services
from ..models import Directive, Plan, ProgressUpdate, Task, TaskGroup
from . import serializers


class DirectiveViewSet(AmityViewSet):
    queryset = Directive.objects.all()
    serializer_class = serializers.DirectiveSerializer
    filterset_class = filtersets.DirectiveFilterSet
    ordering_fields = ["issued_on", "number"]

    def create(self, request, *args, **kwargs):
        if not may_act(request.user, Directive, "add"):  # viewers: refused before their data is read
            raise PermissionDenied
        return super().create(request, *args, **kwargs)


class PlanViewSet(AmityViewSet):
    queryset = Plan.objects.select_related("directive")
    serializer_class = serializers.PlanSerializer
    filterset_class = filtersets.PlanFilterSet
    ordering_fields = ["issued_on", "number"]

    @extend_schema(
        responses=inline_serializer(
            "PlanProgress",
            fields={
                "status": drf_serializers.CharField(),
                "tasks": drf_serializers.IntegerField(),
                "counts": drf_serializers.DictField(child=drf_serializers.IntegerField()),
            },
        )
    )
    @action(detail=True, methods=["get"])
    def progress(self, request, pk=None):
        """Task counts by status and the plan's rolled-up status."""
        summary = selectors.plan_summary(user=request.user, plan=self.get_object())
        return Response({"status": summary.status, "tasks": summary.task_count, "counts": summary.counts})


class TaskGroupViewSet(AmityViewSet):
    queryset = TaskGroup.objects.all()
    serializer_class = serializers.TaskGroupSerializer
    filterset_class = filtersets.TaskGroupFilterSet
    ordering_fields = ["number"]


class TaskViewSet(AmityViewSet):
    queryset = Task.objects.select_related("group__plan").prefetch_related(
        "updates", "coordinating_units", *selectors.LINKED_RECORDS
    )
    serializer_class = serializers.TaskSerializer
    filterset_class = filtersets.TaskFilterSet
    ordering_fields = ["deadline"]
    create_service = staticmethod(services.task_create)


class ProgressUpdateViewSet(AmityViewSet):
    queryset = ProgressUpdate.objects.select_related("task")
    serializer_class = serializers.ProgressUpdateSerializer
    filterset_class = filtersets.ProgressUpdateFilterSet
    ordering_fields = ["reported_on"]
    create_service = staticmethod(services.progress_record)


@reads_from_replica
@extend_schema(parameters=FIGURES_PARAMETERS, responses=dict)
@api_view(["GET"])
def figures(request):
    """Plans issued in the period and their tasks, by union of ``day``."""
    return Response(selectors.plan_figures(user=request.user, **figures_query(request)))

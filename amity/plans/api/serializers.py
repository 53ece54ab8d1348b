from rest_framework import serializers

from amity.core.api import AmitySerializer, NationalOrUnitSerializerMixin

from ..forms import NATIONAL_REFUSED
from ..models import Directive, Plan, ProgressUpdate, Task, TaskGroup
from ..selectors import task_progress


class DirectiveSerializer(NationalOrUnitSerializerMixin, AmitySerializer):
    """``unit`` null is a national directive, which only central administrators send."""

    national_refused = NATIONAL_REFUSED

    class Meta:
        model = Directive
        exclude = ["deleted_at", "search_name"]


class PlanSerializer(AmitySerializer):
    class Meta:
        model = Plan
        exclude = ["deleted_at", "search_name"]


class TaskGroupSerializer(AmitySerializer):
    class Meta:
        model = TaskGroup
        exclude = ["deleted_at", "search_name"]


class TaskSerializer(AmitySerializer):
    status = serializers.SerializerMethodField()

    class Meta:
        model = Task
        exclude = ["deleted_at", "search_name"]

    def get_status(self, obj) -> str:
        return task_progress(obj).status


class ProgressUpdateSerializer(AmitySerializer):
    class Meta:
        model = ProgressUpdate
        exclude = ["deleted_at"]

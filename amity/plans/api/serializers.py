from django.core.exceptions import ValidationError
from rest_framework import serializers

from amity.core.api import AmitySerializer

from ..forms import directive_unit_check
from ..models import Directive, Plan, ProgressUpdate, Task, TaskGroup
from ..selectors import task_progress


class DirectiveSerializer(AmitySerializer):
    """``unit`` null is a national directive, which only central administrators send."""

    class Meta:
        model = Directive
        exclude = ["deleted_at"]

    def validate_unit(self, unit):
        try:
            directive_unit_check(user=self.context["request"].user, unit=unit)
        except ValidationError as exc:
            raise serializers.ValidationError(exc.messages) from exc
        return unit

    def validate(self, attrs):
        if self.instance is None and "unit" not in attrs:  # left out: national, checked like null
            try:
                self.validate_unit(None)
            except serializers.ValidationError as exc:
                raise serializers.ValidationError({"unit": exc.detail}) from exc
        return super().validate(attrs)


class PlanSerializer(AmitySerializer):
    class Meta:
        model = Plan
        exclude = ["deleted_at"]


class TaskGroupSerializer(AmitySerializer):
    class Meta:
        model = TaskGroup
        exclude = ["deleted_at"]


class TaskSerializer(AmitySerializer):
    status = serializers.SerializerMethodField()

    class Meta:
        model = Task
        exclude = ["deleted_at"]

    def get_status(self, obj) -> str:
        return task_progress(obj).status


class ProgressUpdateSerializer(AmitySerializer):
    class Meta:
        model = ProgressUpdate
        exclude = ["deleted_at"]

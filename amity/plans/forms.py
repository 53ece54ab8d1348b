from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from amity.core.forms import AmityModelForm, DateInput
from amity.core.querysets import may_write_for_units

from .models import Directive, Plan, ProgressUpdate, Task, TaskGroup

NATIONAL_LABEL = _("National (issued above the unions)")
NATIONAL_REFUSED = _("Only the central union records a national directive: choose the union that issued it.")


def directive_unit_check(*, user, unit) -> None:
    """Refuse a directive without a unit (national) from anyone but a central administrator; the
    form and the API serializer both call it."""
    if unit is None and not may_write_for_units(user, ()):
        raise ValidationError(NATIONAL_REFUSED, code="national")


class DirectiveForm(AmityModelForm):
    """The unit offers the user's units; "national" (no unit) only to central administrators."""

    class Meta:
        model = Directive
        fields = ["unit", "number", "issued_on", "issuing_body", "title", "text", "document"]
        widgets = {"issued_on": DateInput()}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        field = self.fields["unit"]
        if may_write_for_units(user, ()):
            field.empty_label = NATIONAL_LABEL
        elif not self.instance.pk:
            field.required = True
            field.empty_label = None

    def clean_unit(self):
        unit = self.cleaned_data.get("unit")
        directive_unit_check(user=self.user, unit=unit)
        return unit


class PlanForm(AmityModelForm):
    class Meta:
        model = Plan
        fields = [
            "unit",
            "directive",
            "parent",
            "number",
            "issued_on",
            "issuing_body",
            "title",
            "valid_from",
            "valid_to",
            "notes",
        ]
        widgets = {f: DateInput() for f in ["issued_on", "valid_from", "valid_to"]}


class TaskGroupForm(AmityModelForm):
    class Meta:
        model = TaskGroup
        fields = ["plan", "number", "title", "description"]


class TaskForm(AmityModelForm):
    class Meta:
        model = Task
        fields = [
            "group",
            "title",
            "responsible_unit",
            "coordinating_units",
            "start_on",
            "deadline",
            "target_kind",
            "target_value",
            "target_unit",
            "agreements",
            "activities",
            "aid_items",
            "notes",
        ]
        widgets = {"start_on": DateInput(), "deadline": DateInput()}


class ProgressUpdateForm(AmityModelForm):
    class Meta:
        model = ProgressUpdate
        fields = ["task", "reported_on", "value", "done", "evidence", "evidence_file"]
        widgets = {"reported_on": DateInput()}

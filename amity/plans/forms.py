from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from amity.core.forms import AmityModelForm, DateInput, NationalOrUnitFormMixin

from .models import Directive, Plan, ProgressUpdate, Task, TaskGroup

NATIONAL_LABEL = _("National (issued above the unions)")
NATIONAL_REFUSED = _("Only the central union records a national directive: choose the union that issued it.")


class DirectiveForm(NationalOrUnitFormMixin, AmityModelForm):
    """The unit offers the user's units; "national" (no unit) only to central administrators."""

    national_label = NATIONAL_LABEL
    national_refused = NATIONAL_REFUSED

    class Meta:
        model = Directive
        fields = ["unit", "number", "issued_on", "issuing_body", "title", "text", "document"]
        widgets = {"issued_on": DateInput()}


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
    """Added from its plan, a group takes the plan's next number."""

    class Meta:
        model = TaskGroup
        fields = ["plan", "number", "title", "description"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plan = self.initial_record("plan")
        if plan is not None and not self.initial.get("number"):
            self.initial["number"] = (plan.groups.aggregate(last=Max("number"))["last"] or 0) + 1


class TaskForm(AmityModelForm):
    """Added from its group, a task is led by default by the union whose plan it is."""

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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        group = self.initial_record("group")
        if group is not None and not self.initial.get("responsible_unit"):
            self.initial["responsible_unit"] = group.plan.unit_id


class ProgressUpdateForm(AmityModelForm):
    class Meta:
        model = ProgressUpdate
        fields = ["task", "reported_on", "value", "done", "evidence", "evidence_file"]
        widgets = {"reported_on": DateInput()}

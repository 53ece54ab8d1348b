"""Directives, the plans that implement them, their task groups, tasks and progress."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext, pgettext_lazy

from amity.core.dates import dates_in_order
from amity.core.models import AmityModel, SearchNameMixin, UnitOwnedModel
from amity.core.querysets import AllNationalOrUnitManager, NationalOrUnitManager

from .choices import TargetKind

#: Actions by which a task's responsible unit (and, to read, its coordinating units) reach it.
READ_ACTIONS = ("view", "export")


def _shared(path: str, *, write: tuple[str, ...] = ()) -> dict[str, tuple[str, ...]]:
    """``shared_unit_paths`` for a record reached through a task at ``path`` ("" for the task)."""
    prefix = f"{path}__" if path else ""
    paths = {action: (f"{prefix}responsible_unit", f"{prefix}coordinating_units") for action in READ_ACTIONS}
    paths.update({action: (f"{prefix}responsible_unit",) for action in write})
    return paths


class Directive(SearchNameMixin, AmityModel):
    """A directive or resolution that plans implement, read by every union. Without a unit it was
    issued above the unions (Directive 12-CT/TW) and only the central union writes it; with one
    (a provincial Party committee's resolution) that unit's subtree writes it."""

    unit = models.ForeignKey(
        "units.Unit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("unit"),
        help_text=_("The union whose Party committee issued it; empty for a national directive."),
    )

    number = models.CharField(_("number and symbol"), max_length=60, unique=True, help_text=_("E.g. 12-CT/TW"))
    issued_on = models.DateField(_("issued on"))
    issuing_body = models.CharField(_("issuing body"), max_length=255)
    title = models.CharField(_("title"), max_length=500)
    text = models.TextField(_("text"), blank=True)
    document = models.FileField(_("document"), upload_to="directives/%Y/", blank=True)
    search_name = models.CharField(max_length=600, editable=False)
    search_from = ("number", "title")

    objects = NationalOrUnitManager()
    all_objects = AllNationalOrUnitManager()

    class Meta(AmityModel.Meta):
        verbose_name = _("directive")
        verbose_name_plural = _("directives")
        ordering = ["-issued_on", "number"]

    def __str__(self) -> str:
        return f"{self.number} – {self.title}"


class Plan(SearchNameMixin, UnitOwnedModel):
    """A unit's plan implementing a directive, or a parent plan at the level above."""

    directive = models.ForeignKey(
        Directive,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plans",
        verbose_name=_("directive implemented"),
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("parent plan"),
    )
    number = models.CharField(_("number and symbol"), max_length=60, help_text=_("E.g. 56-KH/TU"))
    issued_on = models.DateField(_("issued on"))
    issuing_body = models.CharField(_("issuing body"), max_length=255, blank=True)
    title = models.CharField(_("title"), max_length=500)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    search_name = models.CharField(max_length=600, editable=False)
    search_from = ("number", "title")

    #: The units a task is assigned to, or that coordinate it, see the plan's header.
    shared_unit_paths = _shared("groups__tasks")

    class Meta(UnitOwnedModel.Meta):
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-issued_on", "number"]

    def __str__(self) -> str:
        return f"{self.number} – {self.title}"

    def clean(self):
        if not self.directive_id and not self.parent_id:
            raise ValidationError({"directive": _("A plan implements a directive or a parent plan.")})
        if self.parent_id and self.pk and self.parent_id == self.pk:
            raise ValidationError({"parent": _("A plan cannot implement itself.")})
        dates_in_order(self.valid_from, self.valid_to, end_field="valid_to")


class TaskGroup(SearchNameMixin, AmityModel):
    """A group of tasks of a plan ("task and solution", "direction"). Found by its title (kept in
    ``search_name``) and by its plan's number and title, read from the plan's own column when searched
    (``plans.search``): a plan renumbered leaves no group's column behind."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="groups", verbose_name=_("plan"))
    number = models.PositiveSmallIntegerField(pgettext_lazy("ordinal", "number"))
    title = models.CharField(_("title"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    search_name = models.CharField(max_length=500, editable=False)
    search_from = ("title",)

    unit_path = "plan__unit"
    shared_unit_paths = _shared("tasks")

    class Meta(AmityModel.Meta):
        verbose_name = _("task group")
        verbose_name_plural = _("task groups")
        ordering = ["plan", "number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Task(SearchNameMixin, AmityModel):
    """A task with a deadline and a target; its status comes from its progress updates."""

    group = models.ForeignKey(TaskGroup, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("task group"))
    title = models.CharField(_("title"), max_length=500)
    responsible_unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("responsible unit")
    )
    coordinating_units = models.ManyToManyField(
        "units.Unit", blank=True, related_name="+", verbose_name=_("coordinating units")
    )
    start_on = models.DateField(_("start"), null=True, blank=True, help_text=_("The plan's date if empty."))
    deadline = models.DateField(_("deadline"))
    target_kind = models.CharField(_("target kind"), max_length=10, choices=TargetKind.choices)
    target_value = models.DecimalField(_("target value"), max_digits=14, decimal_places=2, null=True, blank=True)
    target_unit = models.CharField(_("unit of the target"), max_length=60, blank=True, help_text=_("E.g. delegations"))
    agreements = models.ManyToManyField(
        "registry.Agreement", blank=True, related_name="plan_tasks", verbose_name=_("agreements counted")
    )
    activities = models.ManyToManyField(
        "activities.Activity", blank=True, related_name="plan_tasks", verbose_name=_("activities counted")
    )
    aid_items = models.ManyToManyField(
        "aid.AidItem", blank=True, related_name="plan_tasks", verbose_name=_("aid items counted")
    )
    notes = models.TextField(_("notes"), blank=True)
    search_name = models.CharField(max_length=500, editable=False)
    search_from = ("title",)

    unit_path = "group__plan__unit"
    #: The responsible unit's users read the task and record progress on it ("add" under it);
    #: coordinating units read it. Changing the task itself stays with the plan's unit.
    shared_unit_paths = _shared("", write=("add",))

    class Meta(AmityModel.Meta):
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["group__plan", "group__number", "deadline", "pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        if self.target_kind == TargetKind.NUMBER and (self.target_value is None or self.target_value <= 0):
            raise ValidationError({"target_value": _("A numeric target needs a value above zero.")})
        if self.target_kind == TargetKind.YES_NO and self.target_value is not None:
            raise ValidationError({"target_value": _("A done/not done target has no value.")})
        if self.start_on and self.deadline and self.deadline < self.start_on:
            raise ValidationError({"deadline": _("The deadline is before the start.")})

    @property
    def target_display(self) -> str:
        if self.target_kind == TargetKind.YES_NO:
            return pgettext("task target", "Completion")
        return f"{self.target_value.normalize():f} {self.target_unit}".strip()


class ProgressUpdate(AmityModel):
    """What was achieved by a date: the value reached so far (or done), with evidence."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="updates", verbose_name=_("task"))
    reported_on = models.DateField(_("date"))
    value = models.DecimalField(
        _("value reached"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Cumulative value for a numeric target."),
    )
    done = models.BooleanField(_("done"), default=False)
    evidence = models.TextField(_("evidence"), blank=True)
    evidence_file = models.FileField(_("evidence file"), upload_to="plans/evidence/%Y/", blank=True)

    unit_path = "task__group__plan__unit"
    #: The responsible unit's users record, correct and withdraw progress; coordinating units read it.
    shared_unit_paths = _shared("task", write=("add", "change", "delete"))

    class Meta(AmityModel.Meta):
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["task", "-reported_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.task} – {self.reported_on:%d/%m/%Y}"

    def clean(self):
        if self.value is not None and self.value < Decimal(0):
            raise ValidationError({"value": _("The value cannot be negative.")})
        if self.task_id and self.task.target_kind == TargetKind.NUMBER and self.value is None and not self.done:
            raise ValidationError({"value": _("Give the value reached for a numeric target.")})

    def get_absolute_url(self) -> str:
        return self.task.get_absolute_url()

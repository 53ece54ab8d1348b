"""Who writes the aid lifecycle rules: a province configures its own workflow, not another's."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from amity.core.access import is_central_admin, unit_ids_for_user
from amity.core.querysets import LiveManager, RestrictedQuerySet

WORKFLOW_UNITS_MESSAGE = _(
    "Choose units you administer: the national workflow and those of other units are set by the central union."
)


class WorkflowQuerySet(RestrictedQuerySet):
    """Everyone reads the workflows. A workflow that lists units is written by the administrators
    whose units include every one of them (a province configures its own); the national default
    (no units) and a workflow reaching beyond the user's units only by administrators of the
    central union (``core.querysets.may_write_for_units`` answers the same for a new workflow).
    Steps and transitions follow their workflow (``workflow_lookup``)."""

    workflow_lookup = "pk"

    def restrict(self, user, action: str = "view"):
        if action in {"view", "export"} or user is None or not user.is_authenticated or user.is_superuser:
            return super().restrict(user, action)
        if is_central_admin(user):
            return self
        ids = unit_ids_for_user(user, "manage")
        if not ids:
            return self.none()
        through = self._workflow_units()
        inside = through.objects.filter(unit_id__in=ids).values("workflow_id")
        outside = through.objects.exclude(unit_id__in=ids).values("workflow_id")
        lookup = f"{self.workflow_lookup}__in"
        return self.filter(**{lookup: inside}).exclude(**{lookup: outside})

    def _workflow_units(self):
        lookup = self.workflow_lookup
        workflow = self.model if lookup == "pk" else self.model._meta.get_field(lookup).related_model
        return workflow.units.through


class WorkflowPartQuerySet(WorkflowQuerySet):
    """Steps and transitions: written by whoever may write their workflow."""

    workflow_lookup = "workflow"


WorkflowManager = LiveManager.from_queryset(WorkflowQuerySet)
AllWorkflowsManager = models.Manager.from_queryset(WorkflowQuerySet)
WorkflowPartManager = LiveManager.from_queryset(WorkflowPartQuerySet)
AllWorkflowPartsManager = models.Manager.from_queryset(WorkflowPartQuerySet)

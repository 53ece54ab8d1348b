"""Writes of plans. Each takes the acting user; callers have checked the right."""

from django.db import transaction

from amity.audit.services import event_record
from amity.core.services import model_create

from .models import ProgressUpdate, Task


@transaction.atomic
def progress_record(*, actor, data: dict) -> ProgressUpdate:
    """Record progress on a task and note the transition in the audit log."""
    update = model_create(model=ProgressUpdate, data=data, actor=actor)
    event_record(
        instance=update.task,
        event="plans.progress_recorded",
        data={"date": update.reported_on.isoformat(), "value": str(update.value), "done": update.done},
    )
    return update


@transaction.atomic
def task_create(*, actor, data: dict) -> Task:
    return model_create(model=Task, data=data, actor=actor)

"""Writes to the audit trail other than the automatic change log."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from .context import current_context
from .models import ExportLog, ObjectChange
from .signals import record_change


def event_record(*, instance, event: str, message: str = "", data: dict | None = None) -> ObjectChange:
    """A typed business event on a record, e.g. ``aid.approved`` with the decision number."""
    return record_change(
        instance, action=ObjectChange.Action.EVENT, before=None, after=data, event=event, message=message
    )


def export_record(*, actor, model, format: str, row_count: int, query: str = "", personal: bool = False) -> ExportLog:
    actor = actor or current_context().resolve_actor()
    return ExportLog.objects.create(
        actor=actor,
        actor_name=actor.get_username() if actor else "",
        content_type=ContentType.objects.get_for_model(model),
        format=format,
        row_count=row_count,
        query=query[:2000],
        personal=personal,
    )


@transaction.atomic
def object_restore(*, actor, instance):
    """Bring back a soft-deleted record; the change log records the restore."""
    instance.deleted_at = None
    instance.save()
    return instance

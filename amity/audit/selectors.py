"""Reads of the change log, scoped like everything else."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from amity.core.personal import HIDDEN_VALUE, hidden_fields, hidden_label, label_is_hidden

from .display import describe
from .models import ExportLog, ObjectChange


def object_change_list(*, user) -> QuerySet[ObjectChange]:
    return ObjectChange.objects.restrict(user).select_related("content_type", "actor", "unit")


def object_history(*, instance) -> QuerySet[ObjectChange]:
    """Every change of one record; callers have already checked the user may view it."""
    ct = ContentType.objects.get_for_model(type(instance), for_concrete_model=False)
    return ObjectChange.objects.filter(content_type=ct, object_id=str(instance.pk)).select_related(
        "actor", "content_type"
    )


def shown_repr(change: ObjectChange, visible: set[int] | None) -> str:
    """The record's name as logged, or "<type> #id" where it names a person the viewer may not see."""
    model = change.content_type.model_class()
    if model is not None and label_is_hidden(model, change.unit_id, visible):
        return hidden_label(model, change.object_id)
    return change.object_repr


def shown_diff(change: ObjectChange, visible: set[int] | None) -> list[tuple[str, object, object]]:
    """``change.diff`` with personal values masked for a viewer outside the record's unit."""
    hidden = hidden_fields(change.content_type.model_class(), change.unit_id, visible)

    def shown(field, value):
        masked = hidden is None or field in hidden
        return HIDDEN_VALUE if masked and value not in (None, "") else value

    return [(field, shown(field, before), shown(field, after)) for field, before, after in change.diff]


def shows_personal(change: ObjectChange, visible: set[int] | None) -> bool:
    """Whether ``change``, as shown to a viewer reaching ``visible``, holds a personal value in
    clear: such a page is a view of personal data and is logged like a list of people."""
    model = change.content_type.model_class()
    personal = set(getattr(model, "personal_fields", ()))
    if not personal and not getattr(model, "personal_data", False):
        return False
    hidden = hidden_fields(model, change.unit_id, visible)
    if hidden is None:
        return False
    return any(
        (getattr(model, "personal_data", False) or field in personal)
        and field not in hidden
        and (before not in (None, "") or after not in (None, ""))
        for field, before, after in change.diff
    )


def redact(changes: list[ObjectChange], visible: set[int] | None) -> list[ObjectChange]:
    """Attach ``shown_repr`` and ``shown_diff`` to each change: what templates show of it, personal
    values masked, fields by their labels and values as the reader reads them (``display``)."""
    for change in changes:
        change.shown_repr = shown_repr(change, visible)
        change.shown_diff = shown_diff(change, visible)
    describe(changes, visible)
    return changes


def deletions_of(model, pks) -> dict:
    """{pk: the change that deleted it} for records of ``model`` (the latest deletion of each)."""
    ct = ContentType.objects.get_for_model(model, for_concrete_model=False)
    found = ObjectChange.objects.filter(
        content_type=ct, object_id__in=[str(pk) for pk in pks], action=ObjectChange.Action.DELETE
    ).order_by("time", "pk")
    return {int(change.object_id): change for change in found}


def export_log_list(*, user) -> QuerySet[ExportLog]:
    return ExportLog.objects.restrict(user).select_related("content_type")

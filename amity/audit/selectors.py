"""Reads of the change log, scoped like everything else."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from amity.units.selectors import unit_ids_for_user

from .models import ExportLog, ObjectChange


def object_change_list(*, user) -> QuerySet[ObjectChange]:
    """Changes in the units where the user holds the "audit" right (admins and auditors)."""
    qs = ObjectChange.objects.select_related("content_type", "actor", "unit")
    if user.is_superuser:
        return qs
    return qs.filter(unit_id__in=unit_ids_for_user(user, "audit"))


def object_history(*, instance) -> QuerySet[ObjectChange]:
    """Every change of one record; callers have already checked the user may view it."""
    ct = ContentType.objects.get_for_model(type(instance), for_concrete_model=False)
    return ObjectChange.objects.filter(content_type=ct, object_id=str(instance.pk)).select_related("actor")


def export_log_list(*, user) -> QuerySet[ExportLog]:
    qs = ExportLog.objects.select_related("content_type")
    if user.is_superuser:
        return qs
    audited = unit_ids_for_user(user, "audit")
    return qs.filter(actor__memberships__unit_id__in=audited).distinct() if audited else qs.filter(actor=user)

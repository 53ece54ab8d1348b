"""Generic writes every app's services build on: validated create, conflict-checked update, soft delete."""

from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from amity.core.context import actor_context
from amity.core.models import AmityModel
from amity.core.personal import neutral_label
from amity.core.trail import trail

M = TypeVar("M", bound=models.Model)
A = TypeVar("A", bound=AmityModel)


class ConflictError(ValidationError):
    """Someone else saved the record after the caller loaded it."""


def _apply(instance: models.Model, data: dict[str, Any]) -> list[tuple[str, Any]]:
    """Set plain fields; return (field, values) pairs for many-to-many fields to set after saving."""
    m2m = []
    names = {f.name: f for f in instance._meta.get_fields()}
    for name, value in data.items():
        field = names.get(name)
        if field is not None and field.many_to_many:
            m2m.append((name, value))
        else:
            setattr(instance, name, value)
    return m2m


def _save(instance: M, data: dict[str, Any], actor) -> M:
    """``data`` into the record, checked by ``full_clean()``, saved with its many-to-many values,
    logged with ``actor`` (the change context's, or this one's when none is open)."""
    m2m = _apply(instance, data)
    instance.full_clean()
    with actor_context(actor):
        instance.save()
        for name, value in m2m:
            getattr(instance, name).set(value)
    return instance


@transaction.atomic
def model_create(*, model: type[M], data: dict[str, Any], actor=None) -> M:
    """Create a record after ``full_clean()``; many-to-many values may be in ``data``."""
    return _save(model(), data, actor)


@transaction.atomic
def model_update(*, instance: A, data: dict[str, Any], actor=None, expected_version: int | None = None) -> A:
    """Update a record, refusing if it changed since version ``expected_version`` was read."""
    current = type(instance).all_objects.select_for_update().filter(pk=instance.pk).values("version", "updated").first()
    if current is None:
        raise ValidationError(_("This record no longer exists."))
    if expected_version is not None and current["version"] != int(expected_version):
        last = trail().object_history(instance=instance).first()
        who = last.actor_name if last and last.actor_name else _("another user")
        raise ConflictError(
            _(
                "%(who)s saved this record at %(when)s, after you opened it. Your changes were not saved; "
                "reload the page to see the current version and apply your changes again."
            )
            % {"who": who, "when": date_format(timezone.localtime(current["updated"]), "DATETIME_FORMAT")},
            code="conflict",
        )
    instance.version = current["version"]
    return _save(instance, data, actor)


@transaction.atomic
def model_delete(*, instance: models.Model, actor=None) -> None:
    """Soft delete: the record and its children (``core.models.child_relations``) disappear from
    lists; they come back together when the record is restored."""
    with actor_context(actor):
        instance.delete()


@transaction.atomic
def model_restore(*, instance: A, actor=None) -> A:
    """Bring back a soft-deleted record with the children deleted with it. A record deleted with
    its parent comes back with that parent only: restoring it alone is refused, naming the parent."""
    if not instance.is_deleted:
        raise ValidationError(_("This record is not deleted."), code="not_deleted")
    parents = instance.deleted_parents()
    if parents:
        raise ValidationError(
            _("%(type)s “%(record)s” is deleted: restore it first, and this record comes back with it.")
            % {"type": capfirst(parents[0]._meta.verbose_name), "record": neutral_label(parents[0])},
            code="parent_deleted",
        )
    with actor_context(actor):
        instance.restore_with_children()
    return instance


def blanks_fill(record: models.Model, values: dict[str, Any]) -> bool:
    """Set the fields of ``values`` that ``record`` has empty, keeping what someone filled, and save
    those fields only (reference lists loaded again, the migrations that name their rows): whether
    any was empty."""
    blank = {name: value for name, value in values.items() if value and not getattr(record, name)}
    for name, value in blank.items():
        setattr(record, name, value)
    if blank:
        record.save(update_fields=list(blank))
    return bool(blank)

"""What of a person a viewer may see (Law 91/2025/QH15): names and contacts stay inside their unit.

Models say which of their fields are personal (``personal_fields``, or every field when
``personal_data``) and whether their ``str()`` names a person (``str_names_person``). Labels,
history pages and the audit log ask here, so the rule is written once.
"""

from django.utils.text import capfirst

from .access import unit_ids_for_user
from .querysets import owning_unit_id

HIDDEN_VALUE = "•••"


def personal_unit_ids(user) -> set[int] | None:
    """Units whose personal data the user may see; ``None`` means all (superuser)."""
    return None if user.is_superuser else unit_ids_for_user(user, "view_personal")


def _visible(unit_id, visible: set[int] | None) -> bool:
    return visible is None or unit_id in visible


def label_is_hidden(model, unit_id, visible: set[int] | None) -> bool:
    names_person = getattr(model, "str_names_person", False) or getattr(model, "personal_data", False)
    return names_person and not _visible(unit_id, visible)


def hidden_label(model, pk) -> str:
    return f"{capfirst(model._meta.verbose_name)} #{pk}"


def record_label(obj, user) -> str:
    """``str(obj)``, or "<type> #id" where it would name a person the user may not see."""
    if label_is_hidden(type(obj), owning_unit_id(obj), personal_unit_ids(user)):
        return hidden_label(type(obj), obj.pk)
    return str(obj)


def hidden_fields(model, unit_id, visible: set[int] | None) -> frozenset[str] | None:
    """Field names whose values the viewer may not see; ``None`` means every field."""
    if model is None or _visible(unit_id, visible):
        return frozenset()
    if getattr(model, "personal_data", False):
        return None
    return frozenset(getattr(model, "personal_fields", ()))

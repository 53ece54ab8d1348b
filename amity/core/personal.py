"""What of a person a viewer may see (Law 91/2025/QH15): names and contacts stay inside their unit.

Models say which of their fields are personal (``personal_fields``, or every field when
``personal_data``) and whether their ``str()`` names a person (``str_names_person``). Labels,
history pages and the audit log ask here, so the rule is written once.

Whose names a user may see is one rule, applied by the people's own door: the rows of the person
model in ``restrict(user, "view_personal")``. Screens that name people through another record (an
organisation's members, an award's recipient, a delegation) annotate or filter with it here.
"""

from django.db.models import Exists, OuterRef, QuerySet
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .access import unit_ids_for_user
from .compiled import exists
from .querysets import owning_unit_id

HIDDEN_VALUE = "•••"
#: What a screen says where it would name a person the viewer may not see.
HIDDEN_NAME = _("(name not shown: personal data)")


def personal_unit_ids(user) -> set[int] | None:
    """Units whose personal data the user may see; ``None`` means all (superuser)."""
    return None if user.is_superuser else unit_ids_for_user(user, "view_personal")


def people_in_sight(model, *, user) -> QuerySet:
    """The rows of ``model`` (a person model) whose names and personal data ``user`` may see."""
    return model.objects.restrict(user, "view_personal")


def with_names_visible(queryset: QuerySet, *, user, via: str = "person") -> QuerySet:
    """``queryset`` annotated with ``<via>_visible``: whether the person its ``via`` foreign key
    names is one ``user`` may see (False where there is none)."""
    person_model = queryset.model._meta.get_field(via).related_model
    seen = people_in_sight(person_model, user=user).filter(pk=OuterRef(via))
    return queryset.annotate(**{f"{via}_visible": Exists(seen)})


def names_all_in_sight(*, user, model) -> bool:
    """Whether every record of ``model`` that ``user`` may view names someone they may see: their
    reach for personal data covers their reach for viewing (a provincial union's staff, in their
    province), so that a list restricted to what they view hides no name, without asking the
    database (which would read every row of it to find none)."""
    if user.is_superuser:
        return True
    shared = getattr(model, "shared_unit_paths", {})
    if shared.get("view") or shared.get("view_personal"):
        return False
    return unit_ids_for_user(user, "view") <= unit_ids_for_user(user, "view_personal")


def names_hidden(*, user, queryset: QuerySet) -> bool:
    """Whether some row of ``queryset`` (of a person model) names someone ``user`` may not see.
    Asked as a row without a match among the people in sight (``NOT EXISTS``), which PostgreSQL
    answers at the first such row; as ``NOT IN`` their list it read every one of them first (the
    central union's own compatriots: ~60,000 of a million). Its SQL is compiled once per shape of
    the list and of the people in sight (``core.compiled.exists``: building it was a fifth of the
    central union's compatriots list in the API)."""
    if user.is_superuser:
        return False
    in_sight = people_in_sight(queryset.model, user=user)
    return exists(
        "names hidden", (queryset, in_sight), lambda: queryset.filter(~Exists(in_sight.filter(pk=OuterRef("pk"))))
    )


def _visible(unit_id, visible: set[int] | None) -> bool:
    return visible is None or unit_id in visible


def label_is_hidden(model, unit_id, visible: set[int] | None) -> bool:
    names_person = getattr(model, "str_names_person", False) or getattr(model, "personal_data", False)
    return names_person and not _visible(unit_id, visible)


def hidden_label(model, pk) -> str:
    return f"{capfirst(model._meta.verbose_name)} #{pk}"


def neutral_label(obj) -> str:
    """``str(obj)``, or "<type> #id" where it names a person: for texts written for whoever reads
    them later (the change log's messages), which may be someone outside the person's unit."""
    if label_is_hidden(type(obj), None, set()):
        return hidden_label(type(obj), obj.pk)
    return str(obj)


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

"""The one way records are fetched: restrict(user, action) applies role and unit subtree."""

from typing import TypeVar

from django.db import models
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce

from .access import is_central_admin, reaches_every_unit, unit_descendant_ids, unit_ids_for_user

_M = TypeVar("_M", bound=models.Model)

WRITE_ACTIONS = frozenset({"add", "change", "delete"})


def count_of(rows: models.QuerySet, link: str) -> Coalesce:
    """How many of ``rows`` name the outer query's record by ``link``, 0 for none, as an annotation:
    a subquery counted for the rows a page reads, not every record joined to its rows and grouped
    before the first is known (the central union's 50,000 organisations, 20,000 award decisions)."""
    per_record = rows.filter(**{link: OuterRef("pk")}).order_by().values(link).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(per_record), 0)


def required_action(model, action: str) -> str:
    """The action a user needs on ``model`` for ``action``: a model whose ``write_action`` is set
    (units and memberships, the access structure itself) needs that action for every write."""
    write_action = getattr(model, "write_action", None)
    return write_action if write_action and action in WRITE_ACTIONS else action


def may_write_shared(user, model) -> bool:
    """Whether ``user`` may write shared reference data of ``model`` (``unit_path = None``):
    administrators of any unit, or of the central union only for a ``central_reference`` model."""

    if user.is_superuser:
        return True
    if getattr(model, "central_reference", False):
        return is_central_admin(user)
    return bool(unit_ids_for_user(user, "manage"))


def may_write_for_units(user, unit_ids, action: str = "manage") -> bool:
    """Whether ``user`` may ``action`` a record that applies to ``unit_ids``: with none it is
    national (issued above the unions), written only by administrators of the central union;
    otherwise every one of those units must be within the user's reach for ``action``."""

    if user.is_superuser or is_central_admin(user):
        return True
    unit_ids = set(unit_ids) - {None}
    return bool(unit_ids) and unit_ids <= unit_ids_for_user(user, action)


def may_act(user, model, action: str) -> bool:
    """Whether ``user`` may ``action`` some record of ``model`` at all (e.g. to offer "Add")."""

    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    if getattr(model, "unit_path", "unit") is None and action not in {"view", "export"}:
        return may_write_shared(user, model)
    return bool(unit_ids_for_user(user, required_action(model, action)))


def owning_unit_id(record) -> int | None:
    """Follow ``unit_path`` ("unit", "person__unit", "self") to the owning unit's id; ``None`` for
    shared reference data, which belongs to no unit."""
    path = getattr(record, "unit_path", "unit")
    if path is None:
        return None
    if path == "self":
        return record.pk
    target = record
    parts = path.split("__")
    for part in parts[:-1]:
        target = getattr(target, part, None)
        if target is None:
            return None
    return getattr(target, f"{parts[-1]}_id", None)


def owning_unit_ids(records) -> set[int]:
    """Ids of the units that own ``records`` (a queryset or instances) through ``unit_path``."""
    if isinstance(records, models.QuerySet):
        path = getattr(records.model, "unit_path", "unit")
        if path is None:
            return set()
        column = "pk" if path == "self" else path
        return set(records.order_by().values_list(column, flat=True).distinct()) - {None}
    return {owning_unit_id(record) for record in records} - {None}


def owner_field(model) -> str:
    """The form/serializer field that decides where a new record belongs ("parent" for units)."""
    path = getattr(model, "unit_path", None) or ""
    return "parent" if path == "self" else path.split("__")[0]


def _live_chain(model, path: str) -> dict:
    """Lookups that keep every audited record crossed by ``path`` (but the last) not deleted."""
    lookups, prefix = {}, []
    for name in path.split("__")[:-1]:
        field = model._meta.get_field(name)
        model = field.related_model
        prefix.append(name)
        if any(f.name == "deleted_at" for f in model._meta.concrete_fields):
            lookups["__".join([*prefix, "deleted_at__isnull"])] = True
    return lookups


class RestrictedQuerySet(models.QuerySet[_M, _M]):
    """QuerySet whose rows belong to units (through ``Model.unit_path``).

    A model may also be shared with other units for some actions through
    ``shared_unit_paths = {action: (path, ...)}``: a row is then reached through its owner's unit
    or through any unit those paths lead to (e.g. a plan's task through the unit responsible for
    it), for those actions only.
    """

    def restrict(self, user, action: str = "view"):

        if user is None or not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        if getattr(self.model, "personal_data", False) and action in {"view", "export"}:
            action = "view_personal"  # people are seen only where their personal data may be
        unit_path = getattr(self.model, "unit_path", "unit")
        if unit_path is None:  # shared reference data: everyone reads, administrators edit
            return self if action in {"view", "export"} or may_write_shared(user, self.model) else self.none()
        lookup = "pk__in" if unit_path == "self" else f"{unit_path}__in"
        ids = unit_ids_for_user(user, action)
        if reaches_every_unit(user, action):  # the same rows as the list of every unit's id
            return self if unit_path == "self" else self.filter(**{f"{unit_path}__isnull": False})
        reach = Q(**{lookup: ids})
        for path in getattr(self.model, "shared_unit_paths", {}).get(action, ()):
            shared = self.model._base_manager.filter(**{f"{path}__in": ids}, **_live_chain(self.model, path))
            reach |= Q(pk__in=shared.values("pk"))
        return self.filter(reach)

    def within(self, unit, day=None):
        """Rows owned by ``unit``'s subtree and the units merged into it (by ``day``, when given);
        all rows when ``unit`` is None. Apply after ``restrict()``: it narrows, it grants nothing."""
        return self.filter(within_q(self.model, unit, day))

    def valid_on(self, day):
        """Rows standing on ``day`` (``valid_on_q``)."""
        return self.filter(valid_on_q(day))

    def delete(self):
        """Delete row by row so that every delete is soft and audited."""
        count = 0
        for obj in self:
            obj.delete()
            count += 1
        return count, {self.model._meta.label: count}


def within_q(model, unit, day=None) -> Q:
    """``within`` as a condition, for aggregates filtered by many units at once."""
    path = getattr(model, "unit_path", "unit")
    if unit is None or path is None:
        return Q()
    return Q(**{"pk__in" if path == "self" else f"{path}__in": unit_descendant_ids(unit, day)})


def valid_on_q(day) -> Q:
    """Rows standing on ``day``: begun by then (or with no start) and not ended before it (or with
    no end). For models with ``valid_from`` and ``valid_to``: units, administrative units, aid
    workflows."""
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=day)) & (Q(valid_to__isnull=True) | Q(valid_to__gte=day))


class NationalOrUnitQuerySet(RestrictedQuerySet):
    """Rows read by everyone whose optional ``unit`` says who writes them: a row without a unit is
    national (e.g. a Party directive all provinces implement) and written only by administrators
    of the central union; a row with a unit is written in that unit's subtree by the usual roles.
    The form or serializer refuses a unit-less row from anyone else (``may_write_for_units``)."""

    def restrict(self, user, action: str = "view"):

        if user is None or not user.is_authenticated:
            return self.none()
        if user.is_superuser or action in {"view", "export"}:
            return self
        reach = Q(unit__in=unit_ids_for_user(user, action))
        if is_central_admin(user):
            reach |= Q(unit__isnull=True)
        return self.filter(reach)


class OwnedQuerySet(models.QuerySet):
    """Rows that belong to one user (``Model.owner_path``, "user" by default): import jobs,
    reminders, calendar tokens. Every action on them is their owner's alone."""

    def restrict(self, user, action: str = "view"):
        if user is None or not user.is_authenticated:
            return self.none()
        return self.filter(**{getattr(self.model, "owner_path", "user"): user})


class RestrictedPrefetch(Prefetch):
    """A prefetch whose related rows go through ``restrict(user, action)``, so that a page listing
    a record's relations shows only those the user may see (``queryset`` names the rows to start
    from, e.g. ``Agreement.objects.all()``)."""

    def __init__(self, lookup, *, user, queryset, action: str = "view", to_attr: str | None = None):
        super().__init__(lookup, queryset=queryset.restrict(user, action), to_attr=to_attr)


class LiveManager(models.Manager.from_queryset(RestrictedQuerySet)):
    """Rows not deleted; ``all_objects`` also returns soft-deleted ones (for restore)."""

    def get_queryset(self):
        return super().get_queryset().filter(deleted_at__isnull=True)


AllObjectsManager = models.Manager.from_queryset(RestrictedQuerySet)
#: For shared reference data outside ``AmityModel`` (countries, sectors): ``unit_path = None``.
ReferenceManager = AllObjectsManager
OwnedManager = models.Manager.from_queryset(OwnedQuerySet)
NationalOrUnitManager = LiveManager.from_queryset(NationalOrUnitQuerySet)
AllNationalOrUnitManager = models.Manager.from_queryset(NationalOrUnitQuerySet)

"""Reads of geography: which unit is valid when, and grouping records by the units of a date."""

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from amity.core.text import vietnamese_order

from .models import AdminUnit, Country


def country_list() -> QuerySet[Country]:
    return Country.objects.select_related("sub_region__parent")


class Places:
    """Places with the parents, successors and predecessors ``units_valid_on`` follows on a day,
    read ahead in a few queries (two a generation of links), so grouping many records' places
    asks no query a place (``group_by_units_valid_on``)."""

    def __init__(self, units: Iterable[AdminUnit], day: date):
        self.by_pk: dict[int, AdminUnit] = {u.pk: u for u in units}
        self._successors: dict[int, list[AdminUnit]] = defaultdict(list)
        self._predecessors: dict[int, list[AdminUnit]] = defaultdict(list)
        links = AdminUnit.successors.through.objects
        frontier, seen = set(self.by_pk), set()
        while frontier:
            seen |= frontier
            units_now = [self.by_pk[pk] for pk in frontier]
            later = {u.pk for u in units_now if u.valid_to and day > u.valid_to}  # follows successors
            earlier = {u.pk for u in units_now if not u.is_valid_on(day) and u.pk not in later}  # predecessors
            pairs = list(
                links.filter(Q(from_adminunit_id__in=later) | Q(to_adminunit_id__in=earlier)).values_list(
                    "from_adminunit_id", "to_adminunit_id"
                )
            )
            wanted = {u.parent_id for u in units_now if u.parent_id} | {pk for pair in pairs for pk in pair}
            self.by_pk.update(AdminUnit.objects.in_bulk(wanted - set(self.by_pk)))
            for old, new in pairs:
                if old in later:
                    self._successors[old].append(self.by_pk[new])
                if new in earlier:
                    self._predecessors[new].append(self.by_pk[old])
            frontier = wanted - seen

    def parent(self, unit: AdminUnit) -> AdminUnit | None:
        return self.by_pk.get(unit.parent_id) if unit.parent_id else None

    def successors(self, unit: AdminUnit) -> list[AdminUnit]:
        return self._successors.get(unit.pk, [])

    def predecessors(self, unit: AdminUnit) -> list[AdminUnit]:
        return self._predecessors.get(unit.pk, [])


def _province_of(unit: AdminUnit, places: Places | None = None) -> AdminUnit:
    while unit.level != AdminUnit.Level.PROVINCE:
        parent = places.parent(unit) if places else unit.parent
        if parent is None:
            break
        unit = parent
    return unit


def units_valid_on(unit: AdminUnit, day: date, places: Places | None = None) -> list[AdminUnit]:
    """The unit(s) that held ``unit``'s territory on ``day``.

    Forward in time this follows successors (Bắc Giang in 2026 → Bắc Ninh); backward it
    follows predecessors, which may be several (Bắc Ninh in 2022 → Bắc Ninh and Bắc Giang).
    A unit abolished without successors (the districts, in 2025) is represented by its parent's.
    ``places`` (read ahead for many units) answers the links without a query.
    """
    if unit.is_valid_on(day):
        return [unit]
    if unit.valid_to and day > unit.valid_to:
        found: dict[int, AdminUnit] = {}
        successors = places.successors(unit) if places else list(unit.successors.all())
        parent = places.parent(unit) if places else unit.parent
        if not successors and parent is not None:
            successors = [parent]
        for successor in successors:
            for u in units_valid_on(successor, day, places):
                found[u.pk] = u
        return list(found.values())
    found = {}
    for predecessor in places.predecessors(unit) if places else unit.predecessors.all():
        for u in units_valid_on(predecessor, day, places):
            found[u.pk] = u
    return list(found.values())


def provinces_valid_on(unit: AdminUnit, day: date, places: Places | None = None) -> list[AdminUnit]:
    """The province(s) that held ``unit``'s territory on ``day``, by name."""
    provinces = {_province_of(u, places).pk: _province_of(u, places) for u in units_valid_on(unit, day, places)}
    return sorted(provinces.values(), key=lambda p: vietnamese_order(p.name))


def place_lineage_ids(place: AdminUnit) -> set[int]:
    """Ids of ``place`` and of every unit merged into it, at any remove: filtering records by
    today's Bắc Ninh also finds those made in Bắc Giang (and in the old Bắc Ninh) before 1 July
    2025. One query per generation of predecessors."""
    links = AdminUnit.successors.through.objects
    found, generation = {place.pk}, {place.pk}
    while generation:
        olds = set(links.filter(to_adminunit_id__in=generation).values_list("from_adminunit_id", flat=True))
        generation = olds - found
        found |= generation
    return found


def current_province_for(unit: AdminUnit) -> AdminUnit:
    """Which current province an old province, district or commune now belongs to."""
    provinces = {_province_of(u).pk: _province_of(u) for u in units_valid_on(unit, timezone.localdate())}
    if len(provinces) != 1:
        raise AdminUnit.DoesNotExist(f"{unit} has no single current province ({len(provinces)} found).")
    return next(iter(provinces.values()))


def group_by_units_valid_on(items: Iterable, *, day: date, unit_of: Callable[[Any], AdminUnit | None]) -> dict:
    """Group records by the province(s) valid on ``day``.

    Keys are tuples of provinces: one province when the mapping is unique, several when a
    record made under a merged province is looked at before the merger and cannot be split.
    Records without a place go under the empty tuple.
    """
    items = list(items)
    places = Places({u for u in map(unit_of, items) if u is not None}, day)
    groups: dict[tuple, list] = defaultdict(list)
    cache: dict[int, tuple] = {}
    for item in items:
        unit = unit_of(item)
        if unit is None:
            groups[()].append(item)
            continue
        if unit.pk not in cache:
            cache[unit.pk] = tuple(provinces_valid_on(unit, day, places))
        groups[cache[unit.pk]].append(item)
    return dict(groups)


def province_choices(*, day: date | None = None) -> QuerySet[AdminUnit]:
    """Provinces valid on ``day`` (today by default), for forms and filters."""
    day = day or timezone.localdate()
    return AdminUnit.objects.filter(level=AdminUnit.Level.PROVINCE).valid_on(day)

"""Reads of geography: which unit is valid when, and grouping records by the units of a date."""

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from .models import AdminUnit, Country


def country_list() -> QuerySet[Country]:
    return Country.objects.select_related("sub_region__parent")


def _province_of(unit: AdminUnit) -> AdminUnit:
    while unit.level != AdminUnit.Level.PROVINCE and unit.parent is not None:
        unit = unit.parent
    return unit


def units_valid_on(unit: AdminUnit, day: date) -> list[AdminUnit]:
    """The unit(s) that held ``unit``'s territory on ``day``.

    Forward in time this follows successors (Bắc Giang in 2026 → Bắc Ninh); backward it
    follows predecessors, which may be several (Bắc Ninh in 2022 → Bắc Ninh and Bắc Giang).
    A unit abolished without successors (the districts, in 2025) is represented by its parent's.
    """
    if unit.is_valid_on(day):
        return [unit]
    if unit.valid_to and day > unit.valid_to:
        found: dict[int, AdminUnit] = {}
        successors = list(unit.successors.all())
        if not successors and unit.parent is not None:
            successors = [unit.parent]
        for successor in successors:
            for u in units_valid_on(successor, day):
                found[u.pk] = u
        return list(found.values())
    found = {}
    for predecessor in unit.predecessors.all():
        for u in units_valid_on(predecessor, day):
            found[u.pk] = u
    return list(found.values())


def provinces_valid_on(unit: AdminUnit, day: date) -> list[AdminUnit]:
    """The province(s) that held ``unit``'s territory on ``day``, by name."""
    provinces = {_province_of(u).pk: _province_of(u) for u in units_valid_on(unit, day)}
    return sorted(provinces.values(), key=lambda p: p.name)


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
    groups: dict[tuple, list] = defaultdict(list)
    cache: dict[int, tuple] = {}
    for item in items:
        unit = unit_of(item)
        if unit is None:
            groups[()].append(item)
            continue
        if unit.pk not in cache:
            cache[unit.pk] = tuple(provinces_valid_on(unit, day))
        groups[cache[unit.pk]].append(item)
    return dict(groups)


def province_choices(*, day: date | None = None) -> QuerySet[AdminUnit]:
    """Provinces valid on ``day`` (today by default), for forms and filters."""
    day = day or timezone.localdate()
    return AdminUnit.objects.filter(level=AdminUnit.Level.PROVINCE).valid_on(day)

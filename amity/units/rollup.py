"""Roll-ups by the unions of a day: the one mechanism every figures selector groups its rows with.

On 1 July 2025 provincial unions merged (Bắc Giang into Bắc Ninh, Hải Dương into Hải Phòng). A
record keeps the unit it was made under; grouped by the units of a day D it counts under the
provincial (or central) union that held that unit on D:

- climb from the record's unit to its provincial union (associations and branches count in their
  union's row);
- a union that had ceased to exist on D (D after its ``valid_to``) counts in its successor's row,
  so Bắc Giang's 2022 records are in Bắc Ninh's row today, and in Bắc Giang's own row for any day
  before the merger;
- a union that did not exist yet on D has no predecessor its records could be split over, so it
  keeps its own row.

Each row is labelled with the province of its union as it was on D ("Bắc Giang" for 2024, "Bắc
Ninh" today), so the same union reads as it was then. Rows partition the records: every record
is in exactly one row, and the total is the sum of the rows.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from amity.core.access import UnitTable, unit_table
from amity.core.roles import UnitKind
from amity.core.text import vietnamese_order
from amity.geo.models import AdminUnit
from amity.geo.selectors import provinces_valid_on

from .models import Unit

#: Where a row key would be for records without a unit (shared reference data has none).
NO_UNIT = ""


@dataclass(frozen=True)
class RollupGroup:
    """The union of day D a unit's records count under, labelled as it was on D."""

    key: str
    label: str
    unit: Unit | None


@dataclass
class RollupRow:
    """One union's figures: ``values`` holds the additive figures of its records."""

    key: str
    label: str
    unit: Unit | None
    values: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"key": self.key, "label": self.label, "unit": self.unit.pk if self.unit else None, **self.values}


def _units_with_provinces(table: UnitTable) -> dict[int, Unit]:
    """Every unit of ``table`` with its province (or none) cached on it, as ``select_related``
    builds them, by id in the order of their paths. Built once per unit table (``core.access``),
    which a process keeps on PostgreSQL until a unit or a unit's province changes: building them
    was a third of a figures page's time (700 units and their provinces at national scale, ~14 ms a
    request). The roll-up only reads them (a union shown in a row is its own copy, ``group_of``)."""
    unit_columns = [c.removeprefix("unit.") for c in table.columns if c.startswith("unit.")]
    province_columns = [c.removeprefix("province.") for c in table.columns if c.startswith("province.")]
    province_field = Unit._meta.get_field("province")
    width = len(unit_columns)
    units = {}
    for row in table.rows:
        unit = Unit.from_db(table.alias, unit_columns, row[:width])
        province = AdminUnit.from_db(table.alias, province_columns, row[width:]) if row[width] is not None else None
        province_field.set_cached_value(unit, province)
        units[unit.pk] = unit
    return units


def kept_units(table: UnitTable | None = None) -> dict[int, Unit]:
    """Every unit with its province, by id in the order of their paths, of ``table`` (by default
    the one read once per request), built once per unit table (``_units_with_provinces``): shared,
    so only read them (copy a unit handed on)."""
    return (table or unit_table()).derived("units", _units_with_provinces)


class UnitRollup:
    """Which union of ``day`` each unit's records count under (see the module's docstring).

    The units are read once per request with the reaches' (``core.access.unit_table``: one query,
    plus one per province label of a merged-away province); ``group_of(unit_id)`` answers from memory.
    """

    def __init__(self, day: date | None = None, *, table: UnitTable | None = None):
        self.day = day or timezone.localdate()
        self._table = table or unit_table()
        self._units = kept_units(self._table)
        self._groups: dict[int | None, RollupGroup] = {}
        self._labels: dict[int, str] = {}
        self._shown: dict[int, Unit] = {}  # the unions in rows: copies, the units being shared

    def on(self, day: date | None) -> UnitRollup:
        """The roll-up of another day over the same units, read once (no query)."""
        return UnitRollup(day, table=self._table)

    def _exists_on_day(self, unit: Unit) -> bool:
        return unit.valid_to is None or self.day <= unit.valid_to

    def _chain(self, unit: Unit) -> list[Unit]:
        """The units that hold ``unit`` on the day, from itself up to its provincial or central union:
        successors of units that had ceased to exist, then parents."""
        chain: list[Unit] = []
        seen: set[int] = set()
        while unit.pk not in seen:  # a cycle in bad data stops where it closes
            seen.add(unit.pk)
            chain.append(unit)
            if not self._exists_on_day(unit) and unit.successor_id in self._units:
                unit = self._units[unit.successor_id]
                continue
            if unit.kind in (UnitKind.PROVINCIAL, UnitKind.CENTRAL) or unit.parent_id not in self._units:
                break
            unit = self._units[unit.parent_id]
        return chain

    def _holder(self, unit: Unit) -> Unit:
        """The provincial or central union that holds ``unit`` on the day."""
        return self._chain(unit)[-1]

    def members_of(self, unit: Unit) -> set[int]:
        """Ids of the units whose records count under ``unit`` on the day: its subtree, and what had
        been merged into it by then (Hải Phòng on 2024-01-01 is Hải Phòng alone; today it holds
        Hải Dương too). The central union holds every unit. Computed once per unit table, union
        and day (climbing from each of the 700 units cost a province's figures page ~8 ms)."""
        if unit.kind == UnitKind.CENTRAL and unit.parent_id is None:
            return set(self._units)
        return set(self._table.derived(("members", unit.pk, unit.path, self.day), lambda _table: self._members(unit)))

    def _members(self, unit: Unit) -> frozenset[int]:
        found = set()
        for pk, other in self._units.items():
            if other.path.startswith(unit.path) or any(link.pk == unit.pk for link in self._chain(other)):
                found.add(pk)
        return frozenset(found)

    def group_of(self, unit_id: int | None) -> RollupGroup:
        if unit_id not in self._groups:
            unit = self._units.get(unit_id) if unit_id is not None else None
            if unit is None:
                self._groups[unit_id] = RollupGroup(NO_UNIT, _("No unit"), None)
            else:
                holder = self._holder(unit)
                shown = self._shown.get(holder.pk) or self._shown.setdefault(holder.pk, copy.copy(holder))
                self._groups[unit_id] = RollupGroup(str(holder.pk), self.label_of(holder), shown)
        return self._groups[unit_id]

    def label_of(self, union: Unit) -> str:
        """The union's province as it was on the day; a union without a province goes by its name."""
        if union.pk not in self._labels:
            self._labels[union.pk] = self._province_label(union) or union.short_name or union.name
        return self._labels[union.pk]

    def _province_label(self, union: Unit) -> str:
        province = union.province
        if province is None:
            return ""
        if province.is_valid_on(self.day):
            return province.name
        candidates = provinces_valid_on(province, self.day)
        if len(candidates) > 1:  # today's Bắc Ninh on 2024-01-01 was Bắc Ninh and Bắc Giang; the
            held = {  # Bắc Giang union of that day held Bắc Giang, so this union is Bắc Ninh
                p.pk
                for other in self._units.values()
                if other.pk != union.pk
                and other.kind == UnitKind.PROVINCIAL
                and other.province_id
                and other.deleted_at is None
                and self._exists_on_day(other)
                and other.province.is_valid_on(self.day)
                for p in [other.province]
            }
            candidates = [p for p in candidates if p.pk not in held] or candidates
        return " + ".join(p.name for p in sorted(candidates, key=lambda p: p.name))

    # --- grouping ----------------------------------------------------------------------------

    def rows(
        self,
        items: Iterable,
        *,
        unit_of: Callable[[Any], int | None],
        values: Callable[[Any], dict[str, Any]],
    ) -> list[RollupRow]:
        """Sum each item's additive ``values`` into its union's row; rows largest first by the first
        value, then by label."""
        by_key: dict[str, RollupRow] = {}
        for item in items:
            group = self.group_of(unit_of(item))
            row = by_key.setdefault(group.key, RollupRow(group.key, group.label, group.unit))
            for name, value in values(item).items():
                row.values[name] = row.values.get(name, 0) + value
        return sort_rows(list(by_key.values()))

    def aggregate(self, queryset: QuerySet, *, unit_field: str = "unit", **aggregates) -> list[RollupRow]:
        """Rows of additive aggregates (``Count``, ``Sum``) of ``queryset`` by union of the day: one
        grouped query by unit, then the units' rows summed into their union's."""
        per_unit = queryset.order_by().values(f"{unit_field}_id").annotate(**aggregates)
        names = list(aggregates)
        return self.rows(
            per_unit,
            unit_of=lambda r: r[f"{unit_field}_id"],
            values=lambda r: {n: r[n] or 0 for n in names},
        )

    def annotate(self, queryset: QuerySet, *, unit_field: str = "unit", name: str = "rollup_unit") -> QuerySet:
        """``queryset`` with ``name`` = the id of the union of the day its record counts under, for
        figures a sum cannot combine (distinct counts): ``.values(name).annotate(...)``."""
        members: dict[int, list[int]] = {}
        for unit_id in self._units:
            group = self.group_of(unit_id)
            if group.unit is not None:
                members.setdefault(group.unit.pk, []).append(unit_id)
        whens = [When(**{f"{unit_field}_id__in": ids}, then=Value(pk)) for pk, ids in members.items()]
        return queryset.annotate(**{name: Case(*whens, default=Value(None), output_field=IntegerField())})


def sort_rows(rows: list[RollupRow]) -> list[RollupRow]:
    """Largest first by the first figure, then by label."""

    def first(row: RollupRow):
        value = next(iter(row.values.values()), 0)
        return -value if isinstance(value, int | float | Decimal) else 0

    return sorted(rows, key=lambda r: (first(r), vietnamese_order(r.label)))


def rows_total(rows: Iterable[RollupRow]) -> dict[str, Any]:
    """The sum of the rows' values: what a figures page prints as the total."""
    total: dict[str, Any] = {}
    for row in rows:
        for name, value in row.values.items():
            total[name] = total.get(name, 0) + value
    return total


def rows_data(rows: Iterable[RollupRow]) -> list[dict]:
    """Rows as plain data for the API and templates: key, label, unit id and the figures."""
    return [row.as_dict() for row in rows]


def unit_rollup(*, day: date | None = None) -> UnitRollup:
    """The roll-up of ``day`` (today when not given); see ``UnitRollup``."""
    return UnitRollup(day)

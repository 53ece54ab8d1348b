"""Which units a user reaches, and for what: the reach every ``restrict()`` applies.

The unit tree and its memberships are models of the ``units`` app, which builds on core; they are
named here through the app registry (as a foreign key names its target) rather than imported, so
that core stays below every app.
"""

from collections.abc import Callable
from datetime import date
from functools import cache
from typing import TypeVar

from django.apps import apps
from django.db import connections

from .compiled import Compiled, prepared_cursor
from .once import read_once
from .roles import ROLE_ACTIONS, UnitKind

T = TypeVar("T")

_CACHE_ATTR = "_amity_unit_ids"


class UnitTable:
    """Every unit's columns and its province's (``columns``), by path, as one query read them: the
    rows every reach (here) and every roll-up by union (``units.rollup``) is computed from. What is
    computed from them is kept beside them (``derived``), so a process keeping the table computes
    it once per version of the units rather than once per request."""

    def __init__(self, alias: str, fingerprint: str | None, columns: list[str], rows: list[tuple]):
        self.alias = alias
        self.fingerprint = fingerprint  # None: read for this request only
        self.columns = columns
        self.rows = rows
        self._derived: dict = {}

    def derived(self, key, compute: Callable[["UnitTable"], T]) -> T:
        """``compute(self)``, once per table and ``key`` (two threads may both compute it); at most
        ``_DERIVED_KEPT`` of them are kept (a roll-up's are by day: a process may ask for many)."""
        if key not in self._derived:
            if len(self._derived) >= _DERIVED_KEPT:
                self._derived.clear()
            self._derived[key] = compute(self)
        return self._derived[key]

    def tree(self) -> list[tuple]:
        """(pk, path, successor, kind, valid_to, parent, deleted_at) of every unit, by path."""
        return self.derived("tree", _tree_rows)


#: What a unit table keeps computed from it at most (reaches, roll-ups' units and members).
_DERIVED_KEPT = 1024
#: The unit table this process read last, by database (PostgreSQL only): a request reads its
#: fingerprint, not every unit, and what is computed from it (reaches, roll-ups) is kept with it.
_KEPT: dict[str, UnitTable] = {}
#: The columns of a unit the reaches are computed from.
_TREE_COLUMNS = ("id", "path", "successor_id", "kind", "valid_to", "parent_id", "deleted_at")


def _tree_rows(table: UnitTable) -> list[tuple]:
    at = [table.columns.index(f"unit.{name}") for name in _TREE_COLUMNS]
    return [tuple(row[i] for i in at) for row in table.rows]


def _unit_models():
    """The unit model and its province's (named through the registry: core imports no app)."""
    unit_model = apps.get_model("units", "Unit")
    return unit_model, unit_model._meta.get_field("province").related_model


@cache
def _table_columns() -> tuple[list[str], list[str], list[str]]:
    """The attnames of a unit's and of a province's columns, and both as ``UnitTable.columns``."""
    unit_model, province_model = _unit_models()
    units = [f.attname for f in unit_model._meta.concrete_fields]
    provinces = [f.attname for f in province_model._meta.concrete_fields]
    return units, provinces, [f"unit.{c}" for c in units] + [f"province.{c}" for c in provinces]


@cache
def _fingerprinted_table_sql() -> str:
    """The fingerprint of the units and their provinces, and beside it, only when it is distinct
    from the parameter, every unit's columns and its province's, by path. A fingerprint hashes where
    each row's version lies (``ctid``: new at each update, even twice in one transaction, and never
    that of a row deleted by a transaction still open) and the transaction that wrote it (``xmin``:
    never reused, so a rolled-back change cannot come back under a fingerprint already seen), so
    any change of a unit or of a unit's province, through the models or not, is read at the next
    request. Each column's values are hashed as one array (``hash_array_extended``: 64 bits a
    column, each value's own hash, no text made of it; half the query's time of an MD5 of their
    text), the units' in the order the table is read, not sorted (the same table reads in the same
    order, and another order only reads the rows again); the provinces', a few dozen reached through
    a join whose order the plan decides, by id."""
    unit_model, province_model = _unit_models()
    units, provinces = unit_model._meta.db_table, province_model._meta.db_table
    unit_columns, province_columns, _ = _table_columns()
    province_versions = (
        f"SELECT format('%%s %%s', hash_array_extended(array_agg(ctid ORDER BY id), 0), "
        f"hash_array_extended(array_agg(xmin ORDER BY id), 0)) FROM {provinces} "
        f"WHERE id IN (SELECT province_id FROM {units})"
    )
    fingerprint = (
        f"SELECT format('%%s %%s %%s', hash_array_extended(array_agg(ctid), 0), "
        f"hash_array_extended(array_agg(xmin), 0), ({province_versions})) AS fingerprint FROM {units}"
    )
    columns = [f'u."{c}"' for c in unit_columns] + [f'p."{c}"' for c in province_columns]
    return (
        f"SELECT f.fingerprint, {', '.join(columns)} FROM ({fingerprint}) f "
        f"LEFT JOIN {units} u ON f.fingerprint IS DISTINCT FROM %s "
        f'LEFT JOIN {provinces} p ON p."id" = u."province_id" ORDER BY u."path"'
    )


def _read_unit_table() -> UnitTable:
    """The unit table, in one query. On PostgreSQL the process keeps it: the query gives its
    fingerprint, and the rows only when that differs from the kept one's. Elsewhere the rows are
    read each time."""
    unit_model, _province_model = _unit_models()
    alias = unit_model.all_objects.db
    connection = connections[alias]
    unit_columns, province_columns, columns = _table_columns()
    if connection.vendor != "postgresql":  # the ORM converts the columns SQLite keeps as text
        names = [*unit_columns, *(f"province__{c}" for c in province_columns)]
        return UnitTable(alias, None, columns, list(unit_model.all_objects.order_by("path").values_list(*names)))
    kept = _KEPT.get(alias)
    with prepared_cursor(alias) as cursor:  # the same text every time: PostgreSQL keeps its plan
        cursor.execute(_fingerprinted_table_sql(), [kept.fingerprint if kept else None])
        result = cursor.fetchall()
    fingerprint = result[0][0]
    if kept is not None and fingerprint == kept.fingerprint:
        return kept
    table = _KEPT[alias] = UnitTable(alias, fingerprint, columns, [row[1:] for row in result if row[1] is not None])
    return table


def unit_table() -> UnitTable:
    """The unit table, read once per request (``core.once``): one query whatever reaches and
    roll-ups the request computes."""
    return read_once("unit-table", _read_unit_table)


def _unit_graph(day: date | None = None) -> list[tuple[int, str, int | None, str]]:
    """(pk, path, successor, kind) of every unit; on ``day``, a unit still valid then has not yet
    been merged into its successor, so it has none."""
    return _graph_on(unit_table().tree(), day)


def _graph_on(rows: list[tuple], day: date | None) -> list[tuple[int, str, int | None, str]]:
    return [
        (pk, path, successor if day is None or valid_to is None or valid_to < day else None, kind)
        for pk, path, successor, kind, valid_to, _parent, _deleted_at in rows
    ]


def _reach_now(table: UnitTable, root_paths: set[str], *, personal: bool) -> set[int]:
    """``_reach`` in today's tree, computed once per table and roots."""
    ids = table.derived(
        ("reach", frozenset(root_paths), personal),
        lambda t: frozenset(_reach(root_paths, _graph_on(t.tree(), None), personal=personal)),
    )
    return set(ids)  # the caller's own copy


def _reach(root_paths: set[str], units, *, personal: bool) -> set[int]:
    """Units in the given subtrees plus everything merged into them (transitively).

    For personal data a subtree stops at provincial unions below the root: the central
    union sees national figures, not the people a province holds.
    """
    ids: set[int] = set()
    for root in root_paths:
        fences = {
            p for _, p, _, k in units if personal and k == UnitKind.PROVINCIAL and p != root and p.startswith(root)
        }
        lengths = {len(f) for f in fences}  # a path is below a fence when its first len(fence) characters are it
        for pk, path, _, _ in units:
            if path.startswith(root) and not any(path[:n] in fences for n in lengths):
                ids.add(pk)
    by_pk = {pk: (path, successor) for pk, path, successor, _ in units}
    changed = True
    while changed:  # predecessors of reached units, and their subtrees, are reached too
        changed = False
        for pk, path, successor, _ in units:
            if pk not in ids and successor in ids:
                new = {p for p, (q, _) in by_pk.items() if q.startswith(path)} - ids
                ids |= new | {pk}
                changed = True
    return ids


def _live_memberships(user_id: int):
    membership_model = apps.get_model("units", "Membership")
    rows = membership_model.objects.filter(user_id=user_id, unit__deleted_at__isnull=True).order_by()  # any order
    return rows.values_list("unit_id", "unit__path", "role")


#: Read for every request (``core.compiled``); no user has the id -1.
_LIVE_MEMBERSHIPS = Compiled(_live_memberships, user_id=-1)


def _memberships(user) -> list[tuple[int, str, str]]:
    """(unit id, unit path, role) of the user's memberships in live units, read once per user
    object (one request): the reach of every action is computed from them."""
    cache = user.__dict__.setdefault(_CACHE_ATTR, {})
    if "memberships" not in cache:
        alias = apps.get_model("units", "Membership").objects.db
        cache["memberships"] = [tuple(row) for row in _LIVE_MEMBERSHIPS.rows(alias, user_id=user.pk)]
    return cache["memberships"]


def _memberships_for(user, action: str) -> list[tuple[int, str]]:
    """(unit id, unit path) of the user's memberships, in live units, whose role grants ``action``."""
    return [(unit_id, path) for unit_id, path, role in _memberships(user) if action in ROLE_ACTIONS.get(role, ())]


def unit_ids_for_user(user, action: str = "view") -> set[int]:
    """Ids of the units where ``user`` may perform ``action`` (cached on the user object, as is the
    unit tree they are computed from: a request reads each once whatever actions it checks)."""
    cache = user.__dict__.setdefault(_CACHE_ATTR, {})
    if action not in cache:
        roots = {path for _unit_id, path in _memberships_for(user, action)}
        if roots and "table" not in cache:
            cache["table"] = unit_table()
        cache[action] = _reach_now(cache["table"], roots, personal=action == "view_personal") if roots else set()
    return cache[action]


def member_unit_ids(user, action: str) -> set[int]:
    """The units the user's memberships name for ``action`` themselves, without their subtrees."""
    return {unit_id for unit_id, _path in _memberships_for(user, action)}


def reaches_every_unit(user, action: str) -> bool:
    """Whether ``user`` may ``action`` in every unit there is (the central union's staff, for most
    actions): a filter by unit would then list every unit's id for nothing."""
    ids = unit_ids_for_user(user, action)
    table = user.__dict__.get(_CACHE_ATTR, {}).get("table")
    return table is not None and len(ids) == len(table.rows)


def home_unit_id(user, action: str) -> int | None:
    """The one unit a user's memberships name for ``action`` (their own union), or None when they
    name none or several: new records default to it instead of asking an editor to find it."""
    units = member_unit_ids(user, action)
    return units.pop() if len(units) == 1 else None


def is_central(user, action: str) -> bool:
    """Whether ``user`` may ``action`` in the central union itself (a unit at the root of the tree)."""
    cache = user.__dict__.setdefault(_CACHE_ATTR, {})
    key = f"central:{action}"
    if key not in cache:
        table = cache["table"] if "table" in cache else unit_table()
        roots = {
            pk for pk, _path, _s, _k, _v, parent, deleted_at in table.tree() if parent is None and deleted_at is None
        }
        cache[key] = bool(roots & unit_ids_for_user(user, action))
    return cache[key]


def is_central_admin(user) -> bool:
    return is_central(user, "manage")


def forget_unit_cache(user) -> None:
    user.__dict__.pop(_CACHE_ATTR, None)


def user_can(user, action: str, unit_id: int | None) -> bool:
    if user.is_superuser:
        return True
    return unit_id in unit_ids_for_user(user, action)


def unit_descendant_ids(unit, day: date | None = None) -> set[int]:
    """The unit, its subtree and whatever was merged into any of them (by ``day``, when given:
    a union merged later still counts on its own that day)."""
    return _reach({unit.path}, _unit_graph(day), personal=False)

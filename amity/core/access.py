"""Which units a user reaches, and for what: the reach every ``restrict()`` applies.

The unit tree and its memberships are models of the ``units`` app, which builds on core; they are
named here through the app registry (as a foreign key names its target) rather than imported, so
that core stays below every app.
"""

from datetime import date

from django.apps import apps
from django.db import connections

from .compiled import Compiled, prepared_cursor
from .once import read_once
from .roles import ROLE_ACTIONS, UnitKind

_CACHE_ATTR = "_amity_unit_ids"

#: The unit trees this process read, by the database and the tree's fingerprint (see
#: ``_unit_rows``), the last fingerprint seen on each database, and the reaches computed from the
#: trees: a request reads the fingerprint, not every unit, and computes a reach only when the
#: tree or the user's roots are new to the process.
_TREES: dict[tuple[str, str], list[tuple]] = {}
_LATEST: dict[str, str] = {}
_REACHES: dict[tuple, frozenset[int]] = {}
#: Trees kept at most (a tree changes a few times a year; tests make many).
_TREES_KEPT = 8
#: The columns of a unit the reaches are computed from, in ``_unit_rows``' order.
_TREE_COLUMNS = ("id", "path", "successor_id", "kind", "valid_to", "parent_id", "deleted_at")


def _unit_rows() -> tuple[list[tuple], tuple[str, str] | None]:
    """(pk, path, successor, kind, valid_to, parent, deleted_at) of every unit by path, and the
    key they are kept under in this process (None when they are read each time).

    On PostgreSQL one query gives the tree's fingerprint, and the rows only when it differs from
    the last one this process saw: a hash of where each row's version lies (``ctid``: new at each
    update, even twice in one transaction, and never that of a row deleted by a transaction still
    open) and the transaction that wrote it (``xmin``: never reused, so a rolled-back change cannot
    come back under a fingerprint already seen), so that any change of a unit, through the models or
    not, is read at the next request. The versions are hashed in the order the table is read, not
    sorted (sorting them was half of the query's time, 0.46 → 0.20 ms of PostgreSQL's CPU on every
    request): the same table reads in the same order, and another order only reads the rows again.
    Elsewhere the rows are read each time."""
    unit_model = apps.get_model("units", "Unit")
    alias = unit_model.all_objects.db
    connection = connections[alias]
    if connection.vendor != "postgresql":
        fields = ("pk", *_TREE_COLUMNS[1:])
        return list(unit_model.all_objects.order_by("path").values_list(*fields)), None
    table = connection.ops.quote_name(unit_model._meta.db_table)
    columns = ", ".join(f"u.{connection.ops.quote_name(c)}" for c in _TREE_COLUMNS)
    with prepared_cursor(alias) as cursor:
        cursor.execute(
            f"SELECT f.fingerprint, {columns} FROM (SELECT coalesce(md5(string_agg("
            f"ctid::text || xmin::text, ',')), '') AS fingerprint "
            f"FROM {table}) f LEFT JOIN {table} u ON f.fingerprint IS DISTINCT FROM %s ORDER BY u.path",
            [latest := _LATEST.get(alias)],
        )
        result = cursor.fetchall()
    fingerprint = result[0][0]
    key = (alias, fingerprint)
    if fingerprint != latest:  # the rows came with it
        if len(_TREES) >= _TREES_KEPT:
            _TREES.clear()
            _REACHES.clear()
        _TREES[key] = [row[1:] for row in result if row[1] is not None]
        _LATEST[alias] = fingerprint
    kept = _TREES.get(key)
    if kept is None:  # dropped by another thread meanwhile: read the rows
        _LATEST.pop(alias, None)
        return _unit_rows()
    return kept, key


def _unit_graph(day: date | None = None) -> list[tuple[int, str, int | None, str]]:
    """(pk, path, successor, kind) of every unit; on ``day``, a unit still valid then has not yet
    been merged into its successor, so it has none. The rows are read once per request (``core.once``)."""
    return _graph_on(read_once("unit-graph", _unit_rows)[0], day)


def _graph_on(rows: list[tuple], day: date | None) -> list[tuple[int, str, int | None, str]]:
    return [
        (pk, path, successor if day is None or valid_to is None or valid_to < day else None, kind)
        for pk, path, successor, kind, valid_to, _parent, _deleted_at in rows
    ]


def _reach_now(tree: tuple[list[tuple], tuple[str, str] | None], root_paths: set[str], *, personal: bool) -> set[int]:
    """``_reach`` in today's ``tree`` (as ``_unit_rows`` gives it), computed once per tree and
    roots in this process."""
    rows, key = tree
    if key is None:
        return _reach(root_paths, _graph_on(rows, None), personal=personal)
    reach_key = (*key, frozenset(root_paths), personal)
    ids = _REACHES.get(reach_key)
    if ids is None:
        ids = _REACHES[reach_key] = frozenset(_reach(root_paths, _graph_on(rows, None), personal=personal))
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
        if roots and "tree" not in cache:
            cache["tree"] = read_once("unit-graph", _unit_rows)
        cache[action] = _reach_now(cache["tree"], roots, personal=action == "view_personal") if roots else set()
    return cache[action]


def member_unit_ids(user, action: str) -> set[int]:
    """The units the user's memberships name for ``action`` themselves, without their subtrees."""
    return {unit_id for unit_id, _path in _memberships_for(user, action)}


def reaches_every_unit(user, action: str) -> bool:
    """Whether ``user`` may ``action`` in every unit there is (the central union's staff, for most
    actions): a filter by unit would then list every unit's id for nothing."""
    ids = unit_ids_for_user(user, action)
    tree = user.__dict__.get(_CACHE_ATTR, {}).get("tree")
    return tree is not None and len(ids) == len(tree[0])


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
        rows, _key = cache["tree"] if "tree" in cache else read_once("unit-graph", _unit_rows)
        roots = {pk for pk, _path, _s, _k, _v, parent, deleted_at in rows if parent is None and deleted_at is None}
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

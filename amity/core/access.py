"""Which units a user reaches, and for what: the reach every ``restrict()`` applies.

The unit tree and its memberships are models of the ``units`` app, which builds on core; they are
named here through the app registry (as a foreign key names its target) rather than imported, so
that core stays below every app.
"""

from datetime import date

from django.apps import apps

from .once import read_once
from .roles import ROLE_ACTIONS, UnitKind

_CACHE_ATTR = "_amity_unit_ids"


def _unit_graph(day: date | None = None) -> list[tuple[int, str, int | None, str]]:
    """(pk, path, successor, kind) of every unit; on ``day``, a unit still valid then has not yet
    been merged into its successor, so it has none. The rows are read once per request (``core.once``)."""
    unit_model = apps.get_model("units", "Unit")
    fields = ("pk", "path", "successor_id", "kind", "valid_to")
    rows = read_once("unit-graph", lambda: list(unit_model.all_objects.values_list(*fields)))
    return [
        (pk, path, successor if day is None or valid_to is None or valid_to < day else None, kind)
        for pk, path, successor, kind, valid_to in rows
    ]


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


def _memberships(user) -> list[tuple[int, str, str]]:
    """(unit id, unit path, role) of the user's memberships in live units, read once per user
    object (one request): the reach of every action is computed from them."""
    cache = user.__dict__.setdefault(_CACHE_ATTR, {})
    if "memberships" not in cache:
        membership_model = apps.get_model("units", "Membership")
        rows = membership_model.objects.filter(user=user, unit__deleted_at__isnull=True)
        cache["memberships"] = list(rows.values_list("unit_id", "unit__path", "role"))
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
        if roots and "graph" not in cache:
            cache["graph"] = _unit_graph()
        cache[action] = _reach(roots, cache["graph"], personal=action == "view_personal") if roots else set()
    return cache[action]


def member_unit_ids(user, action: str) -> set[int]:
    """The units the user's memberships name for ``action`` themselves, without their subtrees."""
    return {unit_id for unit_id, _path in _memberships_for(user, action)}


def reaches_every_unit(user, action: str) -> bool:
    """Whether ``user`` may ``action`` in every unit there is (the central union's staff, for most
    actions): a filter by unit would then list every unit's id for nothing."""
    ids = unit_ids_for_user(user, action)
    graph = user.__dict__.get(_CACHE_ATTR, {}).get("graph")
    return graph is not None and len(ids) == len(graph)


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
        unit_model = apps.get_model("units", "Unit")
        roots = set(unit_model.objects.filter(parent__isnull=True).values_list("pk", flat=True))
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

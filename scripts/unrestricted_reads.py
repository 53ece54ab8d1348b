"""Reads through a model's manager (``Model.objects...``) in the modules that answer users — views,
API, tables, selectors and template tags — that do not pass through the restricted queryset.

    .venv/bin/python scripts/unrestricted_reads.py [-v] [--exempt] [PACKAGE_DIR]

Prints the count per app; ``-v`` lists each with its line; ``--exempt`` lists the reads the rules
below leave out, each with its rule. A read is not counted when:

1. its chain of calls holds ``restrict(...)`` (or ``within(...)``, which follows it; ``none()``
   reads nothing), or it is the ``queryset`` / ``base_queryset`` of a generic screen or API view
   (or what ``get_base_queryset`` returns), which restrict it themselves;
2. it reads a model that no unit owns: an Amity model declaring ``unit_path = None`` (countries,
   regions, administrative units, sectors, national days and terms, workflows, rates: reference
   data everyone reads, found in the checkout's ``models.py`` with the models that inherit it; a
   many-to-many link table counts only when both its ends are such models), or one of Django's own
   models Amity does not own (``DJANGO_UNOWNED``: content types; user accounts, which belong to
   units only through memberships and which Amity shows in the admin site alone);
3. it is limited to rows tied to records the same function read through the door: a lookup
   (``item__in=scope``, ``activity__in=ids``, ``kept=person``, ``name=stored.name``) whose value
   comes from a ``restrict()``/``within()`` chain or a selector given the user (``f(user=...)``,
   the selectors' rule that they read through ``restrict``), directly or through the names bound to
   them in that function. A lookup on a unit (``unit=``, ``unit__in=``) is not such a tie: a user
   may view a unit without the right to see its people;
4. it is an argument inside a restricted chain (a ``Prefetch`` of the restricted rows' relations,
   an ``Exists`` beside them), which reads only rows tied to those rows;
5. it names the manager without reading (``hasattr(Model.objects, "restrict")``).

Every other ``<Model>.objects.<method>(...)`` chain counts. ``core/tests/test_one_door.py`` runs
the same scan and fails on a counted read outside its allow-list (each with its reason) and on a
model with an owner and no restricted queryset. Pass another checkout's ``amity`` directory to
count there (the figure before a change); rules 2–5 came with this version of the script, so for
the figure by the first rule alone, use ``--first-rule``."""

import ast
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "amity"
#: Calls that narrow a manager's rows to what the user may see (``none``: to no row at all).
RESTRICTING = {"restrict", "within", "none"}
#: Writes through the manager: not reads (the services' rules apply to them).
WRITES = {"create", "bulk_create", "update_or_create", "get_or_create"}
#: Class attributes and methods whose queryset the generic screens and API restrict themselves
#: (``core.views.ObjectView.get_queryset``, ``core.api.AmityViewSet.get_queryset``).
RESTRICTED_BY_THE_GENERIC_VIEWS = {"queryset", "base_queryset", "get_base_queryset"}


def answering_modules(root: Path = ROOT):
    """The modules of the apps that read for a user: views, API, tables, selectors, template tags."""
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).parts
        if "tests" in parts or "migrations" in parts or len(parts) < 2:
            continue
        if path.name in ("views.py", "tables.py", "selectors.py") or parts[1] in ("api", "templatetags"):
            yield path


#: Django's own models that no Amity unit owns (rule 2), with why they may be read without restrict().
DJANGO_UNOWNED = {
    "ContentType": "Django's list of models",
    "get_user_model": "user accounts: a user belongs to units only through memberships; Amity reads an "
    "account only as the signed-in (or signing-in) user's own and lists accounts in the admin site alone",
}
#: Lookups that tie rows to a unit, not to a record (rule 3 does not take them).
UNIT_LOOKUPS = {"unit", "unit_id", "units", "responsible_unit", "home_unit"}


def _class_bases(node: ast.ClassDef) -> list[str]:
    return [base.attr if isinstance(base, ast.Attribute) else getattr(base, "id", "") for base in node.bases]


def _m2m_target(value) -> str | None:
    """The model a ``ManyToManyField(...)`` declaration points to ("self" included), else None."""
    if isinstance(value, ast.Call) and getattr(value.func, "attr", getattr(value.func, "id", "")) == "ManyToManyField":
        target = value.args[0] if value.args else None
        if isinstance(target, ast.Constant) and isinstance(target.value, str):
            return target.value.rsplit(".", 1)[-1]
        return getattr(target, "id", None)
    return None


def unowned_models(root: Path = ROOT) -> tuple[set[str], dict[tuple[str, str], str]]:
    """Names of the models no unit owns (``unit_path = None``, declared or inherited from another
    model of the checkout), and every model's many-to-many fields with the model they point to."""
    declared, owned, bases, links = set(), set(), {}, {}
    for path in sorted(root.rglob("models.py")):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.ClassDef):
                continue
            bases[node.name] = _class_bases(node)
            for statement in node.body:
                if not isinstance(statement, ast.Assign | ast.AnnAssign):
                    continue
                targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
                for target in targets:
                    if not isinstance(target, ast.Name):
                        continue
                    if target.id == "unit_path":
                        is_none = isinstance(statement.value, ast.Constant) and statement.value.value is None
                        (declared if is_none else owned).add(node.name)
                    elif (model := _m2m_target(statement.value)) is not None:
                        links[(node.name, target.id)] = node.name if model == "self" else model
    unowned = set(declared)
    changed = True
    while changed:  # models inheriting an unowned model's declaration
        changed = False
        for name, parents in bases.items():
            if name not in unowned | owned and unowned.intersection(parents):
                unowned.add(name)
                changed = True
    return unowned, links


def enclosing(parents: dict, node) -> tuple[str, str | None]:
    """The function or class the node is in, and the class attribute it is assigned to, if any."""
    attribute = None
    while node in parents:
        parent = parents[node]
        if isinstance(parent, ast.Assign) and isinstance(parents.get(parent), ast.ClassDef):
            attribute = next((t.id for t in parent.targets if isinstance(t, ast.Name)), None)
        if isinstance(parent, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            return parent.name, attribute
        node = parent
    return "<module>", attribute


def _function_of(parents: dict, node):
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            return node
    return None


def _restricting_call(node) -> bool:
    """A ``restrict``/``within`` call, or a selector given the user (``f(..., user=...)``)."""
    if not isinstance(node, ast.Call):
        return False
    if isinstance(node.func, ast.Attribute) and node.func.attr in RESTRICTING - {"none"}:
        return True
    return any(keyword.arg == "user" for keyword in node.keywords)


def _mentions(node, names: set[str]) -> bool:
    return any(
        _restricting_call(child) or (isinstance(child, ast.Name) and child.id in names) for child in ast.walk(node)
    )


def restricted_names(function) -> set[str]:
    """Names bound in ``function`` to what came through the door: a ``restrict()``/``within()``
    chain or a selector given the user, or anything computed from such names (its ids, a record
    of it, a file of that record, the loop variables over it)."""
    names: set[str] = set()
    bindings = []
    for node in ast.walk(function):
        if isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            bindings.append((targets, node.value))
        elif isinstance(node, ast.For | ast.comprehension):
            bindings.append(([node.target], node.iter))
        elif isinstance(node, ast.NamedExpr):
            bindings.append(([node.target], node.value))
    changed = True
    while changed:
        changed = False
        for targets, value in bindings:
            if not _mentions(value, names):
                continue
            for target in targets:
                for name in ast.walk(target):
                    if isinstance(name, ast.Name) and name.id not in names:
                        names.add(name.id)
                        changed = True
    return names


def _lookups(call: ast.Call):
    """(lookup, value) of a call's keyword arguments and of the ``Q(...)`` inside its arguments."""
    for keyword in call.keywords:
        if keyword.arg is not None:
            yield keyword.arg, keyword.value
        else:  # **{f"...": Count(..., filter=Q(pk__in=items))}
            for inner in ast.walk(keyword.value):
                if isinstance(inner, ast.Call):
                    yield from ((k.arg, k.value) for k in inner.keywords if k.arg is not None)
    for argument in call.args:
        for inner in ast.walk(argument):
            if isinstance(inner, ast.Call) and getattr(inner.func, "id", None) == "Q":
                yield from ((k.arg, k.value) for k in inner.keywords if k.arg is not None)


def tied_to_restricted(chain_calls: list[ast.Call], names: set[str]) -> bool:
    """Whether a lookup of the chain ties its rows to records that came through the door (rule 3)."""
    for call in chain_calls:
        for lookup, value in _lookups(call):
            field = lookup.removesuffix("__in").removesuffix("__exact").rsplit("__", 1)[-1]
            if field not in UNIT_LOOKUPS and _mentions(value, names):
                return True
    return False


def inside_restricted_chain(parents: dict, top) -> bool:
    """Whether the read is an argument of a chain that holds ``restrict()`` (rule 4)."""
    node = top
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if any(
                isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "restrict"
                for n in ast.walk(node.func)
            ):
                return True
        if isinstance(node, ast.stmt):
            return False
    return False


def read_model(text: str) -> str:
    """The name a read starts from: ``Country`` of ``Country.objects.all()``."""
    return text.split(".", 1)[0].split("(", 1)[0]


def scan_all(root: Path = ROOT, first_rule_only: bool = False) -> list[tuple[str, int, str, str, str | None]]:
    """(path from the package's parent, line, where, read, the rule that leaves it out or None)."""
    unowned, links = unowned_models(root)
    return [
        (str(path.relative_to(root.parent)), line, where, text, rule)
        for path in answering_modules(root)
        for line, where, text, rule in _classify(path, unowned, links, first_rule_only)
    ]


def _classify(path: Path, unowned: set[str], links: dict, first_rule_only: bool):
    tree = ast.parse(path.read_text())
    parents = {child: parent for parent in ast.walk(tree) for child in ast.iter_child_nodes(parent)}
    restricted: dict = {}
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Attribute) and node.attr == "objects"):
            continue
        calls, call_nodes, top = [], [], node
        while top in parents:  # climb the chain: Model.objects.filter(...).order_by(...)...
            parent = parents[top]
            if isinstance(parent, ast.Attribute) and parent.value is top:
                calls.append(parent.attr)
            elif isinstance(parent, ast.Call) and parent.func is top:
                call_nodes.append(parent)
            else:
                break
            top = parent
        if RESTRICTING.intersection(calls) or (calls and calls[0] in WRITES):
            continue
        where, attribute = enclosing(parents, node)
        if attribute in RESTRICTED_BY_THE_GENERIC_VIEWS or where in RESTRICTED_BY_THE_GENERIC_VIEWS:
            continue
        text = ast.unparse(top)
        rule = None
        if not first_rule_only:
            head = ast.unparse(node.value)  # Country, AdminUnit.successors.through, get_user_model()
            model = read_model(head)
            function = _function_of(parents, node)
            if function is not None and function not in restricted:
                restricted[function] = restricted_names(function)
            if head.endswith(".through"):
                owner, field = head.split(".")[:2]
                if owner in unowned and links.get((owner, field)) in unowned:
                    rule = "2: a link table between models no unit owns"
            elif model in unowned:
                rule = "2: a model no unit owns (unit_path = None)"
            elif model in DJANGO_UNOWNED:
                rule = f"2: {DJANGO_UNOWNED[model]}"
            if rule is None and function is not None and tied_to_restricted(call_nodes, restricted[function]):
                rule = "3: tied to records read through the door"
            if rule is None and inside_restricted_chain(parents, top):
                rule = "4: inside a restricted chain"
            if rule is None and not call_nodes and isinstance(parents.get(node), ast.Call):
                if getattr(parents[node].func, "id", None) in ("hasattr", "getattr", "isinstance"):
                    rule = "5: names the manager without reading"
        yield node.lineno, where, text if len(text) < 100 else text[:97] + "...", rule


def unrestricted_reads(path: Path, root: Path = ROOT) -> list[tuple[int, str, str]]:
    """(line, where: the function or class, the read as written) of each read of ``path`` that counts."""
    unowned, links = unowned_models(root)
    return [(line, where, text) for line, where, text, rule in _classify(path, unowned, links, False) if not rule]


def scan(root: Path = ROOT, first_rule_only: bool = False) -> list[tuple[str, int, str, str]]:
    """(path from the package's parent, line, where, read) of every read the rules do not leave out."""
    return [(path, line, where, text) for path, line, where, text, rule in scan_all(root, first_rule_only) if not rule]


def main(verbose: bool, exempt: bool, root: Path = ROOT, first_rule_only: bool = False) -> None:
    everything = scan_all(root, first_rule_only)
    reads = [row for row in everything if not row[4]]
    per_app = Counter(path.split("/")[1] for path, *_rest in reads)
    for path, line, where, text, rule in everything:
        if (verbose and not rule) or (exempt and rule):
            print(f"{path}:{line} ({where}): {text}" + (f"  [rule {rule}]" if rule else ""))
    for app in sorted(per_app):
        print(f"{app:12} {per_app[app]:4}")
    print(f"{'total':12} {len(reads):4}")


if __name__ == "__main__":
    flags = {"-v", "--exempt", "--first-rule"}
    paths = [arg for arg in sys.argv[1:] if arg not in flags]
    main(
        verbose="-v" in sys.argv,
        exempt="--exempt" in sys.argv,
        root=Path(paths[0]).resolve() if paths else ROOT,
        first_rule_only="--first-rule" in sys.argv,
    )

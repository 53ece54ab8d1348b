"""Reads through a model's manager (``Model.objects...``) in the modules that answer users — views,
API, tables, selectors and template tags — that do not pass through the restricted queryset.

    .venv/bin/python scripts/unrestricted_reads.py [-v] [PACKAGE_DIR]

A read is restricted when its chain of calls holds ``restrict(...)`` (or ``within(...)``, which
follows it; ``none()`` reads nothing), or when it is the ``queryset`` / ``base_queryset`` of a
generic screen or API view (or what ``get_base_queryset`` returns), which restrict it themselves.
Every other ``<Model>.objects.<method>(...)`` chain counts. Prints the count per app; ``-v``
lists each with its line. ``core/tests/test_one_door.py`` runs the same scan and fails on a read
outside its allow-list (the reads that may see every row, each with its reason). Pass another
checkout's ``amity`` directory to count there (the figure before a change)."""

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


def unrestricted_reads(path: Path) -> list[tuple[int, str, str]]:
    """(line, where: the function or class, the read as written) of each unrestricted read."""
    tree = ast.parse(path.read_text())
    parents = {child: parent for parent in ast.walk(tree) for child in ast.iter_child_nodes(parent)}
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Attribute) and node.attr == "objects"):
            continue
        # climb the chain: Model.objects.filter(...).order_by(...)...
        calls, top = [], node
        while top in parents:
            parent = parents[top]
            if isinstance(parent, ast.Attribute) and parent.value is top:
                calls.append(parent.attr)
            elif not (isinstance(parent, ast.Call) and parent.func is top):
                break
            top = parent
        if RESTRICTING.intersection(calls) or (calls and calls[0] in WRITES):
            continue
        where, attribute = enclosing(parents, node)
        if attribute in RESTRICTED_BY_THE_GENERIC_VIEWS or where in RESTRICTED_BY_THE_GENERIC_VIEWS:
            continue
        text = ast.unparse(top)
        found.append((node.lineno, where, text if len(text) < 100 else text[:97] + "..."))
    return found


def scan(root: Path = ROOT) -> list[tuple[str, int, str, str]]:
    """(path from the package's parent, line, where, read) of every unrestricted read."""
    return [
        (str(path.relative_to(root.parent)), line, where, text)
        for path in answering_modules(root)
        for line, where, text in unrestricted_reads(path)
    ]


def main(verbose: bool, root: Path = ROOT) -> None:
    reads = scan(root)
    per_app = Counter(path.split("/")[1] for path, _l, _w, _t in reads)
    for path, line, where, text in reads if verbose else ():
        print(f"{path}:{line} ({where}): {text}")
    for app in sorted(per_app):
        print(f"{app:12} {per_app[app]:4}")
    print(f"{'total':12} {len(reads):4}")


if __name__ == "__main__":
    paths = [arg for arg in sys.argv[1:] if arg != "-v"]
    main(verbose="-v" in sys.argv, root=Path(paths[0]).resolve() if paths else ROOT)

"""Imports written inside functions, per app (tests and migrations left out).

    .venv/bin/python scripts/function_imports.py [-v] [PACKAGE_DIR]

Prints, for each app under amity/, how many there are and how many of them import Amity's own
modules; ``-v`` lists each one with its line. The ground floor (core, audit, geo, units) keeps
only those that must wait for Django's app loading, each with its reason on the line
(``core/tests/test_layers.py``)."""

import ast
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "amity"


def function_imports(path: Path) -> list[ast.Import | ast.ImportFrom]:
    """The import statements of ``path`` that sit inside a function or method."""
    found = []

    def walk(node, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if in_function and isinstance(child, ast.Import | ast.ImportFrom):
                found.append(child)
            walk(child, in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda))

    walk(ast.parse(path.read_text()), False)
    return found


def sources(root: Path = ROOT):
    """Every module of the apps, outside tests and migrations."""
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).parts
        if "tests" not in parts and "migrations" not in parts:
            yield path


def own_module(node: ast.Import | ast.ImportFrom) -> bool:
    if isinstance(node, ast.ImportFrom):
        return bool(node.level) or (node.module or "").startswith("amity")
    return any(alias.name.startswith("amity") for alias in node.names)


def main(verbose: bool, root: Path = ROOT) -> None:
    every, own = Counter(), Counter()
    for path in sources(root):
        app = path.relative_to(root).parts[0] if len(path.relative_to(root).parts) > 1 else "(amity)"
        for node in function_imports(path):
            every[app] += 1
            own[app] += own_module(node)
            if verbose:
                print(f"{path.relative_to(root.parent)}:{node.lineno}: {ast.unparse(node)}")
    print(f"{'app':12} {'all':>4} {'amity':>6}")
    for app in sorted(every):
        print(f"{app:12} {every[app]:4} {own[app]:6}")
    print(f"{'total':12} {sum(every.values()):4} {sum(own.values()):6}")


if __name__ == "__main__":
    paths = [arg for arg in sys.argv[1:] if arg != "-v"]
    main(verbose="-v" in sys.argv, root=Path(paths[0]).resolve() if paths else ROOT)

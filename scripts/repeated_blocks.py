"""Blocks of six or more logical lines that repeat in the same shape in the apps' Python modules.

    .venv/bin/python scripts/repeated_blocks.py [-v] [--lines N] [--declarations] [PACKAGE_DIR]

Each module under amity/ (migrations, demo data and catalogues left out: ``migrations/``,
``demo.py``, ``data/``, ``locale/``) is read as Python tokens. A logical line becomes its shape:
names (identifiers, attributes, keyword arguments) read as ``N``, numbers as ``0``, strings as
``S``; keywords, operators and the line's depth stay. What is read is logic: the statements inside
functions and methods (``--declarations`` adds class bodies and module-level statements, where
alike screens, serializers and choices declare their parts). Imports, comments and lines that are
only a string (docstrings) are left out. Every window of N consecutive shapes (6 by default) is hashed,
unless fewer than half of its shapes differ (a run of alike lines, such as choices, is data);
a window found in two places or more is repeated, and windows that repeat side by side in the
same places make one block. Prints how many blocks repeat, in how many places, split into the
apps' modules and their tests; ``-v`` lists each block with its places (path:first line) and size.

Standard library only, so anyone can reproduce the figure on any checkout (pass another
checkout's ``amity`` directory to count there)."""

import hashlib
import io
import keyword
import sys
import tokenize
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "amity"
LEFT_OUT_DIRS = {"migrations", "data", "locale", "__pycache__"}
LEFT_OUT_FILES = {"demo.py"}
SKIPPED = {tokenize.COMMENT, tokenize.NL, tokenize.ENCODING, tokenize.ENDMARKER}


def sources(root: Path = ROOT):
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).parts
        if not LEFT_OUT_DIRS.intersection(parts) and path.name not in LEFT_OUT_FILES:
            yield path


def token_shape(token: tokenize.TokenInfo) -> str:
    if token.type == tokenize.NAME:
        return token.string if keyword.iskeyword(token.string) else "N"
    if token.type == tokenize.NUMBER:
        return "0"
    if token.type == tokenize.STRING or token.type in _FSTRING_TYPES:
        return "S"
    return token.string


_FSTRING_TYPES = {
    getattr(tokenize, name) for name in ("FSTRING_START", "FSTRING_MIDDLE", "FSTRING_END") if hasattr(tokenize, name)
}


def logical_lines(path: Path, declarations: bool = False) -> list[tuple[int, str]]:
    """(first physical line, shape) of each logical line of ``path`` that counts: the statements
    inside functions, and with ``declarations`` also those of class bodies and the module."""
    lines: list[tuple[int, str]] = []
    enclosing: list[bool] = []  # for each open block: whether it is inside a function
    opened = False  # whether the last logical line opens a function
    current: list[tokenize.TokenInfo] = []
    for token in tokenize.generate_tokens(io.StringIO(path.read_text()).readline):
        if token.type == tokenize.INDENT:
            enclosing.append(opened or bool(enclosing and enclosing[-1]))
        elif token.type == tokenize.DEDENT:
            enclosing.pop()
        elif token.type == tokenize.NEWLINE:
            if current:
                words = [t.string for t in current if t.type == tokenize.NAME]
                opened = bool(words) and (words[0] == "def" or words[:2] == ["async", "def"])
                shapes = [token_shape(t) for t in current]
                is_import = current[0].string in ("import", "from") and current[0].type == tokenize.NAME
                only_string = all(s == "S" for s in shapes)
                in_function = bool(enclosing and enclosing[-1])
                if not is_import and not only_string and (in_function or declarations):
                    lines.append((current[0].start[0], f"{len(enclosing)}|{' '.join(shapes)}"))
            current = []
        elif token.type not in SKIPPED:
            current.append(token)
    return lines


def repeated_blocks(root: Path = ROOT, size: int = 6, declarations: bool = False) -> list[dict]:
    """Blocks that repeat: ``{"places": [(path, first line, last line)], "windows": n}``."""
    windows: dict[str, list[tuple[Path, int]]] = defaultdict(list)
    numbered: dict[Path, list[tuple[int, str]]] = {}
    for path in sources(root):
        lines = logical_lines(path, declarations)
        numbered[path] = lines
        for i in range(len(lines) - size + 1):
            # a window's depths count from its first line: the same block at another depth is the same
            first = int(lines[i][1].split("|", 1)[0])
            shape = "\n".join(
                f"{int(d) - first}|{s}" for d, s in (line.split("|", 1) for _n, line in lines[i : i + size])
            )
            if len({line for _n, line in lines[i : i + size]}) < size // 2:
                continue  # a list of alike lines (choices, fields of one kind) is data, not a block
            windows[hashlib.blake2b(shape.encode(), digest_size=16).hexdigest()].append((path, i))
    repeated = {h: places for h, places in windows.items() if len(places) > 1}
    # windows that repeat side by side in the same places, one line further each, are one block
    block_of: dict[frozenset, dict] = {}
    blocks: list[dict] = []
    for places in sorted(repeated.values(), key=lambda p: sorted((str(f), i) for f, i in p)):
        key = frozenset(places)
        previous = block_of.get(frozenset((f, i - 1) for f, i in places))
        if previous is None:
            previous = {"starts": sorted(places, key=lambda p: (str(p[0]), p[1])), "windows": 0}
            blocks.append(previous)
        previous["windows"] += 1
        block_of[key] = previous
    for block in blocks:
        span = size + block["windows"] - 1
        block["places"] = [(path, numbered[path][i][0], numbered[path][i + span - 1][0]) for path, i in block["starts"]]
        block["lines"] = span
    return blocks


def is_test(path: Path, root: Path) -> bool:
    parts = path.relative_to(root).parts
    return "tests" in parts or path.name in ("testing.py", "conftest.py")


def main(verbose: bool, size: int, declarations: bool, root: Path = ROOT) -> None:
    blocks = repeated_blocks(root, size, declarations)
    code = [b for b in blocks if not all(is_test(p, root) for p, _a, _b in b["places"])]
    tests = [b for b in blocks if all(is_test(p, root) for p, _a, _b in b["places"])]
    for name, group in (("apps' modules (any place outside tests)", code), ("tests only", tests)):
        places = sum(len(b["places"]) for b in group)
        print(f"{name}: {len(group)} blocks of {size}+ logical lines repeated, in {places} places")
        if verbose:
            for block in sorted(group, key=lambda b: (-b["lines"] * len(b["places"]), str(b["places"][0][0]))):
                where = ", ".join(f"{p.relative_to(root.parent)}:{a}-{z}" for p, a, z in block["places"])
                print(f"  {block['lines']} lines x {len(block['places'])}: {where}")
    print(f"total: {len(blocks)} blocks")


if __name__ == "__main__":
    args = sys.argv[1:]
    size = 6
    if "--lines" in args:
        at = args.index("--lines")
        size = int(args[at + 1])
        del args[at : at + 2]
    paths = [arg for arg in args if arg not in ("-v", "--declarations")]
    main(
        verbose="-v" in args,
        size=size,
        declarations="--declarations" in args,
        root=Path(paths[0]).resolve() if paths else ROOT,
    )

"""Every catalogue of the project is complete in the four languages, and templates show no bare text.

The catalogues are the root ``locale/`` (templates/ and the project modules outside the apps) and
each app's ``amity/<app>/locale/``. The current msgids are re-extracted with Django's makemessages
from a temporary copy of the sources, so a string added without a translation fails here. To
update the catalogues (gettext installed), from the repository root:

    .venv/bin/python manage.py makemessages -l vi -l en -l zh_Hans -l ru -i .venv -i var \
        -i artefacts -i static $(for d in amity/*/apps.py; do printf -- '-i %s ' "$(dirname $d)"; done)
    cd amity/<app> && mkdir -p locale && ../../.venv/bin/python ../../manage.py makemessages \
        -l vi -l en -l zh_Hans -l ru

then fill every msgstr (no fuzzy) and run ``manage.py compile_catalogues``.
"""

import io
import os
import re
import shutil
import tempfile
from pathlib import Path

import django_tables2 as tables
import pytest
from babel.messages.pofile import read_po
from babel.numbers import list_currencies
from django.conf import settings
from django.core.management import call_command
from django.template.base import Lexer, TokenType
from django.test.utils import override_settings
from django.utils import translation

from amity.core.discovery import app_modules
from amity.core.tables import Table

BASE = Path(settings.BASE_DIR)
LANGUAGES = {"vi": 1, "en": 2, "zh_Hans": 1, "ru": 3}  # catalogue directory -> number of plural forms
EXTENSIONS = {".py", ".html", ".txt"}  # what makemessages reads by default
ROOT_IGNORED = {".venv", "var", "artefacts", "static", "node_modules", "locale"}


def app_dirs() -> list[Path]:
    return sorted(p.parent for p in BASE.glob("amity/*/apps.py"))


def catalogue_roots() -> dict[str, tuple[Path, set[Path]]]:
    """Name -> (source directory, directories under it that belong to another catalogue)."""
    apps = app_dirs()
    roots = {"locale": (BASE, {BASE / name for name in ROOT_IGNORED} | set(apps))}
    for app in apps:
        roots[f"amity/{app.name}"] = (app, {app / "locale"})
    return roots


def copy_sources(source: Path, excluded: set[Path], target: Path) -> None:
    for dirpath, dirnames, filenames in os.walk(source):
        here = Path(dirpath)
        dirnames[:] = [d for d in dirnames if not d.startswith(".") and here / d not in excluded]
        for name in filenames:
            if Path(name).suffix in EXTENSIONS:
                dest = target / here.relative_to(source) / name
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(here / name, dest)


def message_key(message):
    msgid = tuple(message.id) if isinstance(message.id, list | tuple) else message.id
    return message.context, msgid


@pytest.fixture(scope="module")
def extracted() -> dict[str, set]:
    """One makemessages run over copies of every catalogue's sources: name -> set of (context, msgid)."""
    if not shutil.which("xgettext"):
        pytest.fail("gettext is not installed (apt-get install gettext): the catalogues cannot be checked")
    roots = catalogue_roots()
    with tempfile.TemporaryDirectory(prefix="amity-i18n-") as tmp:
        # Same-length directory names, so that no copy's path is a prefix of another's (makemessages
        # assigns a file to the first locale directory whose parent is a prefix of the file's path).
        copies = {}
        for number, (name, (source, excluded)) in enumerate(roots.items()):
            target = Path(tmp, f"{number:04d}")
            copy_sources(source, excluded, target)
            (target / "locale").mkdir(parents=True, exist_ok=True)
            copies[name] = target
        cwd = os.getcwd()
        try:
            os.chdir(tmp)
            with override_settings(LOCALE_PATHS=[]):
                call_command("makemessages", locale=["en"], keep_pot=True, verbosity=0)
        finally:
            os.chdir(cwd)
        result = {}
        for name, target in copies.items():
            pot = target / "locale" / "django.pot"
            if pot.exists():
                text = pot.read_text(encoding="utf-8").replace("nplurals=INTEGER; plural=EXPRESSION;", "")
                result[name] = {message_key(m) for m in read_po(io.StringIO(text)) if m.id}
            else:
                result[name] = set()
        return result


def catalogue_problems(locale_dir: Path, msgids: set) -> list[str]:
    problems = []
    for lang, nplurals in LANGUAGES.items():
        path = locale_dir / lang / "LC_MESSAGES" / "django.po"
        if not path.exists():
            problems.append(f"{path.relative_to(BASE)} is missing")
            continue
        with path.open("rb") as f:
            catalog = read_po(f)
        where = path.relative_to(BASE)
        if catalog.fuzzy:
            problems.append(f"{where}: the header is marked fuzzy (the .mo would lose its plural rule)")
        if catalog.num_plurals != nplurals:
            problems.append(f"{where}: Plural-Forms has nplurals={catalog.num_plurals}, expected {nplurals}")
        present = {message_key(m): m for m in catalog if m.id}
        for key in sorted(msgids, key=repr):
            message = present.get(key)
            label = repr(key[1]) + (f" (context {key[0]!r})" if key[0] else "")
            if message is None:
                problems.append(f"{where}: {label} is missing")
            elif message.fuzzy:
                problems.append(f"{where}: {label} is fuzzy")
            else:
                strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
                if isinstance(message.id, tuple | list) and len(strings) != nplurals:
                    problems.append(f"{where}: {label} has {len(strings)} plural forms, expected {nplurals}")
                if not all(strings):
                    problems.append(f"{where}: {label} is not translated")
        for message, errors in catalog.check():
            if message_key(message) in msgids:
                problems.extend(f"{where}: {message.id!r}: {error}" for error in errors)
    return problems


@pytest.mark.parametrize("name", sorted(catalogue_roots()))
def test_catalogue_is_complete_in_four_languages(extracted, name):
    source, _excluded = catalogue_roots()[name]
    msgids = extracted[name]
    locale_dir = source / "locale"
    if not locale_dir.is_dir():
        if not msgids:
            pytest.skip(f"{name} has no translatable strings and no catalogue")
        pytest.fail(f"{name} has {len(msgids)} translatable strings but no locale/ catalogue")
    problems = catalogue_problems(locale_dir, msgids)
    assert not problems, f"{len(problems)} catalogue problems in {name}:\n" + "\n".join(problems[:60])


# Text that may stand in a template untranslated: data written in its own script (the names of
# the four languages, shown as such whatever the interface language), and words made only of
# format and standard names or ISO 4217 currency codes ("IATI XML", "USD").
ALLOWED_TEXT = {"Tiếng Việt", "English", "中文", "简体中文", "Русский"}
ALLOWED_WORDS = {"CSV", "XLSX", "PDF", "DOCX", "ICS", "JSON", "XML", "IATI", "API", "ISO"} | set(list_currencies())
VISIBLE_ATTRIBUTES = re.compile(r"""\b(?:placeholder|title|alt|aria-label|label)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
HIDDEN_ELEMENTS = re.compile(r"<!--.*?-->|<(script|style)\b.*?</\1\s*>", re.DOTALL | re.IGNORECASE)
TAG = re.compile(r"<[^>]*>")
ENTITY = re.compile(r"&(?:[a-zA-Z]+|#\d+|#x[0-9a-fA-F]+);")
SKIPPED_BLOCKS = {"blocktranslate": "endblocktranslate", "blocktrans": "endblocktrans", "comment": "endcomment"}
MARK = "\x00"  # stands for every template tag and variable


def allowed(piece: str) -> bool:
    return piece in ALLOWED_TEXT or all(word in ALLOWED_WORDS for word in re.split(r"[\s/,]+", piece) if word)


def bare_text(source: str) -> list[str]:
    """Fragments of visible text written literally in a template (outside translation tags)."""
    parts, closing = [], None
    for token in Lexer(source).tokenize():
        if closing:
            if token.token_type == TokenType.BLOCK and token.contents.split()[0] == closing:
                closing = None
                parts.append(MARK)
            continue
        if token.token_type == TokenType.TEXT:
            parts.append(token.contents)
        elif token.token_type == TokenType.BLOCK and token.contents.split()[0] in SKIPPED_BLOCKS:
            closing = SKIPPED_BLOCKS[token.contents.split()[0]]
        else:
            parts.append(MARK)
    text = HIDDEN_ELEMENTS.sub(" ", "".join(parts))
    fragments = [a or b for a, b in VISIBLE_ATTRIBUTES.findall(text)]
    fragments += re.split(r"[\x00\n]", ENTITY.sub(" ", TAG.sub("\n", text)))
    found = []
    for fragment in fragments:
        for piece in fragment.split(MARK):
            piece = piece.strip()
            if any(ch.isalpha() for ch in piece) and not allowed(piece):
                found.append(piece)
    return found


def template_files() -> list[Path]:
    dirs = [BASE / "templates", *sorted(BASE.glob("amity/*/templates"))]
    return sorted(p for d in dirs for p in d.rglob("*") if p.suffix in {".html", ".txt"} and p.is_file())


def test_templates_have_no_text_outside_translation_tags():
    offences = [
        f"{path.relative_to(BASE)}: {fragment!r}"
        for path in template_files()
        for fragment in bare_text(path.read_text(encoding="utf-8"))
    ]
    assert not offences, "Visible text outside {% translate %}/{% blocktranslate %}:\n" + "\n".join(offences)


def test_the_template_check_catches_bare_text():
    """The heuristic itself: bare words and attributes are caught, tags, data and markup are not."""
    source = (
        '{% load i18n %}<h1 title="Hello">{% translate "Partners" %}: {{ object }}</h1>\n'
        "<p>Signed on {{ date }}</p>{# a comment #}{% blocktranslate %}Fine {{ x }}{% endblocktranslate %}\n"
        "<th>Русский</th><td>USD / IATI XML</td><td>Total USD</td><script>var label = 'not visible';</script><!-- Note --><span>&nbsp;–</span>"
        "<input placeholder=\"{% translate 'Search' %}\">"
    )
    assert bare_text(source) == ["Hello", "Signed on", "Total USD"]


def translations_by_message(lang: str) -> dict[tuple, dict[str, str]]:
    """(context, msgid) -> {catalogue: its translation} in ``lang``, over every catalogue."""
    found: dict[tuple, dict[str, str]] = {}
    for name, (source, _excluded) in catalogue_roots().items():
        path = source / "locale" / lang / "LC_MESSAGES" / "django.po"
        if not path.exists():
            continue
        with path.open("rb") as f:
            for message in read_po(f):
                if message.id and message.string and not message.fuzzy:
                    found.setdefault(message_key(message), {})[name] = str(message.string)
    return found


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "en"])
def test_one_message_has_one_translation_across_catalogues(lang):
    """Django merges the apps' catalogues into one, so a msgid translated two ways in two apps
    shows one of them everywhere, chosen by the order of INSTALLED_APPS: the other app's page
    silently says something else. One sense has one translation; where the same English word
    means two things, the code gives it a context (``pgettext``)."""
    conflicts = {key: names for key, names in translations_by_message(lang).items() if len(set(names.values())) > 1}
    described = [
        f"{key[1]!r}" + (f" (context {key[0]!r})" if key[0] else "") + f": {names}"
        for key, names in sorted(conflicts.items(), key=repr)
    ]
    assert not described, f"{lang}: translated differently in different catalogues:\n" + "\n".join(described)


@pytest.mark.parametrize("language", ["vi", "en", "ru"])
def test_every_lists_headings_start_with_a_capital_letter(language):
    """A column named in its table ("donors", "facts to confirm") headed "nhà tài trợ" beside "Tiêu
    đề" read as a slip; every table is Amity's (``core.tables.Table``), which capitalises them."""
    lower = []
    for label, module in app_modules("tables"):
        for table_class in vars(module).values():
            if not (isinstance(table_class, type) and issubclass(table_class, tables.Table)):
                continue
            if table_class.__module__ != module.__name__:
                continue
            assert issubclass(table_class, Table), f"{table_class.__name__} is not made from core.tables.Table"
            with translation.override(language):
                headings = [str(column.header) for column in table_class([]).columns]
            lower += [f"{label}.{table_class.__name__}: {h!r}" for h in headings if h[:1].islower()]
    assert lower == []


def test_headings_written_in_templates_start_with_a_capital_letter():
    """A table drawn by a template heads its columns as the lists do: a lower-case message
    ("persons", "kind") in a heading cell is written through ``capfirst``."""
    printed_lower = re.compile(r"""<th[^>]*>\s*\{%\s*(?:translate|trans)\s+(["'])[a-z][^"']*\1\s*%\}""")
    offences = [
        f"{path.relative_to(BASE)}: {match.group(0)!r}"
        for path in template_files()
        for match in printed_lower.finditer(path.read_text(encoding="utf-8"))
    ]
    assert offences == []

"""Shared test helpers below every app: the API client that sends a record's version, the check of
every API response against the schema, browser steps, hostile archives, a killed worker's test case.
Fixtures of the unit tree are in ``units.testing``."""

import contextlib
import functools
import io
import os
import re
import shutil
import signal
import sqlite3
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.db.utils import load_backend
from django.http import HttpResponse
from django.test import TestCase
from django.test.client import Client
from django.urls import include, path, reverse
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema
from jsonschema import Draft202012Validator
from openpyxl import Workbook
from playwright.sync_api import expect, sync_playwright
from rest_framework import test as drf_test

CHROMIUM = "/usr/bin/chromium"  # Debian's package: browser tests never download a browser
#: Headless as root on a closed network: without the background-networking flags Chromium keeps
#: trying to reach Google's hosts at every start.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def launch_chromium(playwright):
    """Debian's Chromium through Playwright, for the browser tests; skips the test where it is missing."""
    if not shutil.which(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


#: A browser test's ``expect`` waits as long as its page's steps do (30 s), not Playwright's 5 s: on a
#: machine at load 15 the overview's widgets, loaded one after another, take longer than that.
expect.set_options(timeout=30_000)

#: Where browser tests leave their screenshots.
ARTEFACTS = Path(settings.BASE_DIR, "artefacts", "browser")


@contextlib.contextmanager
def browser_page(name: str, *, errors: list[str] | None = None, **options):
    """A page of Debian's Chromium for a browser test (``options`` as ``Browser.new_page`` takes
    them, 30 s for each step): a step that fails leaves ``ARTEFACTS/<name>-failure.png``, and a
    JavaScript error on the page fails the test after it. Pass ``errors`` to gather more (console
    messages) into the same list; ``page.context.browser`` opens other contexts."""
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    errors = [] if errors is None else errors
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page(**options)
        page.set_default_timeout(30_000)
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        try:
            yield page
        except Exception:
            page.screenshot(path=str(ARTEFACTS / f"{name}-failure.png"), full_page=True)
            raise
        finally:
            browser.close()
    assert not errors, errors


class APIClient(drf_test.APIClient):
    """The API client of the tests: like a well-behaved client, a PUT, PATCH or DELETE without
    ``If-Match`` first reads the record and sends its ``ETag`` (the API answers 428 to a write
    without it). Pass ``HTTP_IF_MATCH=...`` to send a version of your own, or build the client
    with ``send_version=False`` to test what a careless client gets."""

    def __init__(self, *args, send_version: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.send_version = send_version

    def _with_version(self, path: str, extra: dict) -> dict:
        if not self.send_version or "HTTP_IF_MATCH" in extra or "If-Match" in extra.get("headers", {}):
            return extra
        etag = self.get(path).get("ETag")
        return {**extra, "HTTP_IF_MATCH": etag} if etag else extra

    def put(self, path, data=None, format=None, content_type=None, follow=False, **extra):
        extra = self._with_version(path, extra)
        return super().put(path, data, format=format, content_type=content_type, follow=follow, **extra)

    def patch(self, path, data=None, format=None, content_type=None, follow=False, **extra):
        extra = self._with_version(path, extra)
        return super().patch(path, data, format=format, content_type=content_type, follow=follow, **extra)

    def delete(self, path, data=None, format=None, content_type=None, follow=False, **extra):
        extra = self._with_version(path, extra)
        return super().delete(path, data, format=format, content_type=content_type, follow=follow, **extra)


_WIDGETS = re.compile(r'hx-get="([^"]+)" hx-trigger="load"')


def dashboard_page(client):
    """The dashboard as a browser shows it once htmx has loaded every app's widgets: the page with
    each app's widgets appended (each fetched as the page asks)."""
    page = client.get("/")
    assert page.status_code == 200, page.status_code
    parts = [page.content]
    for url in _WIDGETS.findall(page.content.decode()):
        widgets = client.get(url)
        assert widgets.status_code == 200, (url, widgets.status_code)
        parts.append(widgets.content)
    return HttpResponse(b"".join(parts))


def picker_ids(client, label: str, query: str) -> list[int]:
    """The records a picker's endpoint (``core.views.AutocompleteView``) offers for ``query``."""
    response = client.get(reverse("autocomplete", args=[label]), {"q": query})
    assert response.status_code == 200, response.status_code
    return [row["id"] for row in response.json()["results"]]


def search_links(client, query: str) -> set[str]:
    """The links of the global search page's answer to ``query``."""
    response = client.get(reverse("search"), {"q": query})
    assert response.status_code == 200, response.status_code
    return set(re.findall(r'href="([^"]+)"', response.content.decode()))


def page_in_language(client, url: str, language: str) -> str:
    """The HTML of ``url`` read in ``language`` (its cookie, as the language menu sets it) by the
    client's signed-in user; fails unless the page answers."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


#: How each language a page is checked in groups a count's thousands (CLDR): 1.234, 1,234, 1 234.
THOUSANDS_SEPARATORS = {"vi": ".", "en": ",", "ru": "\xa0"}


def written_in(language: str, count: int) -> str:
    """``count`` as ``language`` writes it (see ``THOUSANDS_SEPARATORS``): "1.234" in Vietnamese."""
    return f"{count:,d}".replace(",", THOUSANDS_SEPARATORS[language])


def pages_in_languages(client, url: str, *counts: int):
    """``url`` read in Vietnamese, English and Russian by the client's signed-in user, for a test
    that puts counts past a thousand on a page: (language, HTML, ``written``) for each, where
    ``written(n)`` is how the language writes ``n``. Fails where one of ``counts`` is in the page's
    text bare ("1234" beside a table's "1.234"; a link's or an attribute's value may hold it)."""
    for language in THOUSANDS_SEPARATORS:
        html = page_in_language(client, url, language)
        for count in counts:
            assert not re.search(rf'(?<![\w.,\xa0=/"-]){count}(?![\w.,\xa0])', html), (url, language, count)
        yield language, html, functools.partial(written_in, language)


def zip_bytes(members: list[tuple[str, bytes | tuple[bytes, int, int]]]) -> bytes:
    """A zip archive written by hand: each member is (name, data) or (name, (raw deflate stream,
    CRC-32, inflated size)) for a stream made elsewhere; the sizes recorded are the true ones."""
    out, directory = bytearray(), bytearray()
    for name, data in members:
        if isinstance(data, tuple):
            raw, crc, size = data
        else:
            packer = zlib.compressobj(9, zlib.DEFLATED, -15)
            raw, crc, size = packer.compress(data) + packer.flush(), zlib.crc32(data), len(data)
        encoded = name.encode()
        offset = len(out)
        fields = (20, 0, 8, 0, 0x21, crc, len(raw), size, len(encoded), 0)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields) + encoded + raw
        directory += struct.pack("<IH", 0x02014B50, 20) + struct.pack("<HHHHHIIIHHHHHII", *fields, 0, 0, 0, 0, offset)
        directory += encoded
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(directory), len(out), 0)
    return bytes(out + directory + end)


def xlsx_bomb(*, inflated_mb: int = 1500, cell: str = "A" * 1000) -> bytes:
    """A valid workbook of a few MB whose first sheet inflates to ``inflated_mb`` MB: a header
    (full name, country), then the same row (a long name, Séc) repeated. The sheet's deflate
    stream is one compressed block of rows repeated after full flushes, so it is made in a second
    rather than by compressing 1.5 GB."""
    book = Workbook()
    book.active.append(["Họ và tên", "Nước"])
    base = io.BytesIO()
    book.save(base)
    with zipfile.ZipFile(base) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = parts.pop("xl/worksheets/sheet1.xml").decode()
    head, tail = sheet.split("<sheetData>")[0] + "<sheetData>", "</sheetData>" + sheet.split("</sheetData>")[1]
    head = head.replace('<dimension ref="A1:B1"/>', "")  # no dimension: a reader must read to the end
    header = '<row><c t="inlineStr"><is><t>Họ và tên</t></is></c><c t="inlineStr"><is><t>Nước</t></is></c></row>'
    row = f'<row><c t="inlineStr"><is><t>{cell}</t></is></c><c t="inlineStr"><is><t>Séc</t></is></c></row>'
    block = (row * max(1, (1 << 20) // len(row.encode()))).encode()
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = packer.compress((head + header).encode()) + packer.flush(zlib.Z_FULL_FLUSH)
    repeated = packer.compress(block) + packer.flush(zlib.Z_FULL_FLUSH)
    repeats = inflated_mb * (1 << 20) // len(block)
    last = packer.compress(tail.encode()) + packer.flush()
    crc = zlib.crc32((head + header).encode())
    for _ in range(repeats):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(tail.encode(), crc)
    size = len((head + header).encode()) + repeats * len(block) + len(tail.encode())
    stream = first + repeated * repeats + last
    members = [(name, data) for name, data in parts.items()]
    members.insert(2, ("xl/worksheets/sheet1.xml", (stream, crc, size)))
    return zip_bytes(members)


def committed_database_copy(tmp, cleanup) -> dict:
    """A committed copy of the migrated test database (with its reference geography), for other
    processes (servers, workers, commands) to work on: the ``AMITY_DB_*`` environment that reaches
    it. SQLite: a file in ``tmp``; PostgreSQL: a database made from the test database as template,
    dropped through ``cleanup``. Call it before a test transaction opens."""
    if connection.vendor == "sqlite":
        path = tmp / "amity.sqlite3"
        connection.ensure_connection()
        target = sqlite3.connect(path)
        connection.connection.backup(target)
        target.close()
        return {"AMITY_DB_ENGINE": "sqlite", "AMITY_DB_NAME": str(path)}
    source = connection.settings_dict
    name = f"amity_copy_{os.getpid()}_{tmp.name}"[:63].replace("-", "_")
    connection.close()  # a template database may have no other session
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE "{source["NAME"]}"')

    def drop():
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    cleanup(drop)
    return {
        "AMITY_DB_ENGINE": "postgresql",
        "AMITY_DB_NAME": name,
        "AMITY_DB_USER": source["USER"] or "",
        "AMITY_DB_PASSWORD": source["PASSWORD"] or "",
        "AMITY_DB_HOST": source["HOST"] or "",
        "AMITY_DB_PORT": str(source["PORT"] or ""),
    }


class KilledProcessTestCase(TestCase):
    """``kill -9`` of a real process (a management command, the task worker, a server) working on a
    committed copy of the test database: what it leaves behind is read back from the copy.

    ``SEED`` is a script run once by ``manage.py shell`` on the copy; its last printed line is split
    into ``cls.seeded``. ``manage``/``start`` run commands on the copy, ``rows`` reads it with plain
    SQL (no Django start-up for each look), ``kill_when`` kills a process as soon as a condition
    read from the copy holds. Settings: the tests' own (tasks run at once, as in a server without a
    worker) unless ``worker=True``, which gives the production default of a database task queue."""

    SEED = "print()"
    #: Seed with the worker's settings (``worker=True``), so that what it enqueues waits for a worker.
    SEED_WORKER = False

    @classmethod
    def setUpClass(cls):
        cls.tmp = Path(tempfile.mkdtemp(prefix="amity-kill-"))
        cls.addClassCleanup(shutil.rmtree, cls.tmp, ignore_errors=True)
        database = committed_database_copy(cls.tmp, cls.addClassCleanup)
        cls.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "amity.settings.test",
            "AMITY_VAR_DIR": str(cls.tmp),
            "AMITY_MEDIA_ROOT": str(cls.tmp / "test-media"),  # where the test settings put it too
            **database,
        }
        cls.media = cls.tmp / "test-media"
        cls.root = Path(settings.BASE_DIR)
        cls.python = sys.executable
        cls.subprocess = subprocess
        name = database["AMITY_DB_NAME"]
        copy_settings = {**connection.settings_dict, "NAME": name, "TEST": {**connection.settings_dict["TEST"]}}
        cls.copy = load_backend(copy_settings["ENGINE"]).DatabaseWrapper(copy_settings, alias="killed-copy")
        cls.addClassCleanup(cls.copy.close)  # before the copy is dropped (cleanups run last first)
        seeded = cls.manage("shell", "-c", cls.SEED, worker=cls.SEED_WORKER)
        if seeded.returncode:
            raise AssertionError(seeded.stderr)
        cls.seeded = seeded.stdout.strip().splitlines()[-1].split() if seeded.stdout.strip() else []
        super().setUpClass()

    @classmethod
    def command_env(cls, *, worker: bool = False, **extra) -> dict:
        env = {**cls.env, **extra}
        if worker:  # the worker takes tasks from the database queue, as in production
            env.update(
                DJANGO_SETTINGS_MODULE="amity.settings.base", AMITY_TASKS_BACKEND="django_tasks_db.DatabaseBackend"
            )
        return env

    @classmethod
    def manage(cls, *args: str, worker: bool = False, timeout: int = 180, **extra):
        """Run ``manage.py *args`` on the copy to its end."""
        return cls.subprocess.run(
            [cls.python, "manage.py", *args],
            cwd=cls.root,
            env=cls.command_env(worker=worker, **extra),
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    def start(self, *args: str, worker: bool = False, **extra):
        """Start ``args`` (``manage.py`` arguments, or a whole command line) in its own session."""
        command = [self.python, "manage.py", *args] if not args[0].startswith("/") else list(args)
        process = self.subprocess.Popen(
            command,
            cwd=self.root,
            env=self.command_env(worker=worker, **extra),
            stdout=self.subprocess.PIPE,
            stderr=self.subprocess.PIPE,
            start_new_session=True,
        )
        self.addCleanup(self.stop, process)
        return process

    @staticmethod
    def stop(process) -> None:
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        for stream in (process.stdout, process.stderr):
            if stream:
                stream.close()

    def rows(self, sql: str, params: list | tuple = ()) -> list[tuple]:
        """What the copy holds now (``%s`` placeholders on both databases)."""
        with self.copy.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def kill_when(self, process, ready, *, timeout: float = 120) -> None:
        """``kill -9`` the process and its children as soon as ``ready()`` holds; fails if the
        process ended first or ``timeout`` seconds passed. Returns once the database is done with
        the killed sessions (see ``wait_for_killed_sessions``), so what the copy holds is final."""
        deadline = time.monotonic() + timeout
        while True:
            ended = process.poll() is not None  # looked at before ready(): an end after it is not "first"
            if ready():
                break
            if ended:
                raise AssertionError(
                    f"the process ended before it was killed: {process.stderr.read().decode()[-2000:]}"
                )
            if time.monotonic() > deadline:
                raise AssertionError(f"not ready after {timeout} s")
            time.sleep(0.02)
        with contextlib.suppress(ProcessLookupError):  # ended of itself just after ready() held
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        self.wait_for_killed_sessions()

    def wait_for_killed_sessions(self, *, timeout: float = 120) -> None:
        """Wait until no session but this test's is connected to the copy. A PostgreSQL server
        goes on with a killed client's statement, and a COMMIT it had already received still
        commits: read before its session ends, the copy can show "nothing written" and then
        everything. (SQLite has no server: what a dead process left is final at once.)"""
        if self.copy.vendor != "postgresql":
            return
        others = (
            "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND backend_type = 'client backend' AND pid <> pg_backend_pid()"
        )
        deadline = time.monotonic() + timeout
        while self.rows(others)[0][0]:
            if time.monotonic() > deadline:
                raise AssertionError(f"the killed process's sessions still open after {timeout} s")
            time.sleep(0.02)


def log_in(page, server_url: str, user, language: str = "vi") -> None:
    """Sign in through the login page (password ``pw-<username>``, as ``make_user`` sets it) and
    wait for the overview, so the next step does not race the login; then switch language."""
    page.goto(f"{server_url}/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "pw-" + user.username)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{server_url}/")
    # the overview's widgets load one after another by htmx: a menu clicked while they swap in is lost
    expect(page.locator("[aria-busy=true]")).to_have_count(0)
    if language != "vi":
        with page.expect_navigation():
            page.select_option("#language-form select", language)


def open_menu(page, group: str, item: str) -> None:
    """Open a top-bar menu by its title and follow one of its links, as a user does."""
    page.locator("#mainnav .dropdown-toggle", has_text=group).click()
    page.locator("#mainnav .dropdown-menu.show").get_by_role("link", name=item, exact=True).click()


def from_menu(page, path: str) -> None:
    """Open a screen as a user does, whatever the language: the top bar's group holding the link
    to ``path``, then the link."""
    link = page.locator(f"#mainnav .dropdown-menu a.dropdown-item[href='{path}']")
    link.locator("xpath=ancestor::li[contains(@class, 'dropdown')]/a").click()
    with page.expect_navigation():
        link.click()


def pick_option(page, field_id: str, typed: str, label: str | None = None) -> None:
    """Choose in a picker (a Tom Select box over ``#field_id``) as a user does: click it, type
    ``typed``, click the answer whose text contains ``label`` (default: what was typed)."""
    wrapper = page.locator(f"#{field_id} + .ts-wrapper")
    wrapper.locator(".ts-control").click()
    page.locator(f"#{field_id}-ts-control").fill(typed)
    page.locator(f"#{field_id}-ts-dropdown .option", has_text=label or typed).first.click()
    page.keyboard.press("Escape")


#: The top bar's controls a user must reach on any screen: the menu, the search box, the user's
#: menu (which holds logging out) and the language.
HEADER_CONTROLS = (
    "#mainnav .nav-link",
    "nav form[role=search] input",
    "#mainnav .dropdown > button",
    "#language-form select",
)
_LAYOUT_SCRIPT = """(controls) => {
  const root = document.documentElement, width = root.clientWidth;
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
      + (typeof el.className === "string" && el.className.trim() ? "." + el.className.trim().split(/\\s+/).join(".") : "")
      + " " + JSON.stringify((el.innerText || el.value || el.placeholder || "").trim().slice(0, 40));
  const cut = [];
  for (const selector of controls) {
    for (const el of document.querySelectorAll(selector)) {
      const box = el.getBoundingClientRect();
      const x = box.left + box.width / 2, y = box.top + box.height / 2;
      const hit = box.width > 0 && box.left >= 0 && box.top >= 0 && box.right <= width + 0.5
          && y < window.innerHeight && el.contains(document.elementFromPoint(x, y));
      const cropped = el.tagName !== "SELECT" && el.scrollWidth > el.clientWidth + 1;
      if (!hit || cropped) cut.push(describe(el) + (cropped ? " (its text cut)" : ""));
    }
  }
  const scrolled = (el) => {
    for (let up = el.parentElement; up; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== "visible") return true;
    }
    return false;
  };
  const wide = [];
  for (const el of document.body.querySelectorAll("*")) {
    if (wide.length >= 5 || el.getBoundingClientRect().right <= width + 0.5) continue;
    if (el.parentElement.getBoundingClientRect().right <= width + 0.5 && !scrolled(el)) wide.push(describe(el));
  }
  const besideCharts = [];
  for (const chart of document.querySelectorAll("main svg")) {
    const bottom = chart.getBoundingClientRect().bottom, card = chart.closest(".card-body, section, main");
    for (const el of card.querySelectorAll("a, p")) {
      const after = chart.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING;
      if (after && !chart.contains(el) && el.getBoundingClientRect().top < bottom - 1) besideCharts.push(describe(el));
    }
  }
  const rows = new Set([...document.querySelectorAll("#mainnav .navbar-nav > .nav-item")]
      .map((el) => Math.round(el.getBoundingClientRect().top)));
  const inside = [...document.querySelectorAll("main *")].filter(
      (el) => el.scrollWidth > el.clientWidth + 1 && ["auto", "scroll"].includes(getComputedStyle(el).overflowX));
  return {scrollWidth: root.scrollWidth, clientWidth: width, innerWidth: window.innerWidth, cut, wide,
          scrolledInside: inside.map(describe), besideCharts, menuRows: rows.size};
}"""


def layout_problems(page) -> dict:
    """How the open page fits its window: ``sideways`` (the page as a whole scrolls sideways:
    ``scrollWidth`` beyond the window), ``cut`` (top-bar controls outside the window, covered or
    with their text cut) and ``wide`` (the outermost boxes reaching past the window's edge, to say
    what is too wide). A table scrolling inside its own box does not count: ``scrolledInside`` names
    such boxes. ``besideCharts``: text or links after a chart that sit beside it instead of below
    (a link split across the chart's line); ``menuRows``: the rows the top bar's menu takes."""
    found = page.evaluate(_LAYOUT_SCRIPT, list(HEADER_CONTROLS))
    found["sideways"] = found["scrollWidth"] > found["clientWidth"]
    return found


# --- the API as its schema describes it ---------------------------------------------------------


@functools.cache
def api_schema() -> dict:
    """The whole API's OpenAPI document as drf-spectacular generates and serves it."""
    with GENERATOR_STATS.silence():
        return SchemaGenerator().get_schema(request=None, public=True)


def checked_api_schema(app: str | None = None) -> dict:
    """The OpenAPI document of the whole API, or of one app's (``/api/<app>/``), freshly generated
    and validated; fails on any warning or error drf-spectacular gave while generating it (an
    untyped field, filter or answer that integrators would have to guess)."""
    patterns = None if app is None else [path(f"api/{app}/", include(f"amity.{app}.api.urls"))]
    GENERATOR_STATS.reset()
    with GENERATOR_STATS.silence():
        schema = SchemaGenerator(patterns=patterns).get_schema(request=None, public=True)
    validate_schema(schema)
    messages = [*GENERATOR_STATS._warn_cache, *GENERATOR_STATS._error_cache]
    GENERATOR_STATS.reset()
    assert messages == [], messages
    return schema


def _as_json_schema(node):
    """An OpenAPI 3.0 schema as JSON Schema: ``nullable`` admits null, and ``oneOf`` is read as
    ``anyOf`` (the generator's alternatives for a blank URL or e-mail differ only by a format,
    which JSON Schema does not assert, so a blank value would match both)."""
    if isinstance(node, list):
        return [_as_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {("anyOf" if key == "oneOf" else key): _as_json_schema(value) for key, value in node.items()}
    if node.pop("nullable", False):
        return {"anyOf": [node, {"type": "null"}]}
    return node


@functools.cache
def _components() -> dict:
    return _as_json_schema(api_schema()["components"])


@functools.cache
def _path_patterns() -> list[tuple[re.Pattern, str]]:
    templates = sorted(api_schema()["paths"], key=lambda t: t.count("{"))  # /items/figures/ before /items/{id}/
    return [
        (re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$"), template)
        for template in templates
    ]


def api_response_errors(response) -> list[str]:
    """What in an API ``response`` the schema does not describe: an undocumented path, method or
    success status, or a JSON body that does not validate. Errors (4xx) are checked where the
    schema documents them; other pages are not the API's."""
    request = response.wsgi_request
    path, method = request.path, request.method.lower()
    if not path.startswith("/api/") or path.startswith(("/api/schema", "/api/docs", "/api/token")):
        return []
    where = f"{method.upper()} {path} ({response.status_code})"
    template = next((t for pattern, t in _path_patterns() if pattern.match(path)), None)
    if template is None or method not in api_schema()["paths"][template]:
        return [] if response.status_code in (404, 405) else [f"{where}: not in the API schema"]
    documented = api_schema()["paths"][template][method]["responses"].get(str(response.status_code))
    if documented is None:
        return [] if response.status_code >= 400 else [f"{where}: status not documented in the schema"]
    media = documented.get("content", {}).get("application/json")
    if media is None or not response.get("Content-Type", "").startswith("application/json"):
        return []
    validator = Draft202012Validator({**_as_json_schema(media["schema"]), "components": _components()})
    return [f"{where} {error.json_path}: {error.message}" for error in validator.iter_errors(response.json())]


@contextlib.contextmanager
def api_responses_checked():
    """While open, every response the test clients (Django's and DRF's) get from the API is
    checked against the schema: a test fails on the first response the schema does not describe."""
    original = Client.request

    def request(self, **kwargs):
        response = original(self, **kwargs)
        errors = api_response_errors(response)
        if errors:
            raise AssertionError("The API answered outside its schema:\n" + "\n".join(errors))
        return response

    Client.request = request
    try:
        yield
    finally:
        Client.request = original

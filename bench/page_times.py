"""Benchmark: server time of every screen a user reaches from the menu, on the demo database.

Run:  cp var/amity.sqlite3 /tmp/amity-pages.sqlite3   # the demo database (scripts/demo.sh's loaders)
      AMITY_DEBUG=1 AMITY_DB_NAME=/tmp/amity-pages.sqlite3 .venv/bin/python bench/page_times.py [--top 10] [--user haiphong-editor]

AMITY_DEBUG=1 is needed: without it the production settings redirect every request to https and
the walk sees nothing but redirects (pages are still rendered with DEBUG off, as a server does).

Walks the screens from the dashboard as each user (``amity.core.sitewalk``: every link a page
shows, at most two URLs per view, add and edit forms included), times each GET in the Django test
client (server time, no network), and prints the slowest pages, each timed again three times
(median), with its query count, then the slowest form pages (add and edit views, the imports'
steps). The walk itself writes nothing: only GET requests are made. The imports' steps need a file:
for each user who may import, the list's own export (aid items, contributions; compatriots from a
generated list of 60) is uploaded, once as it is (the preview) and once with headings no import
knows (the mapping step), each checked at once in the process (the immediate task backend), inside
a transaction rolled back after the pages are timed: the database is left as it was.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "amity.settings.base")
    if "AMITY_DB_NAME" not in os.environ and os.environ.get("AMITY_DB_ENGINE", "sqlite") == "sqlite":
        sys.exit("Set AMITY_DB_NAME to a copy of the demo database (see the docstring).")
    import django

    django.setup()


FORM_SUFFIXES = ("_add", "_edit", "_create", "_update", "import", "_template")


def is_form(url: str) -> bool:
    """A page holding a form a user fills in: an add or edit view, an import and its steps."""
    from amity.core.sitewalk import view_name

    name = view_name(url) or ""
    return name.split(":")[-1].endswith(FORM_SUFFIXES) or "import" in name


def compatriot_list(rows: int) -> bytes:
    header = "Họ và tên,Giới tính,Năm sinh,Ngày sinh,Quê quán,Nước cư trú,Điện thoại,Ngày đồng ý\n"
    lines = [f"Nguyễn Văn Thử {i},Nam,{1950 + i % 50},,Hải Phòng,Séc,,15/01/2026" for i in range(rows)]
    return (header + "\n".join(lines) + "\n").encode()


def unknown_headings(content: bytes) -> bytes:
    """The workbook with every heading replaced by one no import recognises (the mapping step)."""
    import io

    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(content))
    for i, cell in enumerate(book.active[1], start=1):
        cell.value = f"Cột {i}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def import_steps(client, user) -> list[tuple[str, str]]:
    """(step, URL) of the job page of each import the user may run, at its preview and at its
    mapping step (made in the caller's transaction, which is rolled back)."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import resolve, reverse

    from amity.core.access import unit_ids_for_user

    units = sorted(unit_ids_for_user(user, "add"))
    if not units and not user.is_superuser:
        return []
    aid, gifts = export_of(client, "aid:aiditem_list"), export_of(client, "diaspora:contribution_list")
    uploads = [
        ("aid:import", "aid items, preview", aid),
        ("aid:import", "aid items, mapping", unknown_headings(aid)),
        ("diaspora:contribution_import", "contributions, preview", gifts),
        ("diaspora:contribution_import", "contributions, mapping", unknown_headings(gifts)),
        ("diaspora:import", "compatriots, preview", compatriot_list(60)),
        ("diaspora:import", "compatriots, mapping", unknown_headings(export_of(client, "diaspora:compatriot_list"))),
    ]
    pages = []
    for name, step, content in uploads:
        filename = "list.csv" if content.startswith(b"H") else "list.xlsx"
        data = {"file": SimpleUploadedFile(filename, content), "unit": units[0] if units else ""}
        response = client.post(reverse(name), data)
        if response.status_code == 302:
            found = resolve(response["Location"])
            status = found.func.view_class.model.objects.get(pk=found.kwargs["pk"]).status
            pages.append((f"{step} ({status})", response["Location"]))
        else:
            print(f"  {step}: the upload answered {response.status_code}")
    return pages


def export_of(client, list_view: str) -> bytes:
    from django.urls import reverse

    return client.get(reverse(list_view), {"export": "xlsx"}).content


def timed(client, url: str) -> tuple[float, int]:
    """The median server time of three GETs of ``url`` and the queries of the last."""
    from django.db import connection, reset_queries

    times = []
    for _ in range(3):
        connection.force_debug_cursor = True
        reset_queries()
        began = time.perf_counter()
        client.get(url)
        times.append(time.perf_counter() - began)
        queries = len(connection.queries)
        connection.force_debug_cursor = False
    return statistics.median(times), queries


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--top", type=int, default=10)
    parser.add_argument("--user", action="append", help="user names (default: haiphong-editor and vufo-admin)")
    parser.add_argument("--language", default="vi")
    args = parser.parse_args()
    setup_django()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.test import Client
    from django.test.utils import override_settings

    from amity.core.sitewalk import walk

    users = args.user or ["haiphong-editor", "vufo-admin"]
    rows, forms, steps = [], [], []
    began_cpu = time.process_time()
    immediate = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with override_settings(ALLOWED_HOSTS=["testserver"], DEBUG=False):
        for username in users:
            user = get_user_model().objects.get(username=username)
            client = Client()
            client.force_login(user)
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = args.language
            found = walk(client)
            form_urls = [url for url in found.visited if is_form(url)]
            print(f"{username}: {len(found.visited)} pages walked ({len(form_urls)} forms), {len(found.errors)} errors")
            for error in found.errors:
                print("  ERROR", error)
            slowest = sorted(found.seconds, key=found.seconds.get, reverse=True)[: args.top * 2]
            for url in slowest:
                rows.append((*timed(client, url), username, url))
            for url in sorted(form_urls, key=found.seconds.get, reverse=True)[: args.top]:
                forms.append((*timed(client, url), username, url))
            with override_settings(TASKS=immediate), transaction.atomic():
                for step, url in import_steps(client, user):
                    steps.append((*timed(client, url), username, f"{url}  {step}"))
                transaction.set_rollback(True)  # the uploads and their checks leave nothing
    cpu = time.process_time() - began_cpu

    def table(title: str, found: list) -> None:
        print(f"\n{title} (median of 3 GETs, server time):")
        print(f"{'ms':>8} {'queries':>8}  user               URL")
        for seconds, queries, username, url in found:
            print(f"{seconds * 1000:8.0f} {queries:8d}  {username:18} {url}")

    rows.sort(reverse=True)
    forms.sort(reverse=True)
    table(f"Slowest {args.top} pages", rows[: args.top])
    table(f"Slowest {args.top} form pages (add and edit)", forms[: args.top])
    table("Import steps (the list's own export uploaded: preview; headings replaced: mapping)", steps)
    every = rows + forms + steps
    over = [r for r in every if r[0] > 0.3]
    print(f"\nPages over 300 ms among those re-timed: {len(over)}")
    print(f"CPU time of the process: {cpu:.1f} s; load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()

"""Benchmark: server time of every screen a user reaches from the menu, on the demo database.

Run:  cp var/amity.sqlite3 /tmp/amity-pages.sqlite3   # the demo database (scripts/demo.sh's loaders)
      AMITY_DEBUG=1 AMITY_DB_NAME=/tmp/amity-pages.sqlite3 .venv/bin/python bench/page_times.py [--top 10] [--user haiphong-editor]

AMITY_DEBUG=1 is needed: without it the production settings redirect every request to https and
the walk sees nothing but redirects (pages are still rendered with DEBUG off, as a server does).

Walks the screens from the dashboard as each user (``amity.core.sitewalk``: every link a page
shows, at most two URLs per view), times each GET in the Django test client (server time, no
network), and prints the slowest pages, each timed again three times (median), with its query
count. The walk itself writes nothing: only GET requests are made.
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--top", type=int, default=10)
    parser.add_argument("--user", action="append", help="user names (default: haiphong-editor and vufo-admin)")
    parser.add_argument("--language", default="vi")
    args = parser.parse_args()
    setup_django()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import override_settings

    from amity.core.sitewalk import walk

    users = args.user or ["haiphong-editor", "vufo-admin"]
    rows = []
    with override_settings(ALLOWED_HOSTS=["testserver"], DEBUG=False):
        for username in users:
            client = Client()
            client.force_login(get_user_model().objects.get(username=username))
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = args.language
            found = walk(client)
            print(f"{username}: {len(found.visited)} pages walked, {len(found.errors)} errors")
            for error in found.errors:
                print("  ERROR", error)
            slowest = sorted(found.seconds, key=found.seconds.get, reverse=True)[: args.top * 2]
            for url in slowest:
                times = []
                for _ in range(3):
                    connection.force_debug_cursor = True
                    reset_queries()
                    began = time.perf_counter()
                    client.get(url)
                    times.append(time.perf_counter() - began)
                    queries = len(connection.queries)
                    connection.force_debug_cursor = False
                rows.append((statistics.median(times), queries, username, url))
    rows.sort(reverse=True)
    print(f"\nSlowest {args.top} pages (median of 3 GETs, server time):")
    print(f"{'ms':>8} {'queries':>8}  user               URL")
    for seconds, queries, username, url in rows[: args.top]:
        print(f"{seconds * 1000:8.0f} {queries:8d}  {username:18} {url}")
    over = [r for r in rows if r[0] > 0.3]
    print(f"\nPages over 300 ms among those re-timed: {len(over)}")


if __name__ == "__main__":
    main()

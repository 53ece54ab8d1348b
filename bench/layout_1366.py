"""Measurement: which screens scroll sideways, or cut off a top-bar control, on a 1366×768 screen.

Run:  cp var/amity.sqlite3 /tmp/amity-layout.sqlite3   # the demo database (scripts/demo.sh's loaders)
      AMITY_DEBUG=1 AMITY_DB_NAME=/tmp/amity-layout.sqlite3 timeout 3600 \\
          .venv/bin/python bench/layout_1366.py [--language ru --language zh-hans] [--per-view 1]

Walks the screens from the dashboard as each user (``amity.core.sitewalk``: every link a page
shows, GET only, at most ``--per-view`` URLs of one view), then opens every page walked in headless
Chromium (``core.testing.launch_chromium``) at 1366×768, signed in as that user, in each language,
and measures it with ``core.testing.layout_problems``: whether the page as a whole scrolls sideways
(``document.documentElement.scrollWidth`` beyond the window; a table scrolling inside its own box
does not count) and whether a top-bar control (menu, search box, user menu, log out, language) lies
outside the window, under something else or has its text cut. Prints, per user and language, the
pages walked and the pages with each problem, then each such page with what reaches past the edge.
Nothing is written: the walk and Chromium make GET requests only.
"""

import argparse
import os
import time
from collections import defaultdict
from pathlib import Path

from page_times import setup_django  # the same demo database, the same settings


def walked_pages(username: str, per_view: int) -> tuple[list[str], str]:
    """The pages the user reaches from the menu (whole documents, not the parts htmx loads into
    them), and a session cookie signed in as the user."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    from amity.core.sitewalk import walk

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    html = set()

    def keep(url, response):
        if response.status_code == 200 and b"<html" in response.content[:200]:
            html.add(url)

    walk(client, per_view=per_view, on_page=keep)
    return sorted(html), client.cookies[settings.SESSION_COOKIE_NAME].value


def wait_for_widgets(page) -> None:
    """The overview and figures pages load parts by htmx after the page: wait for them (bounded)."""
    try:
        page.wait_for_function("!document.querySelector('[aria-busy=true], .htmx-request')", timeout=10_000)
    except Exception:  # a part still loading after 10 s is measured as it stands
        pass


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--user", action="append", help="user names (default: haiphong-editor and vufo-admin)")
    parser.add_argument("--language", action="append", help="languages (default: ru, zh-hans, vi)")
    parser.add_argument("--per-view", type=int, default=1, help="URLs followed per view (default 1)")
    parser.add_argument("--width", type=int, default=1366)
    parser.add_argument("--height", type=int, default=768)
    parser.add_argument("--inside", action="store_true", help="also list the pages with a box scrolling inside")
    parser.add_argument("--screenshots", type=Path, help="a folder for a screenshot of each page listed")
    parser.add_argument("--only", action="append", help="measure only the URLs holding this text")
    args = parser.parse_args()
    setup_django()
    from django.conf import settings
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.test.testcases import LiveServerThread
    from django.test.utils import override_settings
    from playwright.sync_api import sync_playwright

    from amity.core.testing import launch_chromium, layout_problems

    users = args.user or ["haiphong-editor", "vufo-admin"]
    languages = args.language or ["ru", "zh-hans", "vi"]
    began, began_cpu = time.perf_counter(), time.process_time()
    counts: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    details: list[str] = []
    inside: list[str] = []
    with override_settings(ALLOWED_HOSTS=["testserver", "127.0.0.1"], DEBUG=False):
        server = LiveServerThread("127.0.0.1", StaticFilesHandler)
        server.daemon = True
        server.start()
        server.is_ready.wait()
        if server.error:
            raise server.error
        base = f"http://127.0.0.1:{server.port}"
        try:
            walked = {username: walked_pages(username, args.per_view) for username in users}  # before Playwright's loop
            with sync_playwright() as p:
                browser = launch_chromium(p)
                for username, (urls, session) in walked.items():
                    for language in languages:
                        context = browser.new_context(viewport={"width": args.width, "height": args.height})
                        context.add_cookies(
                            [
                                {"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base},
                                {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base},
                            ]
                        )
                        page = context.new_page()
                        page.set_default_timeout(30_000)
                        tally = counts[(username, language)]
                        for url in [u for u in urls if not args.only or any(t in u for t in args.only)]:
                            page.goto(base + url)
                            if "/login/" in page.url or page.locator("html").get_attribute("lang") != language:
                                raise SystemExit(
                                    f"{url} opened {page.url} in {page.locator('html').get_attribute('lang')}"
                                )
                            wait_for_widgets(page)
                            found = layout_problems(page)
                            tally["pages"] += 1
                            tally["sideways"] += found["sideways"]
                            tally["cut"] += bool(found["cut"])
                            tally["inside"] += bool(found["scrolledInside"])
                            listed = found["sideways"] or found["cut"] or (args.inside and found["scrolledInside"])
                            if args.screenshots and listed:
                                args.screenshots.mkdir(parents=True, exist_ok=True)
                                name = f"{username}-{language}-{url.strip('/').replace('/', '-').replace('?', '-')}.png"
                                page.screenshot(path=str(args.screenshots / name[:150]))
                            if found["scrolledInside"]:
                                inside.append(
                                    f"{username:16} {language:8} {url}: {'; '.join(found['scrolledInside'])[:300]}"
                                )
                            if found["sideways"] or found["cut"]:
                                details.append(
                                    f"{username:16} {language:8} {url}\n"
                                    + (
                                        f"    scrolls sideways: {found['scrollWidth']} px > {found['clientWidth']} px; "
                                        f"too wide: {'; '.join(found['wide'])}\n"
                                        if found["sideways"]
                                        else ""
                                    )
                                    + (f"    cut off: {'; '.join(found['cut'])}\n" if found["cut"] else "")
                                )
                        context.close()
                browser.close()
        finally:
            server.terminate()
    print("\n".join(details))
    if args.inside:
        print("Pages with a box scrolling sideways inside them:\n" + "\n".join(inside))
    print(f"\nScreens at {args.width}×{args.height} (walk: at most {args.per_view} URL(s) per view):")
    print(f"{'user':18} {'language':9} {'pages':>6} {'sideways':>9} {'header cut':>11} {'box scrolls':>12}")
    for (username, language), tally in counts.items():
        print(
            f"{username:18} {language:9} {tally['pages']:6d} {tally['sideways']:9d} {tally['cut']:11d}"
            f" {tally['inside']:12d}"
        )
    print(
        f"\nWall {time.perf_counter() - began:.0f} s; CPU of the Python process {time.process_time() - began_cpu:.0f} s;"
        f" load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )


if __name__ == "__main__":
    main()

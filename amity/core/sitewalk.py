"""Walk the screens as a user does: from the menu, following every link a page shows.

The link-graph test uses it to find screens no page links to, and ``bench/page_times.py`` to time
every page a user can reach. Links are ``<a href>``, ``hx-get`` and form actions (a form posting to
a screen links it, but only GET pages are followed). At most ``per_view`` URLs of one view are
followed (one organisation's page stands for all of them), so the walk stays bounded.
"""

import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html import unescape
from urllib.parse import urldefrag, urlsplit

from django.urls import Resolver404, get_resolver, resolve

_LINK = re.compile(r"""\b(href|hx-get|action)\s*=\s*["']([^"']*)["']""", re.IGNORECASE)
#: Views never followed: they leave the site, log out, switch language or download a file.
NOT_FOLLOWED = frozenset(
    {"logout", "set_language", "admin:index", "api-docs", "api-schema", "reports:renderjob_download"}
)
#: Query parameters whose links are downloads, not pages.
DOWNLOAD_PARAMS = ("export=", "format=ics", "download=")


@dataclass
class Walk:
    """What a walk found: each view's URLs seen, the URLs visited, and the time each page took."""

    linked: dict[str, set[str]] = field(default_factory=dict)  # view name -> URLs linked
    visited: dict[str, int] = field(default_factory=dict)  # URL -> status code
    seconds: dict[str, float] = field(default_factory=dict)  # URL -> server time of the GET
    errors: list[str] = field(default_factory=list)


def view_name(url: str) -> str | None:
    """The namespaced view name of a local URL, or None for what is not one of our screens."""
    path = urlsplit(url).path
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


def links(html: str, base: str) -> Iterable[tuple[str, bool]]:
    """Local URLs named in a page (absolute paths and query strings relative to ``base``), each
    with whether a GET may follow it (a form's action may take only a POST)."""
    for attribute, raw in _LINK.findall(html):
        url = urldefrag(unescape(raw).strip())[0]
        if not url or url.startswith(("http:", "https:", "mailto:", "tel:", "javascript:", "//", "data:")):
            continue
        if url.startswith("?"):
            url = urlsplit(base).path + url
        if url.startswith("/") and not url.startswith(("/static/", "/media/")):
            yield url, attribute.lower() != "action"


def walk(
    client,
    *,
    start: Iterable[str] = ("/",),
    per_view: int = 2,
    limit: int = 2000,
    on_page: Callable[[str, object], None] | None = None,
    also: Iterable[str] = (),
) -> Walk:
    """Follow links breadth-first from ``start`` with the logged-in ``client``; the URLs in
    ``also`` are followed whenever a page links them, beyond ``per_view``."""
    also = set(also)
    result = Walk()
    queue = list(start)
    seen_urls: set[str] = set(queue)
    followed_per_view: dict[str, int] = {}
    while queue and len(result.visited) < limit:
        url = queue.pop(0)
        began = time.perf_counter()
        response = client.get(url)
        result.seconds[url] = time.perf_counter() - began
        result.visited[url] = response.status_code
        if response.status_code >= 500:
            result.errors.append(f"{url}: {response.status_code}")
        if on_page is not None:
            on_page(url, response)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        for link, followable in links(response.content.decode(), url):
            name = view_name(link)
            if name is None:
                continue
            result.linked.setdefault(name, set()).add(link)
            if (
                not followable
                or link in seen_urls
                or name in NOT_FOLLOWED
                or any(p in link for p in DOWNLOAD_PARAMS)
                or (followed_per_view.get(name, 0) >= per_view and link not in also)
            ):
                continue
            seen_urls.add(link)
            followed_per_view[name] = followed_per_view.get(name, 0) + 1
            queue.append(link)
    return result


def screen_view_names(namespaces: Iterable[str] | None = None) -> set[str]:
    """Every named URL pattern of the screens (not the API, admin or i18n), namespaced."""
    names: set[str] = set()

    def collect(resolver, prefix: str, route: str) -> None:
        for pattern in resolver.url_patterns:
            if hasattr(pattern, "url_patterns"):
                ns = pattern.namespace
                collect(pattern, f"{prefix}{ns}:" if ns else prefix, route + str(pattern.pattern))
            elif pattern.name:
                names.add(f"{prefix}{pattern.name}")

    collect(get_resolver(), "", "")
    skipped = ("admin:", "api-", "djdt:")
    found = {n for n in names if not n.startswith(skipped) and "-api:" not in n}
    if namespaces is not None:
        wanted = tuple(f"{ns}:" for ns in namespaces)
        found = {n for n in found if n.startswith(wanted) or ":" not in n}
    return found

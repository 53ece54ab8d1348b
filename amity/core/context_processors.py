"""Navigation built from each app's ``navigation.MENU``, one drop-down per app."""

from functools import lru_cache

from django.apps import apps
from django.template.loader import render_to_string
from django.urls import get_resolver, get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

from amity.core.discovery import app_modules


@lru_cache(maxsize=8)
def _menu(_resolver, _prefix: str) -> tuple[tuple, ...]:
    """(title, order, ((title, url), ...)) of each app's drop-down, in their order: reversed once
    per URL configuration and script prefix (the arguments), not at every page. The titles stay
    lazy, so each page shows them in its own language."""
    groups = []
    for label, module in app_modules("navigation"):
        items = tuple((title, reverse(url_name)) for title, url_name in module.MENU)
        groups.append((apps.get_app_config(label).verbose_name, getattr(module, "ORDER", 100), items))
    return tuple(sorted(groups, key=lambda group: group[1]))


@lru_cache(maxsize=128)
def _menu_html(resolver, prefix: str, _language: str, active: tuple[bool, ...]) -> str:
    """The drop-downs' HTML with the groups ``active`` marked open: the same for every user, so
    written once a process per language (the argument the titles are translated in) and open group,
    not at every page (a page's template spent about a fifth of its time on its 40 links)."""
    menu = [
        {"title": title, "items": [{"title": t, "url": url} for t, url in items], "active": is_active}
        for (title, _order, items), is_active in zip(_menu(resolver, prefix), active, strict=True)
    ]
    return render_to_string("core/_main_menu.html", {"main_menu": menu})


def navigation(request):
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    resolver, prefix = get_resolver(get_urlconf()), get_script_prefix()
    active = tuple(
        any(request.path.startswith(url) for _title, url in items) for _title, _order, items in _menu(resolver, prefix)
    )
    return {"main_menu_html": _menu_html(resolver, prefix, get_language(), active)}

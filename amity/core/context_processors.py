"""Navigation built from each app's ``navigation.MENU``, one drop-down per app."""

from functools import lru_cache

from django.apps import apps
from django.urls import get_resolver, get_script_prefix, get_urlconf, reverse

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


def navigation(request):
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    menu = []
    for title, order, items in _menu(get_resolver(get_urlconf()), get_script_prefix()):
        menu.append(
            {
                "title": title,
                "items": [{"title": item_title, "url": url} for item_title, url in items],
                "active": any(request.path.startswith(url) for _title, url in items),
                "order": order,
            }
        )
    return {"main_menu": menu}

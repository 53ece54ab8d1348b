"""Navigation built from each app's ``navigation.MENU``, one drop-down per app."""

from django.apps import apps
from django.urls import reverse

from amity.core.discovery import app_modules


def navigation(request):
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    menu = []
    for label, module in app_modules("navigation"):
        items = [{"title": title, "url": reverse(url_name)} for title, url_name in module.MENU]
        active = any(request.path.startswith(item["url"]) for item in items)
        order = getattr(module, "ORDER", 100)
        menu.append(
            {"title": apps.get_app_config(label).verbose_name, "items": items, "active": active, "order": order}
        )
    return {"main_menu": sorted(menu, key=lambda group: group["order"])}

"""Navigation built from each app's ``navigation.MENU``."""

from django.urls import reverse

from amity.core.discovery import app_modules


def navigation(request):
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    menu = []
    for _label, module in app_modules("navigation"):
        for title, url_name in module.MENU:
            menu.append(
                {"title": title, "url": reverse(url_name), "active": request.path.startswith(reverse(url_name))}
            )
    return {"main_menu": menu}
